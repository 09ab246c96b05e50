package dev.corojobs.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.springframework.http.ProblemDetail;
import org.slf4j.LoggerFactory;

/**
 * Drives one job's work to its end on the calling worker thread: step, check for cancellation and timeout,
 * step again. The work stays on this thread for its whole life, as a coroutine must.
 */
final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final Clock clock;
    private final long progressIntervalNanos;

    JobRunner(Clock clock, Duration progressInterval) {
        this.clock = clock;
        this.progressIntervalNanos = progressInterval.toNanos();
    }

    /** Runs {@code job} if it is still queued; returns the final state, or null if it had already ended. */
    JobState run(Job job) {
        if (!job.start(clock.instant())) {
            return null;
        }
        JobWork work = job.work();
        long startNanos = System.nanoTime();
        long deadline = job.timeout() == null ? Long.MAX_VALUE : startNanos + job.timeout().toNanos();
        long nextPublish = startNanos + progressIntervalNanos;
        Map<String, Object> latest = null;
        try {
            for (;;) {
                if (job.cancelRequested()) {
                    closeQuietly(job);
                    return end(job, latest, JobState.CANCELLED, null, null);
                }
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    closeQuietly(job);
                    return end(job, latest, JobState.FAILED, null, JobProblems.timeout(job.timeout()));
                }
                if (!work.resume(null)) {
                    return end(job, latest, JobState.SUCCEEDED, work.returnValue(), null);
                }
                latest = work.yielded();
                if (now - nextPublish >= 0) {
                    job.progress(latest);
                    nextPublish = now + progressIntervalNanos;
                }
            }
        } catch (Throwable failure) {
            if (failure instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            log.info("Job {} ({}) failed: {}", job.id(), job.type(), failure.toString());
            closeQuietly(job);
            return end(job, latest, JobState.FAILED, null, JobProblems.failure(failure));
        }
    }

    private JobState end(Job job, Map<String, Object> latest, JobState outcome, Object result, ProblemDetail error) {
        job.progress(latest);
        job.finish(outcome, result, error, clock.instant());
        return outcome;
    }

    private static void closeQuietly(Job job) {
        try {
            job.work().close();
        } catch (RuntimeException cleanupFailure) {
            log.warn("Job {} ({}): cleanup failed: {}", job.id(), job.type(), cleanupFailure.toString());
        }
    }
}
