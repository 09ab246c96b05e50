package dev.corojobs.jobs.store;

/**
 * Running jobs whose lease had expired.
 *
 * @param requeued put back in the queue for another attempt
 * @param failed out of attempts: FAILED with a {@code worker-lost} error (or CANCELLED if cancel was requested)
 */
public record Rescue(int requeued, int failed) {
}
