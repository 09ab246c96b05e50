package dev.corojobs.observability;

import dev.corojobs.jobs.JobError;
import dev.corojobs.jobs.JobRunHook;
import dev.corojobs.jobs.JobState;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * A span for each job run, linked to the span of the request that submitted the job. The link goes through
 * the W3C {@code traceparent} kept with the job rather than through the thread's context, so it holds when
 * another replica runs the job; the run is the root of its own trace, since the request ended long before.
 */
@Component
class JobTracing implements JobRunHook {

    static final String INSTRUMENTATION = "dev.corojobs.jobs";
    static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("job.id");
    static final AttributeKey<String> JOB_TYPE = AttributeKey.stringKey("job.type");
    static final AttributeKey<String> JOB_OUTCOME = AttributeKey.stringKey("job.outcome");

    /** The outcome of a run that stopped here without ending the job (lease lost, handed back). */
    static final String STOPPED = "stopped";

    private static final String TRACEPARENT = "traceparent";
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;

    JobTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
    }

    @Override
    public String captureTraceparent() {
        if (!Span.current().getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        W3C.inject(Context.current(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    @Override
    public JobRunHook.Scope running(JobRun run) {
        SpanBuilder builder = tracer.spanBuilder("job " + run.type())
                .setNoParent()
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(JOB_ID, run.id().toString())
                .setAttribute(JOB_TYPE, run.type());
        SpanContext submitter = submitter(run.traceparent());
        if (submitter.isValid()) {
            builder.addLink(submitter);
        }
        Span span = builder.startSpan();
        io.opentelemetry.context.Scope current = span.makeCurrent();
        return (outcome, error) -> {
            span.setAttribute(JOB_OUTCOME, outcome == null ? STOPPED : outcome.label());
            if (outcome == JobState.FAILED) {
                span.setStatus(StatusCode.ERROR, describe(error));
            }
            current.close();
            span.end();
        };
    }

    private static SpanContext submitter(String traceparent) {
        if (traceparent == null) {
            return SpanContext.getInvalid();
        }
        Context extracted = W3C.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP_GETTER);
        return Span.fromContext(extracted).getSpanContext();
    }

    private static String describe(JobError error) {
        if (error == null) {
            return "failed";
        }
        return Stream.of(error.title(), error.detail())
                .filter(part -> part != null && !part.isBlank())
                .reduce((title, detail) -> title + ": " + detail)
                .orElse("failed");
    }
}
