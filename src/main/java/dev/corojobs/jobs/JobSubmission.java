package dev.corojobs.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * What it takes to start a job: everything here can be kept and read back on another replica.
 *
 * @param type the job type's name, e.g. {@code scheduler-simulation}
 * @param request the request as JSON text; compared for Idempotency-Key matching
 * @param input a reference to input kept outside the request (an uploaded file), or null
 * @param owner who submitted it, or null when callers are not identified
 * @param timeout the longest the job may run, or null for no limit
 * @param idempotencyKey the client's Idempotency-Key, or null; scoped by owner and type
 * @param traceparent the W3C trace context of the submitting request, kept with the job so its run links to
 *     it; null to let {@link JobService} capture the submitting thread's through its {@link JobRunHook}s
 */
public record JobSubmission(String type, String request, String input, String owner, Duration timeout,
        String idempotencyKey, String traceparent) {

    public JobSubmission {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(request, "request");
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    public static JobSubmission of(String type, String request) {
        return new JobSubmission(type, request, null, null, null, null, null);
    }

    JobRequest jobRequest() {
        return new JobRequest(type, request, input);
    }
}
