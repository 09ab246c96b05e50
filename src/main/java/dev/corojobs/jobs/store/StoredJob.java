package dev.corojobs.jobs.store;

import dev.corojobs.jobs.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of the jobs table, without its result. JSON columns stay JSON text: the store does not interpret them.
 *
 * @param attempt how many times the job was claimed; with {@code worker} it fences the running worker's writes
 * @param worker the replica running the job, or the one that ran it last
 * @param resultSize bytes of the stored result JSON, or null when there is none
 */
public record StoredJob(
        UUID id,
        String type,
        String owner,
        JobState state,
        String request,
        String inputRef,
        int attempt,
        int maxAttempts,
        String worker,
        Instant leaseExpiresAt,
        String progress,
        Instant submittedAt,
        Instant startedAt,
        Instant finishedAt,
        boolean cancelRequested,
        Duration timeout,
        String traceparent,
        String error,
        String idempotencyKey,
        Long resultSize) {

    /** The lease the claiming worker holds on this job. */
    public Lease lease() {
        return new Lease(id, worker, attempt);
    }
}
