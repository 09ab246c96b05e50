package dev.corojobs.jobs.store;

import java.util.UUID;

/** A worker's hold on a running job: every write it makes is refused once another claim has superseded it. */
public record Lease(UUID jobId, String worker, int attempt) {
}
