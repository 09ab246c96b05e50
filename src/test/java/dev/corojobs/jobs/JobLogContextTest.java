package dev.corojobs.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.corojobs.jobs.store.JobCodec;
import dev.corojobs.jobs.store.StoreNotifications;
import dev.corojobs.jobs.store.StoreProperties;
import dev.corojobs.jobs.store.TestPostgres;
import dev.corojobs.runtime.StacklessCoroutine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every log line written while a job runs carries its id and type in the MDC, and so in the JSON logs; run hooks
 * wrap each run with the trace context kept in the store; the queue wait and the oldest queued job are reported.
 * On a real store (the test JVM's PostgreSQL, emptied before each test).
 */
class JobLogContextTest {

    private static final String WORK_LOGGER = "dev.corojobs.jobs.test.LoggingWork";

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final ScriptedJobTypes types = new ScriptedJobTypes("logging", "counting");
    private final List<StoreNotifications> listening = new ArrayList<>();
    private Logger root;
    private JobService jobs;

    @BeforeEach
    void capture() {
        TestPostgres.reset();
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void release() {
        root.detachAppender(captured);
        if (jobs != null) {
            jobs.stop();
        }
        listening.forEach(StoreNotifications::close);
    }

    private JobService service(int concurrency, List<JobObserver> observers, List<JobRunHook> hooks) {
        StoreProperties store = new StoreProperties(Duration.ofSeconds(30), Duration.ofSeconds(10),
                Duration.ofMillis(100), DataSize.ofMegabytes(16),
                new StoreProperties.RetentionAges(Duration.ofHours(1), Duration.ofDays(7), Duration.ofDays(7)),
                Duration.ofMillis(100), 500, new StoreProperties.Embedded(Path.of("unused")));
        StoreNotifications notifications = TestPostgres.notifications();
        notifications.start();
        listening.add(notifications);
        return new JobService(new JobsProperties(concurrency, 16, 100, 3, Duration.ofSeconds(60), Duration.ofHours(1),
                Duration.ofMillis(100), Duration.ofMillis(10), DataSize.ofMegabytes(1), 8),
                store, types.types(), TestPostgres.store(1_000_000), new JobCodec(JsonMapper.builder().build()),
                notifications, observers, hooks);
    }

    private JobService started(List<JobObserver> observers, List<JobRunHook> hooks) {
        jobs = service(2, observers, hooks);
        jobs.start();
        return jobs;
    }

    @Test
    void linesOfTheWorkAndOfTheWorkerNameTheJobTheyWereWrittenFor() {
        started(List.of(), List.of());

        JobSnapshot logging = jobs.submit(types.of("logging", () -> new LoggingWork(3))).job();
        JobSnapshot failing = jobs.submit(types.of("counting", () -> CountingWork.failingAt(2))).job();
        assertThat(jobs.await(logging.id(), Duration.ofSeconds(10)).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(jobs.await(failing.id(), Duration.ofSeconds(10)).orElseThrow().state()).isEqualTo(JobState.FAILED);

        List<ILoggingEvent> workLines = linesOf(WORK_LOGGER);
        assertThat(workLines).hasSize(3).allSatisfy(line -> assertThat(line.getMDCPropertyMap())
                .containsEntry("job.id", logging.id().toString())
                .containsEntry("job.type", "logging"));

        List<ILoggingEvent> failureLines = linesOf(JobRunner.class.getName()).stream()
                .filter(line -> line.getFormattedMessage().contains(failing.id().toString())).toList();
        assertThat(failureLines).hasSize(1).allSatisfy(line -> assertThat(line.getMDCPropertyMap())
                .containsEntry("job.id", failing.id().toString())
                .containsEntry("job.type", "counting"));
    }

    @Test
    void theWorkerClearsTheJobFromItsContextAfterTheRun() {
        List<String> afterRun = new CopyOnWriteArrayList<>();
        started(List.of(new JobObserver() {
            @Override
            public void finished(String type, JobState outcome, Duration ran) {
                afterRun.add(MDC.get("job.id") + "/" + MDC.get("job.type"));
            }
        }), List.of());
        JobSnapshot job = jobs.submit(types.of("logging", () -> new LoggingWork(2))).job();

        assertThat(jobs.await(job.id(), Duration.ofSeconds(10)).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(linesOf(WORK_LOGGER)).hasSize(2)
                .allSatisfy(line -> assertThat(line.getMDCPropertyMap()).containsEntry("job.id", job.id().toString()));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !afterRun.isEmpty());
        assertThat(afterRun).containsExactly("null/null");
    }

    @Test
    void hooksWrapTheRunWithTheTraceContextCapturedAtSubmitAndKeptInTheStore() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        List<String> seen = new CopyOnWriteArrayList<>();
        JobRunHook hook = new JobRunHook() {
            @Override
            public String captureTraceparent() {
                return traceparent;
            }

            @Override
            public Scope running(JobRun run) {
                seen.add("open " + run.id() + " " + run.type() + " " + run.traceparent() + " " + MDC.get("job.id"));
                return (outcome, error) -> seen.add("close " + outcome + " " + (error == null ? null : error.type()));
            }
        };
        started(List.of(), List.of(hook));
        JobSnapshot ok = jobs.submit(types.of("logging", () -> new LoggingWork(1))).job();
        assertThat(jobs.await(ok.id(), Duration.ofSeconds(10)).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
        assertThat(seen).containsExactly("open " + ok.id() + " logging " + traceparent + " " + ok.id(),
                "close SUCCEEDED null");
        assertThat(TestPostgres.store(1_000_000).find(ok.id()).orElseThrow().traceparent()).isEqualTo(traceparent);

        seen.clear();
        String given = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        JobSubmission scripted = types.submission("counting", "{\"fail\":1}", () -> CountingWork.failingAt(1), null, null);
        JobSnapshot failing = jobs.submit(new JobSubmission(scripted.type(), scripted.request(), null, null, null, null,
                given)).job();
        assertThat(jobs.await(failing.id(), Duration.ofSeconds(10)).orElseThrow().state()).isEqualTo(JobState.FAILED);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
        assertThat(seen.getFirst()).contains(given);
        assertThat(seen.getLast()).isEqualTo("close FAILED " + JobError.JOB_FAILED);
    }

    @Test
    void theQueueWaitIsObservedWhenAJobStartsAndTheOldestQueuedJobIsKnown() {
        List<String> starts = new CopyOnWriteArrayList<>();
        JobService idle = service(1, List.of(new JobObserver() {
            @Override
            public void started(String type, Duration queued) {
                starts.add(type + " " + (queued.isNegative() ? "negative" : "ok"));
            }
        }), List.of());
        jobs = idle;
        assertThat(idle.oldestQueuedSince()).isEmpty();
        Instant before = Instant.now().minusSeconds(5);
        JobSnapshot queued = idle.submit(types.of("logging", () -> new LoggingWork(1))).job();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> idle.oldestQueuedSince().isPresent());
        Optional<Instant> oldest = idle.oldestQueuedSince();
        assertThat(oldest.orElseThrow()).isAfter(before).isBefore(Instant.now().plusSeconds(5));
        assertThat(starts).isEmpty();

        idle.start();
        assertThat(idle.await(queued.id(), Duration.ofSeconds(10)).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(starts).containsExactly("logging ok");
    }

    @Test
    void ecsJsonLinesCarryTheJobIdAndType() {
        started(List.of(), List.of());
        JobSnapshot logging = jobs.submit(types.of("logging", () -> new LoggingWork(1))).job();
        jobs.await(logging.id(), Duration.ofSeconds(10));

        LoggerContext context = new LoggerContext();
        context.putObject(Environment.class.getName(), new StandardEnvironment());
        StructuredLogEncoder ecs = new StructuredLogEncoder();
        ecs.setContext(context);
        ecs.setFormat("ecs");
        ecs.start();
        String line = new String(ecs.encode(linesOf(WORK_LOGGER).getFirst()), StandardCharsets.UTF_8);

        JsonNode json = JsonMapper.builder().build().readTree(line);
        assertThat(json.path("message").asString()).isEqualTo("step 1 of 1");
        assertThat(json.path("job").path("id").asString()).as(line).isEqualTo(logging.id().toString());
        assertThat(json.path("job").path("type").asString()).as(line).isEqualTo("logging");
    }

    private List<ILoggingEvent> linesOf(String logger) {
        return captured.list.stream().filter(line -> line.getLoggerName().equals(logger)).toList();
    }

    /** Logs one line per step, for {@code steps} steps. */
    private static final class LoggingWork extends StacklessCoroutine<Object, Map<String, Object>, Object> implements JobWork {

        private static final org.slf4j.Logger log = LoggerFactory.getLogger(WORK_LOGGER);
        private final int steps;
        private int done;

        LoggingWork(int steps) {
            this.steps = steps;
        }

        @Override
        protected void step(Object sent) {
            if (done == steps) {
                finish(Map.of("logged", done));
                return;
            }
            done++;
            log.info("step {} of {}", done, steps);
            yieldValue(Map.of("logged", done));
        }
    }
}
