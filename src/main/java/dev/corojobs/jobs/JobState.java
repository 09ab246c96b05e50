package dev.corojobs.jobs;

/** Where a job is in its life. {@code QUEUED -> RUNNING -> SUCCEEDED | FAILED | CANCELLED}; a queued job may be cancelled directly. */
public enum JobState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    /** True once the job has ended: its record no longer changes. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** The lower-case form used as a metric tag. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
