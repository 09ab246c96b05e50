package dev.corojobs.jobs;

/** Thrown by a job's work to end the job FAILED with an error of its own choosing rather than a generic one. */
public class JobFailedException extends RuntimeException {

    private final transient JobError error;

    public JobFailedException(JobError error, Throwable cause) {
        super(error.detail(), cause);
        this.error = error;
    }

    public JobError error() {
        return error;
    }
}
