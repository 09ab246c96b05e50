package dev.corojobs.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corojobs.runtime.StacklessCoroutine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import dev.corojobs.jobs.store.JobCodec;
import dev.corojobs.jobs.store.StoreNotifications;
import dev.corojobs.jobs.store.StoreProperties;
import dev.corojobs.jobs.store.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.unit.DataSize;

/** Workers outlive the jobs they run, the heap budget admits jobs, and readiness tells the truth about both. */
class WorkerSurvivalTest {

    private final List<JobService> started = new ArrayList<>();
    private final List<StoreNotifications> listening = new ArrayList<>();
    private final ScriptedJobTypes types = new ScriptedJobTypes("test");

    @BeforeEach
    void emptyStore() {
        TestPostgres.reset();
    }

    @AfterEach
    void stop() {
        started.forEach(JobService::stop);
        listening.forEach(StoreNotifications::close);
    }

    private JobService service(int concurrency, HeapBudget budget) {
        StoreProperties store = new StoreProperties(Duration.ofSeconds(30), Duration.ofSeconds(10),
                Duration.ofMillis(100), DataSize.ofMegabytes(16),
                new StoreProperties.RetentionAges(Duration.ofHours(1), Duration.ofDays(7), Duration.ofDays(7)),
                Duration.ofMillis(100), 500, new StoreProperties.Embedded(Path.of("unused")));
        StoreNotifications notifications = TestPostgres.notifications();
        notifications.start();
        listening.add(notifications);
        JobService service = new JobService(new JobsProperties(concurrency, 16, 100, 3,
                Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofMillis(100), Duration.ofMillis(10),
                DataSize.ofMegabytes(1), 8),
                store, types.types(), TestPostgres.store(1_000_000), new JobCodec(JsonMapper.builder().build()),
                notifications, List.of(), budget);
        service.start();
        started.add(service);
        return service;
    }

    private JobSnapshot run(JobService jobs, JobWork work) {
        return jobs.await(jobs.submit(types.of("test", () -> work)).job().id(), Duration.ofSeconds(10))
                .orElseThrow();
    }

    /** Throws {@code error} at its first step. */
    private static final class Throwing extends StacklessCoroutine<Object, Map<String, Object>, Object> implements JobWork {
        private final Error error;
        private final long budget;

        Throwing(Error error, long budget) {
            this.error = error;
            this.budget = budget;
        }

        @Override
        protected void step(Object sent) {
            throw error;
        }

        @Override
        public long memoryBudget() {
            return budget;
        }
    }

    @Test
    void anOutOfMemoryErrorFailsItsJobWithAProblemAndTheWorkerRunsTheNextJob() {
        JobService jobs = service(1, HeapBudget.unlimited());

        JobSnapshot failed = run(jobs, new Throwing(new OutOfMemoryError("Java heap space"), 0));

        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error().type()).isEqualTo(JobError.OUT_OF_MEMORY);
        assertThat(failed.error().detail()).contains("OutOfMemoryError", "Java heap space");
        assertThat(run(jobs, CountingWork.quick(3)).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(jobs.workerStatus().alive()).isEqualTo(1);
        assertThat(jobs.workerStatus().replaced()).isZero();
    }

    @Test
    void aStackOverflowFailsOnlyItsJob() {
        JobService jobs = service(1, HeapBudget.unlimited());

        JobSnapshot failed = run(jobs, new Throwing(new StackOverflowError(), 0));

        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error().properties()).containsEntry("exception", "StackOverflowError");
        assertThat(run(jobs, CountingWork.quick(3)).state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void aJobThatCanNeverFitTheHeapBudgetFailsWithoutRunning() {
        JobService jobs = service(1, new HeapBudget(100));

        JobSnapshot tooBig = run(jobs, new Throwing(new AssertionError("must not run"), 101));

        assertThat(tooBig.state()).isEqualTo(JobState.FAILED);
        assertThat(tooBig.error().type()).isEqualTo(HeapBudget.OVER_HEAP_BUDGET);
        assertThat(tooBig.error().detail()).contains("101 bytes", "100 bytes");
        assertThat(run(jobs, CountingWork.quick(3).withMemoryBudget(100)).state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void readinessIsDownWithoutLiveWorkersOrWhenTheQueueStalls() {
        Instant start = Instant.parse("2026-12-02T10:00:00Z");
        AtomicReference<WorkerStatus> status = new AtomicReference<>(new WorkerStatus(2, 2, 0, 0, start, 0));
        AtomicReference<Instant> now = new AtomicReference<>(start.plusSeconds(3600));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        JobWorkersHealth health = new JobWorkersHealth(status::get, Duration.ofMinutes(5), clock);

        assertThat(health.health().getStatus()).as("idle for an hour, nothing queued").isEqualTo(Status.UP);

        status.set(new WorkerStatus(2, 2, 2, 3, start, 0));
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails().get("reason").toString()).contains("3 jobs wait", "3600 s");

        now.set(start.plusSeconds(299));
        assertThat(health.health().getStatus()).as("queue moved 299 s ago").isEqualTo(Status.UP);

        status.set(new WorkerStatus(2, 0, 0, 0, start, 2));
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails()).containsEntry("reason", "no job worker is alive");
    }

    @Test
    void aLiveServiceReportsItsWorkers() {
        JobService jobs = service(2, HeapBudget.unlimited());
        await().until(() -> jobs.workerStatus().alive() == 2);
        WorkerStatus status = jobs.workerStatus();
        assertThat(status.size()).isEqualTo(2);
        assertThat(status.busy()).isZero();
        assertThat(status.queued()).isZero();
    }
}
