package dev.corojobs.metrics;

import dev.corojobs.jobs.JobObserver;
import dev.corojobs.jobs.JobRejectedException;
import dev.corojobs.jobs.JobState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.springframework.stereotype.Component;

/**
 * The job meters: {@code corojobs_jobs{type,state}}, {@code corojobs_jobs_submitted_total{type}},
 * {@code corojobs_jobs_rejected_total{type,reason}}, {@code corojobs_job_queue_wait_seconds{type}},
 * {@code corojobs_job_duration_seconds{type,outcome}},
 * {@code corojobs_jobs_rescued_total{outcome}} (jobs whose worker vanished: requeued, or failed out of attempts)
 * and {@code corojobs_jobs_leases_lost_total{type}} (jobs this replica was running when another took them over).
 * Meters are looked up once per type (and outcome) and cached, so a job event costs a map lookup and an add.
 * The counters (lost leases too) and the queue-wait timer of a type are registered when the type is first seen, so that rates over them read 0 rather than nothing.
 */
@Component
class JobMetrics implements JobObserver {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> submitted = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> rejected = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> durations = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> leasesLost = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> queueWaits = new ConcurrentHashMap<>();

    JobMetrics(MeterRegistry registry) {
        this.registry = registry;
        rescuedCounter("requeued");
        rescuedCounter("failed");
    }

    @Override
    public void typeSeen(String type, ToLongFunction<JobState> retained) {
        for (JobState state : JobState.values()) {
            Gauge.builder("corojobs.jobs", retained, r -> r.applyAsLong(state))
                    .description("Jobs the store keeps now (queued, running, or finished and not yet pruned), by type and state")
                    .tag("type", type)
                    .tag("state", state.label())
                    .strongReference(true)
                    .register(registry);
        }
        submittedCounter(type);
        for (JobRejectedException.Reason reason : JobRejectedException.Reason.values()) {
            rejectedCounter(type, reason);
        }
        queueWait(type);
        leasesLostCounter(type);
    }

    @Override
    public void submitted(String type) {
        submittedCounter(type).increment();
    }

    @Override
    public void rejected(String type, JobRejectedException.Reason reason) {
        rejectedCounter(type, reason).increment();
    }

    @Override
    public void started(String type, Duration queued) {
        queueWait(type).record(queued);
    }

    @Override
    public void finished(String type, JobState outcome, Duration ran) {
        durations.computeIfAbsent(type + '\n' + outcome.label(), key -> Timer.builder("corojobs.job.duration")
                .description("How long jobs ran, from start to end, by type and outcome (cancelled-while-queued jobs count 0)")
                .tag("type", type)
                .tag("outcome", outcome.label())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry)).record(ran);
    }

    @Override
    public void rescued(int requeued, int failed) {
        rescuedCounter("requeued").increment(requeued);
        rescuedCounter("failed").increment(failed);
    }

    @Override
    public void leaseLost(String type) {
        leasesLostCounter(type).increment();
    }

    private Counter leasesLostCounter(String type) {
        return leasesLost.computeIfAbsent(type, t -> Counter.builder("corojobs.jobs.leases.lost")
                .description("Jobs this replica ran whose lease expired and went to another attempt")
                .tag("type", type)
                .register(registry));
    }

    private Counter rescuedCounter(String outcome) {
        return Counter.builder("corojobs.jobs.rescued")
                .description("Jobs found with an expired lease: requeued for another attempt, or failed (worker-lost)")
                .tag("outcome", outcome)
                .register(registry);
    }

    private Counter rejectedCounter(String type, JobRejectedException.Reason reason) {
        return rejected.computeIfAbsent(type + '\n' + reason.label(), key -> Counter.builder("corojobs.jobs.rejected")
                .description("Job submissions refused (queue full, or shutting down)")
                .tag("type", type)
                .tag("reason", reason.label())
                .register(registry));
    }

    private Timer queueWait(String type) {
        return queueWaits.computeIfAbsent(type, t -> Timer.builder("corojobs.job.queue.wait")
                .description("How long jobs waited in the queue, from submission until a worker started them, by type")
                .tag("type", type)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry));
    }

    private Counter submittedCounter(String type) {
        return submitted.computeIfAbsent(type, t -> Counter.builder("corojobs.jobs.submitted")
                .description("Jobs accepted for running")
                .tag("type", type)
                .register(registry));
    }
}
