package dev.corojobs.jobs;

/**
 * The answer to a submission.
 *
 * @param existing true when an Idempotency-Key matched an earlier submission and no new job was started
 */
public record Submitted(JobSnapshot job, boolean existing) {
}
