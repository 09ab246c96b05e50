package dev.corojobs.jobs;

import java.util.UUID;

/**
 * Wraps each job's run, for tracing: it captures the submitting thread's trace context when a job is queued,
 * and opens a scope on the worker thread around the run. Implementations must be cheap and must not throw.
 */
public interface JobRunHook {

    /**
     * The W3C {@code traceparent} of the trace the submitting thread is in, kept with the job; null for none.
     * Called on the submitting thread.
     */
    default String captureTraceparent() {
        return null;
    }

    /** Called on the worker thread before the job's first step; the scope is closed on that thread after its last. */
    Scope running(JobRun run);

    /** The job a run belongs to, with the trace context captured when it was submitted (or null). */
    record JobRun(UUID id, String type, String traceparent) {
    }

    /** The span of one run, or whatever else the hook keeps open while it runs. */
    interface Scope {

        /**
         * The run ended with {@code outcome}; {@code error} is the error the job reports, or null. The outcome is
         * null when the run stopped on this replica without one (lease lost, or handed back to the queue).
         */
        void close(JobState outcome, JobError error);
    }
}
