package dev.corojobs.jobs.store;

/**
 * What a heartbeat learned.
 *
 * @param held false when the lease was lost (expired and rescued, or the job ended elsewhere): stop the work
 * @param cancelRequested a client asked to cancel the job
 */
public record Heartbeat(boolean held, boolean cancelRequested) {
}
