package dev.corojobs.jobs.store;

/** What {@link JobStore#finish} did. */
public enum FinishOutcome {
    /** The job ended as reported. */
    FINISHED,
    /** The result exceeded the size cap: the job ended FAILED with a {@code result-too-large} error instead. */
    RESULT_TOO_LARGE,
    /** The lease was no longer this worker's (another attempt runs or ran the job): nothing was written. */
    REFUSED
}
