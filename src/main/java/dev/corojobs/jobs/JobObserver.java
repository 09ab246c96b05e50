package dev.corojobs.jobs;

import java.time.Duration;
import java.util.function.ToLongFunction;

/**
 * Hears what happens to jobs, for metrics. Called on submitting and worker threads, so implementations must
 * be cheap and thread-safe; they must not throw.
 */
public interface JobObserver {

    /**
     * A job type is known. {@code retained} reads how many jobs of that type the store keeps in each state (cheap:
     * a cached count, refreshed every few seconds).
     */
    default void typeSeen(String type, ToLongFunction<JobState> retained) {
    }

    default void submitted(String type) {
    }

    default void rejected(String type, JobRejectedException.Reason reason) {
    }

    /** A queued job started running on a worker; {@code queued} is the time from submission to start. */
    default void started(String type, Duration queued) {
    }

    /** A job ended; {@code ran} is the time from start to end (zero if it never ran). */
    default void finished(String type, JobState outcome, Duration ran) {
    }

    /**
     * This replica found jobs whose worker stopped renewing its lease: {@code requeued} went back to the queue,
     * {@code failed} had no attempts left.
     */
    default void rescued(int requeued, int failed) {
    }

    /** A job running here lost its lease (another replica took it over): its outcome here is not kept. */
    default void leaseLost(String type) {
    }
}
