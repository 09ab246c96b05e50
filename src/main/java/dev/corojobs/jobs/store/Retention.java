package dev.corojobs.jobs.store;

import java.time.Duration;

/**
 * How long finished jobs are kept, per final state, and how many at most.
 *
 * @param maxFinished finished jobs kept at most; the oldest go first
 */
public record Retention(Duration succeeded, Duration failed, Duration cancelled, int maxFinished) {
}
