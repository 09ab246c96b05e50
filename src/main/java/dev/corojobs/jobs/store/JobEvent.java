package dev.corojobs.jobs.store;

import java.util.UUID;

/** One recorded change of a job: its state, attempt, worker, progress and error as JSON, in id order. */
public record JobEvent(long id, UUID jobId, String snapshot) {
}
