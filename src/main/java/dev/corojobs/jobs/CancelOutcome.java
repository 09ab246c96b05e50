package dev.corojobs.jobs;

/** What {@link JobService#cancel} did. */
public sealed interface CancelOutcome {

    JobSnapshot job();

    /** The job was queued or running and is now (or is about to be) cancelled. */
    record Cancelled(JobSnapshot job) implements CancelOutcome {
    }

    /** The job had already ended; its record was removed. */
    record Removed(JobSnapshot job) implements CancelOutcome {
    }
}
