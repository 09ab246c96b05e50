package dev.corojobs.jobs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corojobs.jobs.JobState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the job service relies on from the store, against a real PostgreSQL. */
class JobStoreContractTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration EXPIRED_AT_ONCE = Duration.ofMillis(1);

    private JobStore store;

    @BeforeEach
    void emptyTables() {
        TestPostgres.reset();
        store = TestPostgres.store(1_000);
    }

    @Test
    void durabilityIsOn() {
        assertThat(TestPostgres.jdbc().sql("SHOW fsync").query(String.class).single()).isEqualTo("on");
        assertThat(TestPostgres.jdbc().sql("SHOW synchronous_commit").query(String.class).single()).isEqualTo("on");
    }

    @Test
    void insertedJobIsQueuedWithItsRequest() {
        NewJob job = job("sim", "alice", "{\"example\": \"seed\"}", null);
        InsertOutcome outcome = store.insert(job);

        assertThat(outcome).isInstanceOf(InsertOutcome.Created.class);
        StoredJob stored = store.find(job.id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(JobState.QUEUED);
        assertThat(stored.type()).isEqualTo("sim");
        assertThat(stored.owner()).isEqualTo("alice");
        assertThat(stored.request()).isEqualTo("{\"example\": \"seed\"}");
        assertThat(stored.attempt()).isZero();
        assertThat(stored.maxAttempts()).isEqualTo(3);
        assertThat(stored.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(stored.traceparent()).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assertThat(stored.submittedAt()).isNotNull();
        assertThat(store.find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void sameKeyAndRequestGivesTheEarlierJobAndADifferentRequestConflicts() {
        NewJob first = job("sim", "alice", "{\"a\": 1, \"b\": 2}", "key-1");
        store.insert(first);

        InsertOutcome same = store.insert(job("sim", "alice", "{\"b\": 2, \"a\": 1}", "key-1"));
        InsertOutcome different = store.insert(job("sim", "alice", "{\"a\": 2}", "key-1"));
        InsertOutcome otherOwner = store.insert(job("sim", "bob", "{\"a\": 2}", "key-1"));
        InsertOutcome otherType = store.insert(job("logs", "alice", "{\"a\": 2}", "key-1"));

        assertThat(same).isInstanceOfSatisfying(InsertOutcome.Duplicate.class,
                duplicate -> assertThat(duplicate.job().id()).isEqualTo(first.id()));
        assertThat(different).isEqualTo(new InsertOutcome.Conflict(first.id()));
        assertThat(otherOwner).isInstanceOf(InsertOutcome.Created.class);
        assertThat(otherType).isInstanceOf(InsertOutcome.Created.class);
    }

    @Test
    void concurrentSubmitsWithOneKeyMakeOneJob() throws Exception {
        int submitters = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<InsertOutcome> outcomes = new CopyOnWriteArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(submitters)) {
            for (int i = 0; i < submitters; i++) {
                pool.submit(() -> {
                    go.await();
                    outcomes.add(store.insert(job("sim", null, "{\"n\": 1}", "same-key")));
                    return null;
                });
            }
            go.countDown();
        }
        assertThat(outcomes).hasSize(submitters);
        assertThat(outcomes).filteredOn(InsertOutcome.Created.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(InsertOutcome.Duplicate.class::isInstance).hasSize(submitters - 1);
        assertThat(store.list(JobFilter.ALL, 0, 100).total()).isEqualTo(1);
    }

    @Test
    void concurrentSubmitsOfOneOwnerOnTwoReplicasStayWithinItsLimit() throws Exception {
        int limit = 3;
        int submitters = 12;
        JobStore otherReplica = TestPostgres.store(1_000);
        store.insert(job("sim", "bob", "{}", null), limit);
        CountDownLatch go = new CountDownLatch(1);
        List<InsertOutcome> outcomes = new CopyOnWriteArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(submitters)) {
            for (int i = 0; i < submitters; i++) {
                JobStore replica = i % 2 == 0 ? store : otherReplica;
                pool.submit(() -> {
                    go.await();
                    outcomes.add(replica.insert(job("sim", "alice", "{}", null), limit));
                    return null;
                });
            }
            go.countDown();
        }
        assertThat(outcomes).filteredOn(InsertOutcome.Created.class::isInstance).hasSize(limit);
        assertThat(outcomes).filteredOn(InsertOutcome.OverQuota.class::isInstance).hasSize(submitters - limit)
                .allSatisfy(refused -> assertThat(((InsertOutcome.OverQuota) refused).active()).isEqualTo(limit));
        assertThat(store.activeCount("alice")).isEqualTo(limit);
        assertThat(store.insert(job("sim", "bob", "{}", null), limit)).isInstanceOf(InsertOutcome.Created.class);
    }

    @Test
    void atItsLimitAnOwnerStillGetsItsEarlierJobForAKnownKey() {
        NewJob first = job("sim", "alice", "{\"n\": 1}", "key-1");
        store.insert(first, 1);

        assertThat(store.insert(job("sim", "alice", "{\"n\": 1}", "key-1"), 1))
                .isInstanceOfSatisfying(InsertOutcome.Duplicate.class,
                        duplicate -> assertThat(duplicate.job().id()).isEqualTo(first.id()));
        assertThat(store.insert(job("sim", "alice", "{\"n\": 2}", "key-1"), 1))
                .isEqualTo(new InsertOutcome.Conflict(first.id()));
        assertThat(store.insert(job("sim", "alice", "{\"n\": 2}", "key-2"), 1))
                .isEqualTo(new InsertOutcome.OverQuota(1));
        assertThat(store.insert(job("sim", "alice", "{\"n\": 2}", "key-2"))).isInstanceOf(InsertOutcome.Created.class);
    }

    @Test
    void concurrentClaimersRunEveryJobOncePerAttempt() throws Exception {
        int jobs = 300;
        int workers = 6;
        for (int i = 0; i < jobs; i++) {
            store.insert(job("sim", null, "{\"n\": " + i + "}", null));
        }
        Map<UUID, String> claimedBy = new ConcurrentHashMap<>();
        AtomicInteger doubleClaims = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                String worker = "worker-" + w;
                running.add(pool.submit(() -> {
                    go.await();
                    for (;;) {
                        List<StoredJob> claimed = store.claim(worker, 7, LEASE);
                        if (claimed.isEmpty()) {
                            return null;
                        }
                        for (StoredJob job : claimed) {
                            assertThat(job.attempt()).isEqualTo(1);
                            assertThat(job.worker()).isEqualTo(worker);
                            if (claimedBy.putIfAbsent(job.id(), worker) != null) {
                                doubleClaims.incrementAndGet();
                            }
                            assertThat(store.finish(job.lease(), Completion.succeeded("1".getBytes(), null)))
                                    .isEqualTo(FinishOutcome.FINISHED);
                        }
                    }
                }));
            }
            go.countDown();
            for (Future<?> future : running) {
                future.get();
            }
        }
        assertThat(doubleClaims).hasValue(0);
        assertThat(claimedBy).hasSize(jobs);
        assertThat(store.counts().get("sim")).containsExactlyEntriesOf(Map.of(JobState.SUCCEEDED, (long) jobs));
    }

    @Test
    void claimsAreOldestFirstAndSetTheLeaseOnTheDatabaseClock() {
        NewJob older = job("sim", null, "{}", null);
        NewJob newer = job("sim", null, "{}", null);
        store.insert(older);
        store.insert(newer);

        List<StoredJob> claimed = store.claim("w", 1, LEASE);

        assertThat(claimed).singleElement().satisfies(job -> {
            assertThat(job.id()).isEqualTo(older.id());
            assertThat(job.state()).isEqualTo(JobState.RUNNING);
            assertThat(job.startedAt()).isNotNull();
            assertThat(Duration.between(job.startedAt(), job.leaseExpiresAt())).isEqualTo(LEASE);
        });
    }

    @Test
    void aStaleWorkerCannotFinishOrRenewAfterItsLeaseWasRescued() {
        NewJob job = job("sim", null, "{}", null);
        store.insert(job);
        Lease stale = store.claim("worker-a", 1, EXPIRED_AT_ONCE).getFirst().lease();

        await().atMost(Duration.ofSeconds(5)).until(() -> store.rescueExpired().requeued() == 1);
        StoredJob second = store.claim("worker-b", 1, LEASE).getFirst();

        assertThat(second.attempt()).isEqualTo(2);
        assertThat(store.heartbeat(stale, LEASE, "{\"steps\": 1}")).isEqualTo(new Heartbeat(false, false));
        assertThat(store.finish(stale, Completion.succeeded("\"stale\"".getBytes(), null)))
                .isEqualTo(FinishOutcome.REFUSED);
        assertThat(store.finish(second.lease(), Completion.succeeded("\"fresh\"".getBytes(), null)))
                .isEqualTo(FinishOutcome.FINISHED);
        assertThat(store.result(job.id())).hasValueSatisfying(
                result -> assertThat(new String(result, StandardCharsets.UTF_8)).isEqualTo("\"fresh\""));
        assertThat(store.find(job.id()).orElseThrow().worker()).isEqualTo("worker-b");
    }

    @Test
    void heartbeatsKeepTheLeaseAndSaveProgress() {
        NewJob job = job("sim", null, "{}", null);
        store.insert(job);
        StoredJob claimed = store.claim("w", 1, Duration.ofSeconds(2)).getFirst();

        Heartbeat beat = store.heartbeat(claimed.lease(), LEASE, "{\"steps\": 10}");

        assertThat(beat).isEqualTo(new Heartbeat(true, false));
        StoredJob renewed = store.find(job.id()).orElseThrow();
        assertThat(renewed.progress()).isEqualTo("{\"steps\": 10}");
        assertThat(renewed.leaseExpiresAt()).isAfter(claimed.leaseExpiresAt());
        assertThat(store.rescueExpired()).isEqualTo(new Rescue(0, 0));
    }

    @Test
    void aJobOutOfAttemptsFailsWithWorkerLost() {
        NewJob job = new NewJob(UUID.randomUUID(), "sim", null, "{}", null, 2, null, null, null);
        store.insert(job);
        store.claim("w1", 1, EXPIRED_AT_ONCE);
        await().atMost(Duration.ofSeconds(5)).until(() -> store.rescueExpired().requeued() == 1);
        store.claim("w2", 1, EXPIRED_AT_ONCE);

        await().atMost(Duration.ofSeconds(5)).until(() -> store.rescueExpired().failed() == 1);

        StoredJob failed = store.find(job.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.attempt()).isEqualTo(2);
        assertThat(failed.finishedAt()).isNotNull();
        assertThat(failed.error()).contains("\"type\": \"worker-lost\"").contains("w2");
        assertThat(store.claim("w3", 1, LEASE)).isEmpty();
    }

    @Test
    void releasedJobsGoBackToTheQueueWithoutLosingAnAttempt() {
        NewJob job = new NewJob(UUID.randomUUID(), "sim", null, "{}", null, 1, null, null, null);
        store.insert(job);
        Lease first = store.claim("leaving", 1, LEASE).getFirst().lease();

        assertThat(store.release("leaving")).isEqualTo(1);
        StoredJob again = store.claim("staying", 1, LEASE).getFirst();

        assertThat(again.attempt()).isEqualTo(2);
        assertThat(again.maxAttempts()).isEqualTo(2);
        assertThat(store.finish(first, Completion.cancelled(null))).isEqualTo(FinishOutcome.REFUSED);
    }

    @Test
    void cancellingAQueuedJobEndsItAndARunningOneIsFlaggedForItsWorker() {
        NewJob queued = job("sim", null, "{}", null);
        NewJob running = job("sim", null, "{}", null);
        store.insert(running);
        Lease lease = store.claim("w", 1, LEASE).getFirst().lease();
        store.insert(queued);

        assertThat(store.requestCancel(queued.id())).isEqualTo(CancelOutcome.CANCELLED);
        assertThat(store.requestCancel(running.id())).isEqualTo(CancelOutcome.REQUESTED);
        assertThat(store.requestCancel(UUID.randomUUID())).isEqualTo(CancelOutcome.NOT_FOUND);

        assertThat(store.find(queued.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(store.heartbeat(lease, LEASE, null)).isEqualTo(new Heartbeat(true, true));
        assertThat(store.finish(lease, Completion.cancelled("{\"steps\": 3}"))).isEqualTo(FinishOutcome.FINISHED);
        assertThat(store.requestCancel(running.id())).isEqualTo(CancelOutcome.ALREADY_FINISHED);
        assertThat(store.claim("w", 5, LEASE)).isEmpty();
    }

    @Test
    void aResultOverTheCapFailsTheJobAndIsNotStored() {
        NewJob small = job("sim", null, "{}", null);
        NewJob large = job("sim", null, "{}", null);
        store.insert(small);
        store.insert(large);
        Map<UUID, Lease> claimed = new java.util.HashMap<>();
        store.claim("w", 2, LEASE).forEach(job -> claimed.put(job.id(), job.lease()));
        byte[] smallResult = ("[" + "1,".repeat(400) + "1]").getBytes(StandardCharsets.UTF_8);
        byte[] largeResult = ("[" + "1,".repeat(600) + "1]").getBytes(StandardCharsets.UTF_8);

        assertThat(store.finish(claimed.get(small.id()), Completion.succeeded(smallResult, null)))
                .isEqualTo(FinishOutcome.FINISHED);
        assertThat(store.finish(claimed.get(large.id()), Completion.succeeded(largeResult, null)))
                .isEqualTo(FinishOutcome.RESULT_TOO_LARGE);

        assertThat(store.result(small.id())).hasValue(smallResult);
        assertThat(store.find(small.id()).orElseThrow().resultSize()).isEqualTo(smallResult.length);
        StoredJob failed = store.find(large.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).contains("\"type\": \"result-too-large\"").contains("1203 bytes");
        assertThat(store.result(large.id())).isEmpty();
    }

    @Test
    void eventsRecordEveryChangeInOrderAndResumeAfterAnId() {
        NewJob job = job("sim", null, "{}", null);
        store.insert(job);
        Lease lease = store.claim("w", 1, LEASE).getFirst().lease();
        store.heartbeat(lease, LEASE, "{\"steps\": 1}");
        store.heartbeat(lease, LEASE, null);
        store.heartbeat(lease, LEASE, "{\"steps\": 2}");
        store.finish(lease, Completion.succeeded("42".getBytes(), "{\"steps\": 3}"));

        List<JobEvent> events = store.eventsAfter(job.id(), 0, 100);

        assertThat(events).extracting(JobEvent::snapshot).satisfiesExactly(
                e -> assertThat(e).contains("\"state\": \"QUEUED\""),
                e -> assertThat(e).contains("\"state\": \"RUNNING\"").contains("\"attempt\": 1"),
                e -> assertThat(e).contains("\"steps\": 1"),
                e -> assertThat(e).contains("\"steps\": 2"),
                e -> assertThat(e).contains("\"state\": \"SUCCEEDED\"").contains("\"steps\": 3"));
        assertThat(events).extracting(JobEvent::id).isSorted();
        assertThat(store.eventsAfter(job.id(), events.get(2).id(), 100)).containsExactlyElementsOf(events.subList(3, 5));
        assertThat(store.eventsAfter(job.id(), events.get(2).id(), 1)).containsExactly(events.get(3));
        assertThat(store.lastEvent(job.id())).hasValue(events.getLast());
    }

    @Test
    void notificationsWakeListenersWithIdsOnly() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        try (StoreNotifications notifications = TestPostgres.notifications()) {
            notifications.onQueued(() -> heard.add("queued"));
            notifications.onCancel(id -> heard.add("cancel " + id));
            notifications.onEvent((id, eventId) -> heard.add("event " + id + " " + eventId));
            notifications.start();
            await().atMost(Duration.ofSeconds(10)).until(notifications::isListening);
            heard.clear();

            NewJob job = job("sim", null, "{}", null);
            store.insert(job);
            store.claim("w", 1, LEASE);
            store.requestCancel(job.id());

            List<JobEvent> events = store.eventsAfter(job.id(), 0, 10);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(heard).containsExactly(
                    "event " + job.id() + " " + events.get(0).id(),
                    "queued",
                    "event " + job.id() + " " + events.get(1).id(),
                    "cancel " + job.id()));
        }
    }

    @Test
    void theListIsNewestFirstWithFiltersAndPages() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            NewJob job = job(i % 2 == 0 ? "sim" : "logs", i < 3 ? "alice" : "bob", "{}", null);
            store.insert(job);
            ids.add(job.id());
        }
        store.claim("w", 1, LEASE);
        List<UUID> newestFirst = new ArrayList<>(ids);
        Collections.reverse(newestFirst);

        assertThat(store.list(JobFilter.ALL, 0, 3).items()).extracting(StoredJob::id)
                .containsExactlyElementsOf(newestFirst.subList(0, 3));
        assertThat(store.list(JobFilter.ALL, 2, 3).items()).extracting(StoredJob::id).containsExactly(ids.getFirst());
        assertThat(store.list(JobFilter.ALL, 0, 3).total()).isEqualTo(7);
        assertThat(store.list(new JobFilter("sim", null, null), 0, 10).items()).extracting(StoredJob::id)
                .containsExactly(ids.get(6), ids.get(4), ids.get(2), ids.get(0));
        assertThat(store.list(new JobFilter("sim", JobState.QUEUED, "alice"), 0, 10).items()).extracting(StoredJob::id)
                .containsExactly(ids.get(2));
        assertThat(store.list(new JobFilter(null, JobState.RUNNING, null), 0, 10).items()).extracting(StoredJob::id)
                .containsExactly(ids.get(0));
        assertThat(store.activeCount("alice")).isEqualTo(3);
        assertThat(store.activeCount("carol")).isZero();
    }

    @Test
    void retentionRemovesOldAndSurplusFinishedJobsWithEverythingTheyHad() throws IOException {
        List<UUID> finished = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String input = store.writeInput(new ByteArrayInputStream(("input " + i).getBytes()));
            NewJob job = new NewJob(UUID.randomUUID(), "sim", null, "{}", input, 3, null, null, null);
            store.insert(job);
            Lease lease = store.claim("w", 1, LEASE).getFirst().lease();
            try (OutputStream trace = store.traceOutput(job.id(), 4)) {
                trace.write("a trace line\n".getBytes());
            }
            store.finish(lease, i == 1 ? Completion.failed("{\"type\": \"job-failed\"}", null)
                    : Completion.succeeded("1".getBytes(), null));
            finished.add(job.id());
        }
        NewJob queued = job("sim", null, "{}", null);
        store.insert(queued);
        // jobs 0 and 1 finished two days ago: past the succeeded age, within the failed one
        TestPostgres.jdbc().sql("UPDATE jobs SET finished_at = now() - interval '2 days' WHERE id IN (:a, :b)")
                .param("a", finished.get(0)).param("b", finished.get(1)).update();
        String orphan = store.writeInput(new ByteArrayInputStream("never submitted".getBytes()));
        TestPostgres.jdbc().sql("UPDATE job_inputs SET created_at = now() - interval '2 hours' WHERE id = :id")
                .param("id", orphan).update();

        Pruned pruned = store.prune(new Retention(Duration.ofHours(24), Duration.ofDays(7), Duration.ofDays(7), 3), 1);

        // job 0 by age; of the 5 left finished, the 2 that finished first beyond the cap of 3 (job 1, then 2)
        assertThat(pruned).isEqualTo(new Pruned(3, 1));
        assertThat(store.list(JobFilter.ALL, 0, 10).items()).extracting(StoredJob::id)
                .containsExactly(queued.id(), finished.get(5), finished.get(4), finished.get(3));
        for (String table : List.of("job_results", "job_events", "job_trace_chunks")) {
            assertThat(TestPostgres.jdbc().sql("SELECT count(DISTINCT job_id) FROM " + table).query(Long.class).single())
                    .as(table).isLessThanOrEqualTo(4);
        }
        assertThat(TestPostgres.jdbc().sql("SELECT count(*) FROM job_inputs").query(Long.class).single()).isEqualTo(3);
        assertThat(TestPostgres.jdbc().sql("SELECT count(*) FROM job_input_chunks").query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void deleteRemovesTheJobAndWhatBelongsToIt() throws IOException {
        String input = store.writeInput(new ByteArrayInputStream("x".repeat(10).getBytes()));
        NewJob job = new NewJob(UUID.randomUUID(), "logs", null, "{}", input, 3, null, null, null);
        store.insert(job);
        Lease lease = store.claim("w", 1, LEASE).getFirst().lease();
        store.finish(lease, Completion.succeeded("{}".getBytes(), null));

        assertThat(store.delete(job.id())).isTrue();
        assertThat(store.delete(job.id())).isFalse();

        assertThat(store.find(job.id())).isEmpty();
        assertThat(store.result(job.id())).isEmpty();
        assertThat(store.eventsAfter(job.id(), 0, 10)).isEmpty();
        assertThat(store.inputSize(input)).isEmpty();
    }

    @Test
    void inputsAndTracesOfSomeMegabytesStreamThroughChunks() throws Exception {
        byte[] upload = new byte[5 * JobStore.CHUNK_SIZE + 12_345];
        new Random(7).nextBytes(upload);

        String ref = store.writeInput(new ByteArrayInputStream(upload));

        assertThat(store.inputSize(ref)).hasValue((long) upload.length);
        assertThat(TestPostgres.jdbc().sql("SELECT count(*) FROM job_input_chunks WHERE input_id = :id")
                .param("id", ref).query(Long.class).single()).isEqualTo(6);
        try (InputStream in = store.readInput(ref)) {
            assertThat(digest(in)).isEqualTo(digest(new ByteArrayInputStream(upload)));
        }

        NewJob job = job("sim", null, "{}", null);
        store.insert(job);
        byte[] trace = "Foo 1 is in 0 step\n".repeat(150_000).getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = store.traceOutput(job.id(), 64 * 1024)) {
            for (int offset = 0; offset < trace.length; offset += 1000) {
                out.write(trace, offset, Math.min(1000, trace.length - offset));
            }
        }
        try (InputStream in = store.traceInput(job.id())) {
            assertThat(in.readAllBytes()).isEqualTo(trace);
        }
        store.clearTrace(job.id());
        try (InputStream in = store.traceInput(job.id())) {
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    private static byte[] digest(InputStream in) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0; ) {
            sha.update(buffer, 0, n);
        }
        return sha.digest();
    }

    private static NewJob job(String type, String owner, String request, String key) {
        return new NewJob(UUID.randomUUID(), type, owner, request, null, 3, Duration.ofMinutes(5),
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", key);
    }
}
