package dev.corojobs.jobs.store;

/** What one retention pass removed: jobs (with their results, events, inputs and traces) and orphaned uploads. */
public record Pruned(int jobs, int inputs) {
}
