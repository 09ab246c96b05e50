package dev.corojobs.jobs.store;

/** What {@link JobStore#requestCancel} did. */
public enum CancelOutcome {
    NOT_FOUND,
    /** The job was queued: it is CANCELLED now. */
    CANCELLED,
    /** The job is running: its worker is told (NOTIFY, or its next heartbeat) and ends it. */
    REQUESTED,
    ALREADY_FINISHED
}
