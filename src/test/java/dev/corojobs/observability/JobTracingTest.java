package dev.corojobs.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corojobs.ApiTest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Traces through Spring Boot's OpenTelemetry support, caught by an in-memory exporter: the submit request's
 * server span, and the job run's span linked to it with the job's id and type.
 */
@ApiTest
class JobTracingTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    InMemorySpanExporter spans;

    @Autowired
    RestTestClient http;

    @Autowired
    ApplicationContext context;

    @Test
    void aJobRunIsASpanLinkedToTheRequestThatSubmittedIt() {
        String id = submit("{\"example\": \"seed\"}", "SUCCEEDED");

        SpanData run = awaitRunSpan(id);
        assertThat(run.getName()).isEqualTo("job scheduler-simulation");
        assertThat(run.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(run.getAttributes().get(JobTracing.JOB_TYPE)).isEqualTo("scheduler-simulation");
        assertThat(run.getAttributes().get(JobTracing.JOB_OUTCOME)).isEqualTo("succeeded");
        assertThat(run.getParentSpanContext().isValid()).as("the run starts its own trace").isFalse();
        assertThat(run.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);

        assertThat(run.getLinks()).hasSize(1);
        LinkData link = run.getLinks().getFirst();
        // the link names the span current in the controller: the request's SERVER span or one inside its trace
        // (Spring Security observes its filters as spans of their own)
        SpanData submit = await("the submit request's span").atMost(Duration.ofSeconds(10)).until(
                () -> find(span -> span.getTraceId().equals(link.getSpanContext().getTraceId())
                        && span.getKind() == SpanKind.SERVER), Optional::isPresent)
                .orElseThrow();
        assertThat(find(span -> span.getSpanId().equals(link.getSpanContext().getSpanId()))).isPresent();
        assertThat(submit.getTraceId()).isNotEqualTo(run.getTraceId());
        assertThat(submit.getName()).containsIgnoringCase("post");
        assertThat(submit.getAttributes().asMap().values()).anySatisfy(value ->
                assertThat(String.valueOf(value)).contains("/api/v1/jobs/scheduler-simulations"));
    }

    @Test
    void aFailedRunIsAnErrorSpan() {
        String id = submit("{\"example\": \"deadlock\"}", "FAILED");

        SpanData run = awaitRunSpan(id);
        assertThat(run.getAttributes().get(JobTracing.JOB_OUTCOME)).isEqualTo("failed");
        assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(run.getStatus().getDescription()).isNotBlank();
    }

    @Test
    void nothingLeavesTheProcessByDefault() {
        assertThat(beanTypes(SpanExporter.class)).containsExactly(InMemorySpanExporter.class.getName());
        assertThat(beanTypes(LogRecordExporter.class)).isEmpty();
        assertThat(beanTypes(MeterRegistry.class)).isNotEmpty().noneMatch(type -> type.contains("Otlp"));
    }

    private List<String> beanTypes(Class<?> type) {
        return Arrays.stream(context.getBeanNamesForType(type)).map(name -> context.getType(name).getName()).toList();
    }

    private String submit(String body, String state) {
        Map<String, Object> job = http.post().uri("/api/v1/jobs/scheduler-simulations?wait=PT20S")
                .contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange().returnResult(JSON).getResponseBody();
        assertThat(job).containsEntry("state", state);
        return (String) job.get("id");
    }

    private SpanData awaitRunSpan(String id) {
        return await("the span of job " + id).atMost(Duration.ofSeconds(10)).until(
                () -> find(span -> id.equals(span.getAttributes().get(JobTracing.JOB_ID))), Optional::isPresent)
                .orElseThrow();
    }

    private Optional<SpanData> find(java.util.function.Predicate<SpanData> matching) {
        return spans.getFinishedSpanItems().stream().filter(matching).findFirst();
    }
}
