package dev.corojobs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corojobs.jobs.CountingWork;
import dev.corojobs.jobs.JobService;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

/** One worker and a one-place queue, so the queue fills; then the service shuts down under a running job. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "corojobs.jobs.concurrency=1", "corojobs.jobs.queue-capacity=1", "corojobs.jobs.shutdown-grace=200ms",
        "corojobs.jobs.max-waiting-submissions=0"})
@AutoConfigureRestTestClient
@Import(CountingJobType.class)
@DirtiesContext
class JobsBackpressureApiTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    RestTestClient client;

    @Autowired
    JobService jobs;

    private EntityExchangeResult<Map<String, Object>> submit(Object body) {
        return submit(body, "");
    }

    private EntityExchangeResult<Map<String, Object>> submit(Object body, String query) {
        return client.post().uri("/api/v1/jobs/counting-tests" + query).contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange().returnResult(JSON);
    }

    @Test
    void aFullQueueAnswers429WithRetryAfterAndShutdownAnswers503AndHandsWhatIsLeftBackAfterTheGrace() {
        EntityExchangeResult<Map<String, Object>> notWaited = submit(Map.of("steps", 1_000_000, "stepMillis", 1), "?wait=PT30S");
        assertThat(notWaited.getStatus()).as("no waiting slot: answered at once").isEqualTo(HttpStatus.ACCEPTED);
        String running = (String) notWaited.getResponseBody().get("id");
        CountingWork work = (CountingWork) await().atMost(10, TimeUnit.SECONDS)
                .until(() -> jobs.work(UUID.fromString(running)), java.util.Optional::isPresent).orElseThrow();
        await().atMost(10, TimeUnit.SECONDS).until(() -> work.counted() > 0);
        String queued = (String) submit(Map.of("steps", 1)).getResponseBody().get("id");

        EntityExchangeResult<Map<String, Object>> full = submit(Map.of("steps", 1));

        assertThat(full.getStatus()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(full.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(full.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat((String) full.getResponseBody().get("detail")).contains("queue is full");
        assertThat(scrape()).containsPattern(
                "corojobs_jobs_rejected_total\\{[^}]*reason=\"queue_full\",type=\"counting-test\"} 1\\.0");

        jobs.stop();

        EntityExchangeResult<Map<String, Object>> refused = submit(Map.of("steps", 1));
        assertThat(refused.getStatus()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
        assertThat(refused.getResponseBody()).containsEntry("title", "Shutting down");
        // both stay in the store for the next start (or another replica): the running one handed back
        assertThat(jobs.find(UUID.fromString(running)).orElseThrow().state().name()).isEqualTo("QUEUED");
        assertThat(jobs.find(UUID.fromString(queued)).orElseThrow().state().name()).isEqualTo("QUEUED");
        assertThat(work.cleanedUp()).isTrue();
        assertThat(jobs.isRunning()).isFalse();
    }

    private String scrape() {
        return client.get().uri("/actuator/prometheus").exchange().returnResult(String.class).getResponseBody();
    }
}
