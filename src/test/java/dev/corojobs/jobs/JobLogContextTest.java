package dev.corojobs.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.corojobs.runtime.StacklessCoroutine;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every log line written while a job runs carries its id and type in the MDC, and so in the JSON logs. */
class JobLogContextTest {

    private static final String WORK_LOGGER = "dev.corojobs.jobs.test.LoggingWork";

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Logger root;
    private JobService jobs;

    @BeforeEach
    void capture() {
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
    }

    @Test
    void linesOfTheWorkAndOfTheWorkerNameTheJobTheyWereWrittenFor() {
        jobs = new JobService(JobsProperties.defaults(), List.of(), Clock.systemUTC());
        jobs.start();

        JobSnapshot logging = jobs.submit(JobSubmission.of("logging", () -> new LoggingWork(3))).job();
        JobSnapshot failing = jobs.submit(JobSubmission.of("counting", () -> CountingWork.failingAt(2))).job();
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
        JobRunner runner = new JobRunner(Clock.systemUTC(), Duration.ofMillis(100), List.of());
        UUID id = UUID.randomUUID();
        Job job = new Job(id, 1, "logging", null, null, new LoggingWork(2), null, Clock.systemUTC().instant(), null,
                (j, from, to) -> { });

        assertThat(runner.run(job)).isEqualTo(JobState.SUCCEEDED);

        assertThat(linesOf(WORK_LOGGER)).hasSize(2)
                .allSatisfy(line -> assertThat(line.getMDCPropertyMap()).containsEntry("job.id", id.toString()));
        assertThat(MDC.get("job.id")).isNull();
        assertThat(MDC.get("job.type")).isNull();
    }

    @Test
    void ecsJsonLinesCarryTheJobIdAndType() {
        jobs = new JobService(JobsProperties.defaults(), List.of(), Clock.systemUTC());
        jobs.start();
        JobSnapshot logging = jobs.submit(JobSubmission.of("logging", () -> new LoggingWork(1))).job();
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
