package dev.corojobs.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import dev.corojobs.jobs.store.JobCodec;
import dev.corojobs.jobs.store.StoreNotifications;
import dev.corojobs.jobs.store.StoreProperties;
import dev.corojobs.jobs.store.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import dev.corojobs.runtime.StacklessCoroutine;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** The job service on a real store (the test JVM's PostgreSQL, emptied before each test). */
class JobServiceTest {

    private final List<JobService> started = new ArrayList<>();
    private final List<StoreNotifications> listening = new ArrayList<>();
    private final ScriptedJobTypes types = new ScriptedJobTypes("counting", "even", "odd", "a", "b");

    @BeforeEach
    void emptyStore() {
        TestPostgres.reset();
    }

    @AfterEach
    void stop() {
        started.forEach(JobService::stop);
        listening.forEach(StoreNotifications::close);
    }

    private JobService service(int concurrency, int queueCapacity, int retentionCount, Duration succeededKept,
            Duration grace, List<JobObserver> observers) {
        StoreProperties store = new StoreProperties(Duration.ofSeconds(30), Duration.ofSeconds(10),
                Duration.ofMillis(100), DataSize.ofMegabytes(16),
                new StoreProperties.RetentionAges(succeededKept, Duration.ofDays(7), Duration.ofDays(7)),
                Duration.ofMillis(100), 500, new StoreProperties.Embedded(Path.of("unused")));
        StoreNotifications notifications = TestPostgres.notifications();
        notifications.start();
        listening.add(notifications);
        JobService service = new JobService(new JobsProperties(concurrency, queueCapacity, retentionCount, 3,
                Duration.ofSeconds(60), Duration.ofHours(1), grace, Duration.ofMillis(10), DataSize.ofMegabytes(1), 8),
                store, types.types(), TestPostgres.store(1_000_000), new JobCodec(JsonMapper.builder().build()),
                notifications, observers);
        service.start();
        started.add(service);
        return service;
    }

    private JobService service() {
        return service(2, 16, 100, Duration.ofHours(1), Duration.ofMillis(100), List.of());
    }

    @Test
    void runsWorkToItsResultOnOneWorkerThread() {
        JobService jobs = service();
        CountingWork work = CountingWork.quick(50);

        JobSnapshot queued = jobs.submit(types.of("counting", () -> work)).job();
        JobSnapshot done = jobs.await(queued.id(), Duration.ofSeconds(10)).orElseThrow();

        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.result()).isEqualTo(Map.of("counted", 50));
        assertThat(done.progress()).containsEntry("counted", 50);
        assertThat(done.startedAt()).isNotNull();
        assertThat(done.finishedAt()).isAfterOrEqualTo(done.startedAt());
        assertThat(work.ranOnOneThread()).isTrue();
        assertThat(work.thread()).startsWith("corojobs-job-");
    }

    @Test
    void aStepThatThrowsFailsTheJobWithTheReasonAndTheServiceGoesOn() {
        JobService jobs = service();
        CountingWork failing = CountingWork.failingAt(3);

        JobSnapshot failed = jobs.await(jobs.submit(types.of("counting", () -> failing)).job().id(),
                Duration.ofSeconds(10)).orElseThrow();

        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error().type()).isEqualTo(JobError.JOB_FAILED);
        assertThat(failed.error().detail()).isEqualTo("counting failed at step 3");
        assertThat(failed.error().properties()).containsEntry("exception", "IllegalStateException");
        JobSnapshot next = jobs.await(jobs.submit(types.of("counting", () -> CountingWork.quick(3))).job().id(),
                Duration.ofSeconds(10)).orElseThrow();
        assertThat(next.state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void aStepThatThrowsAJobFailedExceptionChoosesTheJobsError() {
        JobService jobs = service();
        JobError deadlock = new JobError("deadlock", "Tasks deadlocked", 409, "task 4 waits for 7, 7 waits for 4",
                Map.of("cycles", List.of(List.of(4, 7))));
        final class Deadlocking extends StacklessCoroutine<Object, Map<String, Object>, Object> implements JobWork {
            @Override
            protected void step(Object sent) {
                throw new JobFailedException(deadlock, null);
            }
        }
        JobWork work = new Deadlocking();

        JobSnapshot failed = jobs.await(jobs.submit(types.of("counting", () -> work)).job().id(),
                Duration.ofSeconds(10)).orElseThrow();

        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).isEqualTo(deadlock);
    }

    @Test
    void aFinishedJobsWorkIsDiscardedOnceWhenItEnds() {
        JobService jobs = service();
        CountingWork work = CountingWork.quick(3);

        JobSnapshot done = jobs.await(jobs.submit(types.of("counting", () -> work)).job().id(),
                Duration.ofSeconds(10)).orElseThrow();

        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        await().until(() -> work.discarded() == 1);
        assertThat(jobs.work(done.id())).isEmpty();
    }

    @Test
    void cancellingARunningJobClosesItsWorkSoCleanupRuns() {
        JobService jobs = service();
        CountingWork endless = CountingWork.endless();
        JobSnapshot job = jobs.submit(types.of("counting", () -> endless)).job();
        await().until(() -> endless.counted() > 2);

        CancelOutcome outcome = jobs.cancel(job.id()).orElseThrow();

        assertThat(outcome).isInstanceOf(CancelOutcome.Cancelled.class);
        assertThat(outcome.job().state()).isEqualTo(JobState.CANCELLED);
        assertThat(endless.cleanedUp()).isTrue();
        assertThat(jobs.count("counting", JobState.CANCELLED)).isEqualTo(1);
        assertThat(jobs.count("counting", JobState.RUNNING)).isZero();
    }

    @Test
    void cancellingAQueuedJobNeverRunsItAndDeletingAFinishedJobRemovesIt() {
        JobService jobs = service(1, 16, 100, Duration.ofHours(1), Duration.ofMillis(100), List.of());
        CountingWork blocker = CountingWork.endless();
        jobs.submit(types.of("counting", () -> blocker));
        CountingWork waiting = CountingWork.quick(5);
        JobSnapshot queued = jobs.submit(types.of("counting", () -> waiting)).job();

        assertThat(jobs.cancel(queued.id()).orElseThrow().job().state()).isEqualTo(JobState.CANCELLED);
        assertThat(waiting.counted()).isZero();

        CancelOutcome removal = jobs.cancel(queued.id()).orElseThrow();
        assertThat(removal).isInstanceOf(CancelOutcome.Removed.class);
        assertThat(jobs.find(queued.id())).isEmpty();
        assertThat(jobs.cancel(queued.id())).isEmpty();
    }

    @Test
    void aFullQueueRejectsSubmissionsAndTellsObservers() {
        List<String> rejections = new CopyOnWriteArrayList<>();
        JobObserver observer = new JobObserver() {
            @Override
            public void rejected(String type, JobRejectedException.Reason reason) {
                rejections.add(type + ":" + reason.label());
            }
        };
        JobService jobs = service(1, 1, 100, Duration.ofHours(1), Duration.ofMillis(100), List.of(observer));
        CountingWork running = CountingWork.endless();
        jobs.submit(types.of("counting", () -> running));
        await().until(() -> running.counted() > 0);
        jobs.submit(types.of("counting", CountingWork::endless));
        CountingWork refused = CountingWork.quick(1);

        assertThatThrownBy(() -> jobs.submit(types.of("counting", () -> refused)))
                .isInstanceOfSatisfying(JobRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(JobRejectedException.Reason.QUEUE_FULL);
                    assertThat(e.retryAfter()).isPositive();
                });
        assertThat(refused.cleanedUp()).isFalse();
        assertThat(rejections).containsExactly("counting:queue_full");
    }

    @Test
    void keepsOnlyTheNewestFinishedJobsUpToTheRetentionCount() {
        JobService jobs = service(2, 64, 3, Duration.ofHours(1), Duration.ofMillis(100), List.of());
        List<JobSnapshot> submitted = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            JobSnapshot job = jobs.submit(types.of("counting", () -> CountingWork.quick(2))).job();
            jobs.await(job.id(), Duration.ofSeconds(10));
            submitted.add(job);
        }

        await().until(() -> jobs.list(null, null, null, 0, 100).totalItems() == 3);
        assertThat(jobs.list(null, null, null, 0, 100).items()).extracting(JobSnapshot::id)
                .containsExactly(submitted.get(7).id(), submitted.get(6).id(), submitted.get(5).id());
        assertThat(jobs.count("counting", JobState.SUCCEEDED)).isEqualTo(3);
    }

    @Test
    void forgetsSucceededJobsOlderThanTheirRetentionAge() {
        JobService jobs = service(1, 16, 100, Duration.ofMillis(1), Duration.ofMillis(100), List.of());
        JobSnapshot old = jobs.submit(types.of("counting", () -> CountingWork.quick(1))).job();
        JobSnapshot failed = jobs.submit(types.of("counting", () -> CountingWork.failingAt(1))).job();
        jobs.await(old.id(), Duration.ofSeconds(10));
        jobs.await(failed.id(), Duration.ofSeconds(10));

        await().until(() -> jobs.find(old.id()).isEmpty());
        assertThat(jobs.find(failed.id())).isPresent();
    }

    @Test
    void aJobOverItsTimeoutFailsWithATimeoutProblemAndItsCleanupRuns() {
        JobService jobs = service();
        CountingWork endless = CountingWork.endless();
        JobSnapshot job = jobs.submit(types.submission("counting", "{}", () -> endless, Duration.ofMillis(50), null)).job();

        JobSnapshot failed = jobs.await(job.id(), Duration.ofSeconds(10)).orElseThrow();

        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error().type()).isEqualTo(JobError.JOB_TIMEOUT);
        assertThat(failed.error().properties()).containsEntry("timeout", "PT0.05S");
        assertThat(endless.cleanedUp()).isTrue();
    }

    @Test
    void anIdempotencyKeyReturnsTheSameJobForTheSameRequestAndConflictsForAnother() {
        JobService jobs = service();
        JobSnapshot first = jobs.submit(types.submission("counting", "{\"n\":1}", () -> CountingWork.quick(1),
                null, "key-1")).job();

        Submitted again = jobs.submit(types.submission("counting", "{\"n\":1}", () -> CountingWork.quick(1),
                null, "key-1"));

        assertThat(again.existing()).isTrue();
        assertThat(again.job().id()).isEqualTo(first.id());
        assertThatThrownBy(() -> jobs.submit(types.submission("counting", "{\"n\":2}", () -> CountingWork.quick(1),
                null, "key-1"))).isInstanceOf(IdempotencyConflictException.class);
    }

    @Test
    void drainingRefusesNewJobsLetsShortOnesFinishAndHandsTheRestBackToTheQueue() {
        JobService jobs = service(2, 16, 100, Duration.ofHours(1), Duration.ofMillis(300), List.of());
        CountingWork endless = CountingWork.endless();
        JobSnapshot longJob = jobs.submit(types.of("counting", () -> endless)).job();
        JobSnapshot shortJob = jobs.submit(types.of("counting", () -> new CountingWork(20, Duration.ofMillis(1), -1))).job();
        // the drain lets running jobs finish: both have started
        await().until(() -> endless.counted() > 0 && jobs.find(shortJob.id()).orElseThrow().state() != JobState.QUEUED);

        int handedBack = jobs.drain(Duration.ofMillis(300));

        assertThat(handedBack).isEqualTo(1);
        assertThat(jobs.find(shortJob.id()).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        JobSnapshot requeued = jobs.find(longJob.id()).orElseThrow();
        assertThat(requeued.state()).isEqualTo(JobState.QUEUED);
        assertThat(requeued.attempt()).isEqualTo(1);
        assertThat(endless.cleanedUp()).isTrue();
        assertThatThrownBy(() -> jobs.submit(types.of("counting", () -> CountingWork.quick(1))))
                .isInstanceOfSatisfying(JobRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(JobRejectedException.Reason.SHUTTING_DOWN));
    }

    @Test
    void listsNewestFirstFilteredByTypeAndStateInPages() {
        JobService jobs = service();
        List<JobSnapshot> done = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String type = i % 2 == 0 ? "even" : "odd";
            JobSnapshot job = jobs.submit(types.of(type, () -> CountingWork.quick(1))).job();
            done.add(jobs.await(job.id(), Duration.ofSeconds(10)).orElseThrow());
        }

        JobPage evens = jobs.list("even", JobState.SUCCEEDED, null, 0, 2);

        assertThat(evens.totalItems()).isEqualTo(3);
        assertThat(evens.totalPages()).isEqualTo(2);
        assertThat(evens.items()).extracting(JobSnapshot::id).containsExactly(done.get(4).id(), done.get(2).id());
        assertThat(jobs.list("even", JobState.SUCCEEDED, null, 1, 2).items()).extracting(JobSnapshot::id)
                .containsExactly(done.get(0).id());
        assertThat(jobs.list(null, JobState.FAILED, null, 0, 10).items()).isEmpty();
    }

    @Test
    void countsStayExactWhenManyThreadsSubmitCancelAndDeleteAtOnce() throws Exception {
        JobService jobs = service(2, 64, 10_000, Duration.ofHours(1), Duration.ofMillis(100), List.of());
        int threads = 6;
        int perThread = 40;
        List<Thread> clients = new ArrayList<>();
        AtomicInteger rejected = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            clients.add(Thread.ofPlatform().start(() -> {
                Random random = new Random(seed);
                for (int i = 0; i < perThread; i++) {
                    try {
                        int steps = random.nextInt(200);
                        JobSnapshot job = jobs.submit(types.of(i % 2 == 0 ? "a" : "b",
                                () -> new CountingWork(steps, Duration.ZERO, random.nextInt(10) == 0 ? steps / 2 : -1))).job();
                        switch (random.nextInt(4)) {
                            case 0 -> jobs.cancel(job.id());
                            case 1 -> {
                                jobs.await(job.id(), Duration.ofSeconds(5));
                                jobs.cancel(job.id());
                            }
                            default -> { }
                        }
                    } catch (JobRejectedException full) {
                        rejected.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        await().until(() -> jobs.list(null, JobState.QUEUED, null, 0, 1).totalItems() == 0
                && jobs.list(null, JobState.RUNNING, null, 0, 1).totalItems() == 0);

        // the counts follow a state change a moment after the job's own state: give them that moment
        await().untilAsserted(() -> {
            for (String type : List.of("a", "b")) {
                for (JobState state : JobState.values()) {
                    assertThat(jobs.count(type, state)).as(type + " " + state)
                            .isEqualTo(jobs.list(type, state, null, 0, 1).totalItems());
                }
            }
        });
        long retained = jobs.list(null, null, null, 0, 1).totalItems();
        assertThat(retained).isLessThanOrEqualTo((long) threads * perThread - rejected.get());
    }

    @Test
    void anUnknownTypeIsRefusedAndNothingIsKept() {
        JobService jobs = service();

        assertThatThrownBy(() -> jobs.submit(JobSubmission.of("nope", "{}")))
                .isInstanceOfSatisfying(UnknownJobTypeException.class,
                        e -> assertThat(e.known()).containsExactly("a", "b", "counting", "even", "odd"));
        assertThat(jobs.list(null, null, null, 0, 10).totalItems()).isZero();
    }

    @Test
    void ownersFilterTheListCountTheirActiveJobsAndScopeIdempotencyKeys() {
        JobService jobs = service(1, 16, 100, Duration.ofHours(1), Duration.ofMillis(100), List.of());
        CountingWork endless = CountingWork.endless();
        JobSubmission aliceRuns = types.submission("counting", "{\"owner\":1}", () -> endless, null, "k");
        JobSnapshot alice = jobs.submit(new JobSubmission(aliceRuns.type(), aliceRuns.request(), null, "alice", null, "k",
                null)).job();
        JobSubmission bobWaits = types.submission("counting", "{\"owner\":2}", () -> CountingWork.quick(1), null, "k");
        JobSnapshot bob = jobs.submit(new JobSubmission(bobWaits.type(), bobWaits.request(), null, "bob", null, "k",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")).job();

        assertThat(bob.id()).isNotEqualTo(alice.id());
        assertThat(bob.owner()).isEqualTo("bob");
        assertThat(jobs.list(null, null, "alice", 0, 10).items()).extracting(JobSnapshot::id).containsExactly(alice.id());
        assertThat(jobs.activeCount("alice")).isEqualTo(1);
        assertThat(jobs.activeCount("bob")).isEqualTo(1);
        assertThat(jobs.activeCount(null)).isEqualTo(2);
        await().until(() -> jobs.find(alice.id()).orElseThrow().state() == JobState.RUNNING);
        JobSnapshot running = jobs.find(alice.id()).orElseThrow();
        assertThat(running.attempt()).isEqualTo(1);
        assertThat(running.worker()).endsWith("/" + ProcessHandle.current().pid());
        jobs.cancel(alice.id());
        jobs.await(bob.id(), Duration.ofSeconds(10));
        assertThat(jobs.activeCount("alice")).isZero();
        assertThat(jobs.activeCount("bob")).isZero();
    }
}
