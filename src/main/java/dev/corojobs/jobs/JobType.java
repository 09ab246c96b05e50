package dev.corojobs.jobs;

/**
 * A kind of job: how a kept request becomes work, and how a failure of that work becomes an error. Register one
 * as a bean; {@link JobTypes} finds it by {@link #name()}.
 */
public interface JobType {

    /** The type's name as clients see it in the job JSON, e.g. {@code scheduler-simulation}; one constant per type. */
    String name();

    /** The path segment under {@code /api/v1/jobs/} whose POST submits this type; the name unless it differs. */
    default String resource() {
        return name();
    }

    /**
     * Turns a request back into work. Called on the submitting thread before anything is kept, so an exception
     * for invalid input reaches the client and no job exists; called again wherever the job runs, so it must
     * depend on nothing but {@code request} and this type's configuration.
     */
    JobWork work(JobRequest request);

    /** Why the work failed, from what a step threw; a {@link JobFailedException} chooses its own error. */
    default JobError error(Throwable failure) {
        return JobError.failure(failure);
    }
}
