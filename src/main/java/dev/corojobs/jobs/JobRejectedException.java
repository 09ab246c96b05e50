package dev.corojobs.jobs;

import java.time.Duration;

/** A submission the service could not take now; the client may retry after {@link #retryAfter()}. */
public final class JobRejectedException extends RuntimeException {

    /** Why a submission was refused; also the {@code reason} tag of {@code corojobs_jobs_rejected_total}. */
    public enum Reason {
        /** The queue of waiting jobs is full (429). */
        QUEUE_FULL,
        /** The service is shutting down (503). */
        SHUTTING_DOWN,
        /** The submitter already has as many jobs queued or running as one owner may have (429). */
        OWNER_QUOTA;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String type;
    private final Reason reason;
    private final Duration retryAfter;

    public JobRejectedException(String type, Reason reason, Duration retryAfter, String message) {
        super(message, null, false, false);
        this.type = type;
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public String type() {
        return type;
    }

    public Reason reason() {
        return reason;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
