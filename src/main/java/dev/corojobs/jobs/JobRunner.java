package dev.corojobs.jobs;

import dev.corojobs.jobs.store.Completion;
import dev.corojobs.jobs.store.FinishOutcome;
import dev.corojobs.jobs.store.JobCodec;
import dev.corojobs.jobs.store.JobStore;
import dev.corojobs.jobs.store.StoredJob;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Drives one claimed job's work to its end on the calling worker thread: step, check for cancellation, a lost
 * lease and the timeout, step again; then writes the outcome to the store under the job's lease. The work
 * stays on this thread for its whole life, as a coroutine must. While a job runs, the thread's MDC carries its id
 * and type ({@value #MDC_JOB_ID}, {@value #MDC_JOB_TYPE}), so every log line written for it names it, and each
 * {@link JobRunHook} holds a scope open around the run.
 */
final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final int LOGGED_CHARS = 500;
    /**
     * The clock (timeout, progress publishing) is read before the first step and then every 8th step: reading
     * it costs more than a tiny step (JobStepBenchmark), while real steps take up to a few ms, so timeouts and
     * progress still land within tens of ms. The stop flag is checked before every step.
     */
    private static final long CLOCK_EVERY_STEPS_MASK = 7;
    private static final int TRACE_CHUNK = 256 * 1024;

    static final String MDC_JOB_ID = "job.id";
    static final String MDC_JOB_TYPE = "job.type";

    private final JobStore store;
    private final JobCodec codec;
    private final long progressIntervalNanos;
    private final List<JobRunHook> hooks;

    JobRunner(JobStore store, JobCodec codec, Duration progressInterval) {
        this(store, codec, progressInterval, List.of());
    }

    JobRunner(JobStore store, JobCodec codec, Duration progressInterval, List<JobRunHook> hooks) {
        this.store = store;
        this.codec = codec;
        this.progressIntervalNanos = progressInterval.toNanos();
        this.hooks = List.copyOf(hooks);
    }

    /**
     * Runs the job to its end. Returns how it ended, or null when it was not this worker's to end (lease lost,
     * or handed back to the queue on shutdown).
     */
    JobState run(RunningJob job) {
        StoredJob stored = job.job();
        MDC.put(MDC_JOB_ID, stored.id().toString());
        MDC.put(MDC_JOB_TYPE, stored.type());
        List<JobRunHook.Scope> scopes = open(stored);
        JobState outcome = null;
        JobError error = null;
        try {
            Ending ending = drive(job);
            if (ending != null) {
                outcome = end(job, ending);
                error = ending.error();
            }
            return outcome;
        } finally {
            for (int i = scopes.size() - 1; i >= 0; i--) {
                try {
                    scopes.get(i).close(outcome, error);
                } catch (RuntimeException e) {
                    log.warn("Job {} ({}): closing a run hook failed: {}", stored.id(), stored.type(), e.toString());
                }
            }
            MDC.remove(MDC_JOB_ID);
            MDC.remove(MDC_JOB_TYPE);
        }
    }

    private List<JobRunHook.Scope> open(StoredJob job) {
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

    /** How the work ended, before it is written to the store. */
    record Ending(JobState state, Map<String, Object> progress, Object result, JobError error) {
    }

    /** Steps the work to its end; null when it must stop without an outcome (lease lost, handed back). */
    Ending drive(RunningJob job) {
        JobWork work = job.work();
        long startNanos = System.nanoTime();
        Duration timeout = job.job().timeout();
        long deadline = timeout == null ? 0 : startNanos + timeout.toNanos();
        long nextPublish = startNanos + progressIntervalNanos;
        Map<String, Object> latest = null;
        long steps = -1;
        try {
            for (;;) {
                RunningJob.Stop stop = job.stop();
                if (stop != RunningJob.Stop.NONE) {
                    closeQuietly(job);
                    if (stop == RunningJob.Stop.CANCEL) {
                        return new Ending(JobState.CANCELLED, latest, null, null);
                    }
                    log.info("Job {} ({}) stopped on this replica: {}", job.job().id(), job.job().type(), stop);
                    discardQuietly(job);
                    return null;
                }
                if ((++steps & CLOCK_EVERY_STEPS_MASK) == 0) {
                    long now = System.nanoTime();
                    if (timeout != null && now - deadline >= 0) {
                        closeQuietly(job);
                        return new Ending(JobState.FAILED, latest, null, JobError.timeout(timeout));
                    }
                    if (now - nextPublish >= 0) {
                        job.publish(copy(latest));
                        nextPublish = now + progressIntervalNanos;
                    }
                }
                if (!work.resume(null)) {
                    return new Ending(JobState.SUCCEEDED, latest, work.returnValue(), null);
                }
                latest = work.yielded();
            }
        } catch (Throwable failure) {
            // an Error (out of memory, stack overflow) fails this job, not the worker that runs the next one
            if (failure instanceof Error) {
                log.error("Job {} ({}) failed with an error", job.job().id(), job.job().type(), failure);
            } else {
                log.info("Job {} ({}) failed: {}", job.job().id(), job.job().type(), describe(failure));
            }
            closeQuietly(job);
            return new Ending(JobState.FAILED, latest, null, error(job.type(), failure));
        }
    }

    /** Ends a job that may not start at all (it can never fit the heap budget). */
    JobState refuse(RunningJob job, JobError error) {
        closeQuietly(job);
        return end(job, new Ending(JobState.FAILED, null, null, error));
    }

    /**
     * Ends a job after {@link #run} itself failed (an error while recording the end, such as another
     * {@code OutOfMemoryError}), so the job does not stay RUNNING until its lease expires.
     */
    JobState lastResort(RunningJob job, Throwable escaped) {
        log.error("Job {} ({}): ending it failed", job.job().id(), job.job().type(), escaped);
        closeQuietly(job);
        return end(job, new Ending(JobState.FAILED, null, null, JobError.failure(escaped)));
    }

    /** The failure in a log line: a chosen error's detail, never its (possibly huge) partial result. */
    private static String describe(Throwable failure) {
        String text = failure instanceof JobFailedException chosen && chosen.error().detail() != null
                ? failure.getClass().getSimpleName() + ": " + chosen.error().detail()
                : failure.toString();
        return text.length() <= LOGGED_CHARS ? text : text.substring(0, LOGGED_CHARS) + "...";
    }

    private JobState end(RunningJob job, Ending ending) {
        JobState outcome = ending.state();
        Object result = ending.result();
        JobError error = ending.error();
        String progress = codec.progress(copy(ending.progress()));
        Completion completion;
        try {
            completion = switch (outcome) {
                case SUCCEEDED -> Completion.succeeded(codec.result(result), progress);
                case FAILED -> Completion.failed(codec.error(error), progress);
                default -> Completion.cancelled(progress);
            };
        } catch (RuntimeException unserializable) {
            completion = Completion.failed(codec.error(JobError.failure(unserializable)), progress);
        }
        saveTrace(job);
        FinishOutcome finished = store.finish(job.lease(), completion);
        return switch (finished) {
            case FINISHED -> completion.state();
            case RESULT_TOO_LARGE -> JobState.FAILED;
            case REFUSED -> {
                log.warn("Job {} ({}): its lease was lost before it ended; the outcome {} was not kept",
                        job.job().id(), job.job().type(), outcome);
                job.stop(RunningJob.Stop.LEASE_LOST);
                yield null;
            }
        };
    }

    /** Keeps the work's trace in the store, where every replica reads it, then frees the local copy. */
    private void saveTrace(RunningJob job) {
        job.work().trace().ifPresent(trace -> {
            try {
                store.clearTrace(job.job().id());
                try (OutputStream out = store.traceOutput(job.job().id(), TRACE_CHUNK)) {
                    trace.writeTo(out);
                }
            } catch (IOException | RuntimeException e) {
                log.warn("Job {}: its trace could not be stored: {}", job.job().id(), e.toString());
            }
        });
        discardQuietly(job);
    }

    private static void discardQuietly(RunningJob job) {
        try {
            job.work().discard();
        } catch (RuntimeException e) {
            log.warn("Job {}: releasing its work failed: {}", job.job().id(), e.toString());
        }
    }

    static JobError error(JobType type, Throwable failure) {
        try {
            return type.error(failure);
        } catch (RuntimeException mappingFailed) {
            log.warn("Job type {} could not describe a failure: {}", type.name(), mappingFailed.toString());
            return JobError.failure(failure);
        }
    }

    private static Map<String, Object> copy(Map<String, Object> latest) {
        return latest == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(latest));
    }

    private static void closeQuietly(RunningJob job) {
        try {
            job.work().close();
        } catch (RuntimeException | Error cleanupFailure) {
            log.warn("Job {} ({}): cleanup failed: {}", job.job().id(), job.job().type(), cleanupFailure.toString());
        }
    }
}
