package dev.corojobs.jobs;

import java.util.UUID;

/** The same {@code Idempotency-Key} was used earlier with a different request (409). */
public final class IdempotencyConflictException extends RuntimeException {

    private final UUID existingJob;

    public IdempotencyConflictException(String key, UUID existingJob) {
        super("Idempotency-Key '" + key + "' was already used for job " + existingJob + " with a different request",
                null, false, false);
        this.existingJob = existingJob;
    }

    public UUID existingJob() {
        return existingJob;
    }
}
