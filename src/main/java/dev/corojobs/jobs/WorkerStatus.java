package dev.corojobs.jobs;

import java.time.Instant;

/**
 * The job workers as readiness sees them.
 *
 * @param size workers configured
 * @param alive workers whose thread runs (a dead one is replaced)
 * @param busy workers running a job now
 * @param queued jobs waiting in the queue
 * @param queueMovedAt when a worker last took a job from the queue (or the workers started)
 * @param replaced workers that died and were replaced since start
 */
public record WorkerStatus(int size, int alive, int busy, int queued, Instant queueMovedAt, long replaced) {
}
