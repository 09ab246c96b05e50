package dev.corojobs.jobs;

import dev.corojobs.jobs.store.Lease;
import dev.corojobs.jobs.store.StoredJob;
import java.util.Map;

/**
 * A job this replica runs: its lease, its work, and the flags other threads set for the worker thread to read
 * between steps (cancel asked, lease lost, replica leaving). The heartbeat thread writes the progress the
 * worker published.
 */
final class RunningJob {

    /** Why the worker must stop before the work ends on its own. */
    enum Stop { NONE, CANCEL, LEASE_LOST, RELEASE }

    private final StoredJob job;
    private final JobType type;
    private final JobWork work;
    private volatile Stop stop = Stop.NONE;
    private volatile Map<String, Object> progress;
    private Map<String, Object> writtenProgress;
    private long lastBeatNanos = System.nanoTime();

    RunningJob(StoredJob job, JobType type, JobWork work) {
        this.job = job;
        this.type = type;
        this.work = work;
    }

    StoredJob job() {
        return job;
    }

    Lease lease() {
        return job.lease();
    }

    JobType type() {
        return type;
    }

    JobWork work() {
        return work;
    }

    Stop stop() {
        return stop;
    }

    /** Asks the worker to stop; a cancel never overrides a lost lease or a release. */
    void stop(Stop reason) {
        if (reason != Stop.CANCEL || stop == Stop.NONE) {
            stop = reason;
        }
    }

    Map<String, Object> progress() {
        return progress;
    }

    /** Called by the worker thread with a private copy of the latest progress. */
    void publish(Map<String, Object> latest) {
        progress = latest;
    }

    /** Heartbeat thread only: the progress to write now, or null if it was written already. */
    Map<String, Object> unwrittenProgress() {
        Map<String, Object> latest = progress;
        return latest == writtenProgress ? null : latest;
    }

    /** Heartbeat thread only. */
    void beat(Map<String, Object> written, long nowNanos) {
        if (written != null) {
            writtenProgress = written;
        }
        lastBeatNanos = nowNanos;
    }

    /** Heartbeat thread only. */
    long lastBeatNanos() {
        return lastBeatNanos;
    }
}
