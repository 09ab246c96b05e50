package dev.corojobs.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;

/**
 * Drives one job's work to its end on the calling worker thread: step, check for cancellation and timeout,
 * step again. The work stays on this thread for its whole life, as a coroutine must.
 */
final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    /**
     * The clock (timeout, progress publishing) is read before the first step and then every 8th step: reading
     * it costs more than a tiny step (JobStepBenchmark), while real steps take up to a few ms, so timeouts and
     * progress still land within tens of ms. The cancel flag is checked before every step.
     */
    private static final long CLOCK_EVERY_STEPS_MASK = 7;

    private static final int LOGGED_CHARS = 500;

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
        boolean timed = job.timeout() != null;
        long deadline = timed ? startNanos + job.timeout().toNanos() : 0;
        long nextPublish = startNanos + progressIntervalNanos;
        Map<String, Object> latest = null;
        long steps = -1;
        try {
            for (;;) {
                if (job.cancelRequested()) {
                    closeQuietly(job);
                    return end(job, latest, JobState.CANCELLED, null, null);
                }
                if ((++steps & CLOCK_EVERY_STEPS_MASK) == 0) {
                    long now = System.nanoTime();
                    if (timed && now - deadline >= 0) {
                        closeQuietly(job);
                        return end(job, latest, JobState.FAILED, null, JobProblems.timeout(job.timeout()));
                    }
                    if (now - nextPublish >= 0) {
                        job.progress(latest);
                        nextPublish = now + progressIntervalNanos;
                    }
                }
                if (!work.resume(null)) {
                    return end(job, latest, JobState.SUCCEEDED, work.returnValue(), null);
                }
                latest = work.yielded();
            }
        } catch (Throwable failure) {
            // an Error (out of memory, stack overflow) fails this job, not the worker that runs the next one
            if (failure instanceof Error) {
                log.error("Job {} ({}) failed with an error", job.id(), job.type(), failure);
            } else {
                log.info("Job {} ({}) failed: {}", job.id(), job.type(), describe(failure));
            }
            closeQuietly(job);
            return end(job, latest, JobState.FAILED, null, JobProblems.failure(failure));
        }
    }

    /** Ends a job that may not start at all (it can never fit the heap budget). */
    void refuse(Job job, ProblemDetail problem) {
        if (job.start(clock.instant())) {
            closeQuietly(job);
            end(job, null, JobState.FAILED, null, problem);
        }
    }

    /**
     * Ends a job after {@link #run} itself failed (an error while recording the end, such as another
     * {@code OutOfMemoryError}), so the job does not stay RUNNING for ever.
     */
    void lastResort(Job job, Throwable escaped) {
        log.error("Job {} ({}): ending it failed", job.id(), job.type(), escaped);
        closeQuietly(job);
        job.finish(JobState.FAILED, null, JobProblems.failure(escaped), clock.instant());
    }

    /** The failure in a log line: a problem's detail, never its (possibly huge) partial result. */
    private static String describe(Throwable failure) {
        String text = failure instanceof ErrorResponse response && response.getBody().getDetail() != null
                ? failure.getClass().getSimpleName() + ": " + response.getBody().getDetail()
                : failure.toString();
        return text.length() <= LOGGED_CHARS ? text : text.substring(0, LOGGED_CHARS) + "...";
    }

    private JobState end(Job job, Map<String, Object> latest, JobState outcome, Object result, ProblemDetail error) {
        job.progress(latest);
        job.finish(outcome, result, error, clock.instant());
        return outcome;
    }

    private static void closeQuietly(Job job) {
        try {
            job.work().close();
        } catch (RuntimeException | Error cleanupFailure) {
            log.warn("Job {} ({}): cleanup failed: {}", job.id(), job.type(), cleanupFailure.toString());
        }
    }
}
