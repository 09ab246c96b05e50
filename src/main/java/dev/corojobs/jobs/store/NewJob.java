package dev.corojobs.jobs.store;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * A job to insert, queued.
 *
 * @param request the submission as JSON text; for an Idempotency-Key, equal JSON (as PostgreSQL's {@code jsonb}
 *     compares it) means the same request
 * @param inputRef an input stored with {@link JobStore#writeInput}, or another reference the job type understands
 * @param timeout the longest the job may run, or null
 */
public record NewJob(UUID id, String type, String owner, String request, String inputRef, int maxAttempts,
        Duration timeout, String traceparent, String idempotencyKey) {

    public NewJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }
}
