package dev.corojobs.jobs;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What it takes to start a job.
 *
 * @param type the job type as clients see it in the job JSON, e.g. {@code scheduler-simulation}
 * @param request the parsed submission; compared with {@code equals} for Idempotency-Key matching
 * @param work creates the job's work; called once, on the submitting thread, before the job is queued, so
 *     an exception it throws (invalid input) reaches the caller and no job is created
 * @param timeout the longest the job may run, or null for no limit
 * @param idempotencyKey the client's Idempotency-Key, or null
 * @param traceparent the W3C trace context of the submitting request, kept with the job so its run links to
 *     it; null to let {@link JobService} capture the submitting thread's through its {@link JobRunHook}s
 */
public record JobSubmission(String type, Object request, Supplier<JobWork> work, Duration timeout,
        String idempotencyKey, String traceparent) {

    public JobSubmission(String type, Object request, Supplier<JobWork> work, Duration timeout, String idempotencyKey) {
        this(type, request, work, timeout, idempotencyKey, null);
    }

    public JobSubmission {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(work, "work");
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    public static JobSubmission of(String type, Supplier<JobWork> work) {
        return new JobSubmission(type, null, work, null, null);
    }
}
