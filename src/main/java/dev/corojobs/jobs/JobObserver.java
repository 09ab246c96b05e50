package dev.corojobs.jobs;

import java.time.Duration;
import java.util.function.ToLongFunction;

/**
 * Hears what happens to jobs, for metrics. Called on submitting and worker threads, so implementations must
 * be cheap and thread-safe; they must not throw.
 */
public interface JobObserver {

    /**
     * A job type was seen for the first time. {@code retained} reads how many jobs of that type are retained
     * in each state now (cheap: maintained on each state change).
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
}
