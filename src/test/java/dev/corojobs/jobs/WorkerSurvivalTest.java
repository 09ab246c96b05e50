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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.unit.DataSize;

/** Workers outlive the jobs they run, the heap budget admits jobs, and readiness tells the truth about both. */
class WorkerSurvivalTest {

    private final List<JobService> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(JobService::stop);
    }

    private JobService service(int concurrency, HeapBudget budget) {
        JobService service = new JobService(new JobsProperties(concurrency, 16, 100, Duration.ofHours(1),
                Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofMillis(10), DataSize.ofMegabytes(1), 8),
                List.of(), Clock.systemUTC(), budget);
        service.start();
        started.add(service);
        return service;
    }

    private static JobSnapshot run(JobService jobs, JobWork work) {
        return jobs.await(jobs.submit(JobSubmission.of("test", () -> work)).job().id(), Duration.ofSeconds(10))
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
        assertThat(failed.error().getType()).isEqualTo(JobProblems.OUT_OF_MEMORY);
        assertThat(failed.error().getDetail()).contains("OutOfMemoryError", "Java heap space");
        assertThat(run(jobs, CountingWork.quick(3)).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(jobs.workerStatus().alive()).isEqualTo(1);
        assertThat(jobs.workerStatus().replaced()).isZero();
    }

    @Test
    void aStackOverflowFailsOnlyItsJob() {
        JobService jobs = service(1, HeapBudget.unlimited());

        JobSnapshot failed = run(jobs, new Throwing(new StackOverflowError(), 0));

        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error().getProperties()).containsEntry("exception", "StackOverflowError");
        assertThat(run(jobs, CountingWork.quick(3)).state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void aWorkerThatDiesAnywayIsReplacedAndItsJobDoesNotStayRunning() {
        JobService jobs = service(1, HeapBudget.unlimited());
        CountingWork blocker = CountingWork.endless();
        JobSnapshot blocking = jobs.submit(JobSubmission.of("test", () -> blocker)).job();
        await().until(() -> blocker.counted() > 0);
        JobSnapshot victim = jobs.submit(JobSubmission.of("test", () -> CountingWork.quick(3))).job();
        // a listener that throws an Error whenever the job moves: it breaks the worker's own bookkeeping
        jobs.subscribe(victim.id(), snapshot -> {
            if (snapshot.state() != JobState.QUEUED) {
                throw new AssertionError("listener broken on purpose");
            }
        });

        jobs.cancel(blocking.id());

        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.workerStatus().replaced() == 1);
        assertThat(jobs.find(victim.id()).orElseThrow().state()).isEqualTo(JobState.FAILED);
        await().until(() -> jobs.workerStatus().alive() == 1);
        assertThat(run(jobs, CountingWork.quick(3)).state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void aJobWaitsQueuedUntilItsBudgetFitsAndOneThatCanNeverFitFails() {
        JobService jobs = service(2, new HeapBudget(100));
        CountingWork big = CountingWork.endless().withMemoryBudget(70);
        CountingWork alsoBig = CountingWork.quick(3).withMemoryBudget(60);
        JobSnapshot first = jobs.submit(JobSubmission.of("test", () -> big)).job();
        await().until(() -> big.counted() > 0);
        JobSnapshot second = jobs.submit(JobSubmission.of("test", () -> alsoBig)).job();

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> jobs.find(second.id()).orElseThrow().state() == JobState.QUEUED);
        assertThat(alsoBig.counted()).isZero();

        jobs.cancel(first.id());
        assertThat(jobs.await(second.id(), Duration.ofSeconds(10)).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);

        JobSnapshot tooBig = run(jobs, new Throwing(new AssertionError("must not run"), 101));
        assertThat(tooBig.state()).isEqualTo(JobState.FAILED);
        assertThat(tooBig.error().getType()).isEqualTo(HeapBudget.OVER_HEAP_BUDGET);
        assertThat(tooBig.error().getDetail()).contains("101 bytes", "100 bytes");
    }

    @Test
    void aQueuedJobWaitingForBudgetCanBeCancelled() {
        JobService jobs = service(2, new HeapBudget(100));
        CountingWork big = CountingWork.endless().withMemoryBudget(100);
        CountingWork waiting = CountingWork.quick(3).withMemoryBudget(1);
        JobSnapshot first = jobs.submit(JobSubmission.of("test", () -> big)).job();
        await().until(() -> big.counted() > 0);
        JobSnapshot second = jobs.submit(JobSubmission.of("test", () -> waiting)).job();
        await().until(() -> jobs.workerStatus().queued() == 0);

        assertThat(jobs.cancel(second.id()).orElseThrow().job().state()).isEqualTo(JobState.CANCELLED);
        jobs.cancel(first.id());

        assertThat(run(jobs, CountingWork.quick(2)).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(waiting.counted()).isZero();
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
