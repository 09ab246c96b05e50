package dev.corojobs.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.ProblemDetail;

/**
 * Drives one job's work to its end on the calling worker thread: step, check for cancellation and timeout,
 * step again. The work stays on this thread for its whole life, as a coroutine must. While a job runs, the
 * thread's MDC carries its id and type ({@value #MDC_JOB_ID}, {@value #MDC_JOB_TYPE}), so every log line
 * written for it names it, and each {@link JobRunHook} holds a scope open around the run.
 */
final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    /**
     * The clock (timeout, progress publishing) is read before the first step and then every 8th step: reading
     * it costs more than a tiny step (JobStepBenchmark), while real steps take up to a few ms, so timeouts and
     * progress still land within tens of ms. The cancel flag is checked before every step.
     */
    private static final long CLOCK_EVERY_STEPS_MASK = 7;

    static final String MDC_JOB_ID = "job.id";
    static final String MDC_JOB_TYPE = "job.type";

    private final Clock clock;
    private final long progressIntervalNanos;
    private final List<JobRunHook> hooks;

    JobRunner(Clock clock, Duration progressInterval, List<JobRunHook> hooks) {
        this.clock = clock;
        this.progressIntervalNanos = progressInterval.toNanos();
        this.hooks = hooks;
    }

    /** Runs {@code job} if it is still queued; returns the final state, or null if it had already ended. */
    JobState run(Job job) {
        if (!job.start(clock.instant())) {
            return null;
        }
        MDC.put(MDC_JOB_ID, job.id().toString());
        MDC.put(MDC_JOB_TYPE, job.type());
        List<JobRunHook.Scope> scopes = open(job);
        try {
            return steps(job);
        } finally {
            JobSnapshot end = job.snapshot();
            for (int i = scopes.size() - 1; i >= 0; i--) {
                try {
                    scopes.get(i).close(end.state(), end.error());
                } catch (RuntimeException e) {
                    log.warn("Job {} ({}): closing a run hook failed: {}", job.id(), job.type(), e.toString());
                }
            }
            MDC.remove(MDC_JOB_ID);
            MDC.remove(MDC_JOB_TYPE);
        }
    }

    private List<JobRunHook.Scope> open(Job job) {
        if (hooks.isEmpty()) {
            return List.of();
        }
        JobRunHook.JobRun run = new JobRunHook.JobRun(job.id(), job.type(), job.traceparent());
        List<JobRunHook.Scope> scopes = new ArrayList<>(hooks.size());
        for (JobRunHook hook : hooks) {
            try {
                scopes.add(hook.running(run));
            } catch (RuntimeException e) {
                log.warn("Job {} ({}): a run hook failed: {}", job.id(), job.type(), e.toString());
            }
        }
        return scopes;
    }

    private JobState steps(Job job) {
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
