package dev.corojobs.jobs.store;

import dev.corojobs.jobs.JobState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The jobs of every replica, in PostgreSQL. Each method is one transaction; state changes write their event
 * and notification in that transaction (the {@code jobs_changed} trigger). Leases are measured on the
 * database's clock only.
 */
public class JobStore {

    static final int CHUNK_SIZE = 1 << 20;

    private static final String COLUMNS = """
            id, type, owner, state, request::text AS request, input_ref, attempt, max_attempts, worker,
            lease_expires_at, progress::text AS progress, submitted_at, started_at, finished_at, cancel_requested,
            timeout_ms, traceparent, error::text AS error, idempotency_key, result_size""";
    private static final String FINAL_STATES = "('SUCCEEDED', 'FAILED', 'CANCELLED')";

    private final JdbcClient jdbc;
    private final TransactionOperations transactions;
    private final long maxResultBytes;

    public JobStore(JdbcClient jdbc, TransactionOperations transactions, long maxResultBytes) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.maxResultBytes = maxResultBytes;
    }

    /**
     * Commits a queued job. With an Idempotency-Key already used by the same owner for the same type, nothing is
     * inserted: the earlier job is answered if its request is equal, a conflict otherwise.
     */
    public InsertOutcome insert(NewJob job) {
        return insert(job, 0);
    }

    /**
     * As {@link #insert(NewJob)}, but refused with {@link InsertOutcome.OverQuota} when the job's owner already has
     * {@code maxActiveForOwner} jobs queued or running (0: no limit). Count and insert run in one transaction under a
     * lock per owner on the database, so concurrent submissions on any number of replicas cannot pass the limit.
     * A resubmission with a known Idempotency-Key is answered as usual even at the limit.
     */
    public InsertOutcome insert(NewJob job, int maxActiveForOwner) {
        if (maxActiveForOwner <= 0 || job.owner() == null) {
            return insertOrFindEarlier(job);
        }
        return transactions.execute(tx -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:lock, 0))")
                    .param("lock", "corojobs.owner-quota:" + job.owner())
                    .query((rs, row) -> Boolean.TRUE)
                    .single();
            long active = activeCount(job.owner());
            if (active < maxActiveForOwner) {
                return insertOrFindEarlier(job);
            }
            return job.idempotencyKey() == null ? new InsertOutcome.OverQuota(active)
                    : earlier(job).orElse(new InsertOutcome.OverQuota(active));
        });
    }

    private InsertOutcome insertOrFindEarlier(NewJob job) {
        for (;;) {
            Optional<StoredJob> created = jdbc.sql("""
                    INSERT INTO jobs (id, type, owner, state, request, input_ref, max_attempts, timeout_ms,
                                      traceparent, idempotency_key)
                    VALUES (:id, :type, :owner, 'QUEUED', :request::jsonb, :inputRef, :maxAttempts, :timeoutMs,
                            :traceparent, :key)
                    ON CONFLICT (coalesce(owner, ''), type, idempotency_key) WHERE idempotency_key IS NOT NULL
                    DO NOTHING
                    RETURNING\s""" + COLUMNS)
                    .param("id", job.id())
                    .param("type", job.type())
                    .param("owner", job.owner())
                    .param("request", job.request())
                    .param("inputRef", job.inputRef())
                    .param("maxAttempts", job.maxAttempts())
                    .param("timeoutMs", job.timeout() == null ? null : job.timeout().toMillis())
                    .param("traceparent", job.traceparent())
                    .param("key", job.idempotencyKey())
                    .query(JobStore::job)
                    .optional();
            if (created.isPresent()) {
                return new InsertOutcome.Created(created.get());
            }
            Optional<InsertOutcome> earlier = earlier(job);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            // the earlier job was pruned between the two statements: its key is free again
        }
    }

    /** The job submitted earlier with {@code job}'s Idempotency-Key: a duplicate if its request is equal. */
    private Optional<InsertOutcome> earlier(NewJob job) {
        return jdbc.sql("SELECT " + COLUMNS + """
                , request IS NOT DISTINCT FROM :request::jsonb AS same_request
                FROM jobs
                WHERE coalesce(owner, '') = coalesce(:owner, '') AND type = :type AND idempotency_key = :key
                """)
                .param("owner", job.owner())
                .param("type", job.type())
                .param("key", job.idempotencyKey())
                .param("request", job.request())
                .query((rs, row) -> rs.getBoolean("same_request")
                        ? (InsertOutcome) new InsertOutcome.Duplicate(job(rs, row))
                        : new InsertOutcome.Conflict(rs.getObject("id", UUID.class)))
                .optional();
    }

    /**
     * Claims up to {@code n} of the oldest queued jobs for {@code worker} in one statement: each gets the next
     * attempt and a lease of {@code lease} from now on the database's clock. Concurrent claimers skip each
     * other's rows, so a job is claimed once per attempt.
     */
    public List<StoredJob> claim(String worker, int n, Duration lease) {
        return jdbc.sql("""
                UPDATE jobs
                SET state = 'RUNNING', worker = :worker, attempt = attempt + 1,
                    lease_expires_at = now() + :leaseMs * interval '1 millisecond', started_at = now()
                WHERE id IN (SELECT id FROM jobs WHERE state = 'QUEUED' ORDER BY seq LIMIT :n FOR UPDATE SKIP LOCKED)
                RETURNING\s""" + COLUMNS)
                .param("worker", worker)
                .param("n", n)
                .param("leaseMs", lease.toMillis())
                .query(JobStore::job)
                .list();
    }

    /**
     * Renews the lease for {@code lease} from now and, when {@code progress} is not null, saves it (which writes
     * an event). Tells whether the lease is still held and whether cancellation was requested.
     */
    public Heartbeat heartbeat(Lease lease, Duration renewFor, String progress) {
        return jdbc.sql("""
                UPDATE jobs
                SET lease_expires_at = now() + :leaseMs * interval '1 millisecond',
                    progress = coalesce(:progress::jsonb, progress)
                WHERE id = :id AND worker = :worker AND attempt = :attempt AND state = 'RUNNING'
                RETURNING cancel_requested
                """)
                .param("leaseMs", renewFor.toMillis())
                .param("progress", progress)
                .param("id", lease.jobId())
                .param("worker", lease.worker())
                .param("attempt", lease.attempt())
                .query((rs, row) -> new Heartbeat(true, rs.getBoolean(1)))
                .optional()
                .orElse(new Heartbeat(false, false));
    }

    /**
     * Ends a running job as its worker reports, unless the lease is no longer the worker's. A result larger than
     * the cap is not stored: the job fails with a {@code result-too-large} error instead.
     */
    public FinishOutcome finish(Lease lease, Completion completion) {
        byte[] result = completion.result();
        boolean tooLarge = result != null && result.length > maxResultBytes;
        JobState state = tooLarge ? JobState.FAILED : completion.state();
        String error = tooLarge ? resultTooLarge(result.length) : completion.error();
        byte[] gzip = result == null || tooLarge ? null : gzip(result);
        Boolean done = transactions.execute(tx -> {
            int updated = jdbc.sql("""
                    UPDATE jobs
                    SET state = :state, error = :error::jsonb, progress = coalesce(:progress::jsonb, progress),
                        finished_at = now(), lease_expires_at = NULL, result_size = :resultSize
                    WHERE id = :id AND worker = :worker AND attempt = :attempt AND state = 'RUNNING'
                    """)
                    .param("state", state.name())
                    .param("error", error)
                    .param("progress", completion.progress())
                    .param("resultSize", gzip == null ? null : (long) result.length)
                    .param("id", lease.jobId())
                    .param("worker", lease.worker())
                    .param("attempt", lease.attempt())
                    .update();
            if (updated == 1 && gzip != null) {
                jdbc.sql("INSERT INTO job_results (job_id, gzip) VALUES (:id, :gzip)")
                        .param("id", lease.jobId())
                        .param("gzip", gzip)
                        .update();
            }
            return updated == 1;
        });
        if (!Boolean.TRUE.equals(done)) {
            return FinishOutcome.REFUSED;
        }
        return tooLarge ? FinishOutcome.RESULT_TOO_LARGE : FinishOutcome.FINISHED;
    }

    private String resultTooLarge(long size) {
        return """
                {"type": "result-too-large", "title": "Result too large", "status": 422,
                 "detail": "The job's result is %d bytes of JSON, more than the %d bytes a result may have (corojobs.store.max-result-size).",
                 "properties": {"resultSize": %d, "maxResultSize": %d}}"""
                .formatted(size, maxResultBytes, size, maxResultBytes);
    }

    /**
     * Gives the running jobs of a worker that is shutting down back to the queue, with one more attempt allowed
     * so that a hand-over does not count against the job (those a client asked to cancel end CANCELLED).
     * Returns how many jobs it changed.
     */
    public int release(String worker) {
        return jdbc.sql("""
                UPDATE jobs
                SET state = CASE WHEN cancel_requested THEN 'CANCELLED' ELSE 'QUEUED' END,
                    finished_at = CASE WHEN cancel_requested THEN now() END,
                    max_attempts = CASE WHEN cancel_requested THEN max_attempts ELSE max_attempts + 1 END,
                    lease_expires_at = NULL
                WHERE worker = :worker AND state = 'RUNNING'
                """)
                .param("worker", worker)
                .update();
    }

    /**
     * Cancels a queued job at once; flags a running one (its worker hears of it by NOTIFY, or at its next
     * heartbeat, and ends it).
     */
    public CancelOutcome requestCancel(UUID id) {
        Optional<JobState> before = jdbc.sql("""
                UPDATE jobs j
                SET cancel_requested = true,
                    state = CASE WHEN o.before = 'QUEUED' THEN 'CANCELLED' ELSE j.state END,
                    finished_at = CASE WHEN o.before = 'QUEUED' THEN now() ELSE j.finished_at END
                FROM (SELECT id, state AS before FROM jobs WHERE id = :id FOR UPDATE) o
                WHERE j.id = o.id AND o.before IN ('QUEUED', 'RUNNING')
                RETURNING o.before
                """)
                .param("id", id)
                .query((rs, row) -> JobState.valueOf(rs.getString(1)))
                .optional();
        if (before.isPresent()) {
            return before.get() == JobState.QUEUED ? CancelOutcome.CANCELLED : CancelOutcome.REQUESTED;
        }
        return find(id).isPresent() ? CancelOutcome.ALREADY_FINISHED : CancelOutcome.NOT_FOUND;
    }

    /**
     * Puts running jobs whose lease expired back in the queue while they have attempts left; ends the others
     * FAILED with a {@code worker-lost} error (CANCELLED if a client had asked to cancel them).
     */
    public Rescue rescueExpired() {
        return jdbc.sql("""
                WITH expired AS (
                    SELECT id FROM jobs
                    WHERE state = 'RUNNING' AND lease_expires_at < now()
                    ORDER BY lease_expires_at
                    LIMIT 1000
                    FOR UPDATE SKIP LOCKED
                ), requeued AS (
                    UPDATE jobs j SET state = 'QUEUED', lease_expires_at = NULL
                    FROM expired e
                    WHERE j.id = e.id AND j.attempt < j.max_attempts AND NOT j.cancel_requested
                    RETURNING j.id
                ), ended AS (
                    UPDATE jobs j
                    SET state = CASE WHEN j.cancel_requested THEN 'CANCELLED' ELSE 'FAILED' END,
                        finished_at = now(), lease_expires_at = NULL,
                        error = CASE WHEN j.cancel_requested THEN NULL ELSE jsonb_build_object(
                            'type', 'worker-lost', 'title', 'Worker lost', 'status', 500,
                            'detail', format('The replica running the job (%s) stopped renewing its lease, '
                                    || 'and the job had no attempts left (%s of %s).',
                                    j.worker, j.attempt, j.max_attempts),
                            'properties', jsonb_build_object('worker', j.worker, 'attempts', j.attempt)) END
                    FROM expired e
                    WHERE j.id = e.id AND (j.attempt >= j.max_attempts OR j.cancel_requested)
                    RETURNING j.id
                )
                SELECT (SELECT count(*) FROM requeued), (SELECT count(*) FROM ended)
                """)
                .query((rs, row) -> new Rescue(rs.getInt(1), rs.getInt(2)))
                .single();
    }

    public Optional<StoredJob> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE id = :id")
                .param("id", id)
                .query(JobStore::job)
                .optional();
    }

    /** Jobs matching {@code filter}, newest first; {@code page} counts from 0. Results are not read. */
    public StoredPage list(JobFilter filter, int page, int size) {
        if (page < 0 || size < 1) {
            throw new IllegalArgumentException("page must be >= 0 and size >= 1");
        }
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (filter.type() != null) {
            conditions.add("type = :type");
            params.put("type", filter.type());
        }
        if (filter.state() != null) {
            conditions.add("state = :state");
            params.put("state", filter.state().name());
        }
        if (filter.owner() != null) {
            conditions.add("owner = :owner");
            params.put("owner", filter.owner());
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        List<StoredJob> items = jdbc.sql("SELECT " + COLUMNS + " FROM jobs" + where
                        + " ORDER BY seq DESC LIMIT :limit OFFSET :offset")
                .params(params)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(JobStore::job)
                .list();
        long total = jdbc.sql("SELECT count(*) FROM jobs" + where).params(params).query(Long.class).single();
        return new StoredPage(items, total);
    }

    /** The result JSON of a succeeded job, if it has one. */
    public Optional<byte[]> result(UUID id) {
        return jdbc.sql("SELECT gzip FROM job_results WHERE job_id = :id")
                .param("id", id)
                .query((rs, row) -> gunzip(rs.getBytes(1)))
                .optional();
    }

    /** Removes a job with its result, events, trace and uploaded input. */
    public boolean delete(UUID id) {
        Boolean deleted = transactions.execute(tx -> {
            Optional<String> inputRef = jdbc.sql("DELETE FROM jobs WHERE id = :id RETURNING coalesce(input_ref, '')")
                    .param("id", id)
                    .query(String.class)
                    .optional();
            inputRef.filter(ref -> !ref.isEmpty()).ifPresent(ref ->
                    jdbc.sql("DELETE FROM job_inputs WHERE id = :ref").param("ref", ref).update());
            return inputRef.isPresent();
        });
        return Boolean.TRUE.equals(deleted);
    }

    /** Jobs waiting to be claimed, on every replica. */
    public long queuedCount() {
        return jdbc.sql("SELECT count(*) FROM jobs WHERE state = 'QUEUED'").query(Long.class).single();
    }

    /** Queued and running jobs of {@code owner} (null: of everyone). */
    public long activeCount(String owner) {
        if (owner == null) {
            return jdbc.sql("SELECT count(*) FROM jobs WHERE state IN ('QUEUED', 'RUNNING')").query(Long.class).single();
        }
        return jdbc.sql("SELECT count(*) FROM jobs WHERE owner = :owner AND state IN ('QUEUED', 'RUNNING')")
                .param("owner", owner)
                .query(Long.class)
                .single();
    }

    /** Jobs per type and state. */
    public Map<String, Map<JobState, Long>> counts() {
        Map<String, Map<JobState, Long>> counts = new HashMap<>();
        jdbc.sql("SELECT type, state, count(*) FROM jobs GROUP BY type, state")
                .query((ResultSet rs) -> {
                    counts.computeIfAbsent(rs.getString(1), type -> new HashMap<>())
                            .put(JobState.valueOf(rs.getString(2)), rs.getLong(3));
                });
        return counts;
    }

    /** When the oldest queued job was submitted; empty when none is queued. */
    public Optional<Instant> oldestQueuedSince() {
        return jdbc.sql("SELECT min(submitted_at) FROM jobs WHERE state = 'QUEUED'")
                .query((rs, row) -> Optional.ofNullable(instant(rs, "min")))
                .single();
    }

    /** Events of a job after event {@code afterId} (0: from the first), oldest first, at most {@code limit}. */
    public List<JobEvent> eventsAfter(UUID jobId, long afterId, int limit) {
        return jdbc.sql("""
                SELECT id, job_id, snapshot::text FROM job_events
                WHERE job_id = :jobId AND id > :afterId
                ORDER BY id
                LIMIT :limit
                """)
                .param("jobId", jobId)
                .param("afterId", afterId)
                .param("limit", limit)
                .query((rs, row) -> new JobEvent(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3)))
                .list();
    }

    /** The latest event of a job, if it has any. */
    public Optional<JobEvent> lastEvent(UUID jobId) {
        return jdbc.sql("""
                SELECT id, job_id, snapshot::text FROM job_events WHERE job_id = :jobId ORDER BY id DESC LIMIT 1
                """)
                .param("jobId", jobId)
                .query((rs, row) -> new JobEvent(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3)))
                .optional();
    }

    /**
     * Stores an uploaded input, read from {@code in} one chunk at a time. Returns its reference for
     * {@link NewJob#inputRef()}; an input no job refers to is pruned after a while.
     */
    public String writeInput(InputStream in) throws IOException {
        String ref = UUID.randomUUID().toString();
        jdbc.sql("INSERT INTO job_inputs (id) VALUES (:id)").param("id", ref).update();
        try (ChunkedOutputStream out = new ChunkedOutputStream((seq, chunk) ->
                jdbc.sql("INSERT INTO job_input_chunks (input_id, seq, data) VALUES (:id, :seq, :data)")
                        .param("id", ref).param("seq", seq).param("data", chunk).update(), CHUNK_SIZE, 0)) {
            in.transferTo(out);
            out.close();
            jdbc.sql("UPDATE job_inputs SET size = :size, complete = true WHERE id = :id")
                    .param("size", out.written()).param("id", ref).update();
        } catch (IOException | RuntimeException e) {
            jdbc.sql("DELETE FROM job_inputs WHERE id = :id").param("id", ref).update();
            throw e;
        }
        return ref;
    }

    /** The size of a stored input, if it exists and was stored completely. */
    public Optional<Long> inputSize(String ref) {
        return jdbc.sql("SELECT size FROM job_inputs WHERE id = :id AND complete")
                .param("id", ref)
                .query(Long.class)
                .optional();
    }

    public void deleteInput(String ref) {
        jdbc.sql("DELETE FROM job_inputs WHERE id = :id").param("id", ref).update();
    }

    /** Reads a stored input one chunk at a time. */
    public InputStream readInput(String ref) {
        return new ChunkedInputStream(seq -> jdbc.sql(
                        "SELECT data FROM job_input_chunks WHERE input_id = :id AND seq = :seq")
                .param("id", ref).param("seq", seq).query(byte[].class).optional().orElse(null));
    }

    /**
     * A stream that appends to a job's trace spool, one chunk per {@code chunkSize} bytes written. The spool
     * must be written by one writer at a time; a later writer (a new attempt) should {@link #clearTrace} first.
     */
    public OutputStream traceOutput(UUID jobId, int chunkSize) {
        int next = jdbc.sql("SELECT coalesce(max(seq) + 1, 0) FROM job_trace_chunks WHERE job_id = :id")
                .param("id", jobId).query(Integer.class).single();
        return new ChunkedOutputStream((seq, chunk) ->
                jdbc.sql("INSERT INTO job_trace_chunks (job_id, seq, data) VALUES (:id, :seq, :data)")
                        .param("id", jobId).param("seq", seq).param("data", chunk).update(), chunkSize, next);
    }

    public void clearTrace(UUID jobId) {
        jdbc.sql("DELETE FROM job_trace_chunks WHERE job_id = :id").param("id", jobId).update();
    }

    /** Reads a job's trace spool one chunk at a time (empty if it has none). */
    public InputStream traceInput(UUID jobId) {
        return new ChunkedInputStream(seq -> jdbc.sql(
                        "SELECT data FROM job_trace_chunks WHERE job_id = :id AND seq = :seq")
                .param("id", jobId).param("seq", seq).query(byte[].class).optional().orElse(null));
    }

    /**
     * Removes finished jobs past their state's retention age, then the oldest finished ones beyond the count
     * cap, at most {@code batch} per statement, with everything that belongs to them; then inputs that no job
     * refers to an hour after their upload.
     */
    public Pruned prune(Retention retention, int batch) {
        int jobs = 0;
        int removed;
        do {
            removed = deleteJobs("""
                    SELECT id FROM jobs
                    WHERE (state = 'SUCCEEDED' AND finished_at < now() - :succeededMs * interval '1 millisecond')
                       OR (state = 'FAILED' AND finished_at < now() - :failedMs * interval '1 millisecond')
                       OR (state = 'CANCELLED' AND finished_at < now() - :cancelledMs * interval '1 millisecond')
                    LIMIT :batch
                    """, Map.of("succeededMs", retention.succeeded().toMillis(),
                    "failedMs", retention.failed().toMillis(),
                    "cancelledMs", retention.cancelled().toMillis(), "batch", batch));
            jobs += removed;
        } while (removed == batch);
        do {
            removed = deleteJobs("""
                    SELECT id FROM jobs WHERE state IN\s""" + FINAL_STATES + """
                    ORDER BY finished_at DESC, seq DESC
                    OFFSET :keep LIMIT :batch
                    """, Map.of("keep", retention.maxFinished(), "batch", batch));
            jobs += removed;
        } while (removed == batch);
        int inputs = jdbc.sql("""
                DELETE FROM job_inputs i
                WHERE i.created_at < now() - interval '1 hour'
                  AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.input_ref = i.id)
                """).update();
        return new Pruned(jobs, inputs);
    }

    private int deleteJobs(String selectIds, Map<String, Object> params) {
        Integer deleted = transactions.execute(tx -> jdbc.sql("WITH doomed AS (" + selectIds + """
                ), gone AS (
                    DELETE FROM jobs j USING doomed d WHERE j.id = d.id RETURNING j.input_ref
                ), inputs AS (
                    DELETE FROM job_inputs i USING gone g WHERE i.id = g.input_ref
                )
                SELECT count(*) FROM gone
                """).params(params).query(Integer.class).single());
        return deleted == null ? 0 : deleted;
    }

    private static StoredJob job(ResultSet rs, int row) throws SQLException {
        long timeoutMs = rs.getLong("timeout_ms");
        Duration timeout = rs.wasNull() ? null : Duration.ofMillis(timeoutMs);
        long resultSize = rs.getLong("result_size");
        Long size = rs.wasNull() ? null : resultSize;
        return new StoredJob(
                rs.getObject("id", UUID.class),
                rs.getString("type"),
                rs.getString("owner"),
                JobState.valueOf(rs.getString("state")),
                rs.getString("request"),
                rs.getString("input_ref"),
                rs.getInt("attempt"),
                rs.getInt("max_attempts"),
                rs.getString("worker"),
                instant(rs, "lease_expires_at"),
                rs.getString("progress"),
                instant(rs, "submitted_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                rs.getBoolean("cancel_requested"),
                timeout,
                rs.getString("traceparent"),
                rs.getString("error"),
                rs.getString("idempotency_key"),
                size);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 4));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("stored result is not gzip", e);
        }
    }
}
