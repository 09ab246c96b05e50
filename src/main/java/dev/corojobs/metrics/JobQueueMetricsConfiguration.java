package dev.corojobs.metrics;

import dev.corojobs.jobs.JobService;
import dev.corojobs.jobs.JobsProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The job queue as operators watch it: its capacity ({@code corojobs_jobs_queue_capacity}) next to the queued
 * jobs that {@code corojobs_jobs{state="queued"}} counts, and how long the oldest queued job has waited
 * ({@code corojobs_jobs_queue_oldest_age_seconds}, 0 when the queue is empty).
 */
@Configuration(proxyBeanMethods = false)
class JobQueueMetricsConfiguration {

    @Bean
    MeterBinder jobQueueMetrics(JobService jobs, JobsProperties properties) {
        Clock clock = Clock.systemUTC();
        return registry -> {
            Gauge.builder("corojobs.jobs.queue.capacity", properties, JobsProperties::queueCapacity)
                    .description("Jobs the queue holds at most (corojobs.jobs.queue-capacity); beyond it submissions get 429")
                    .register(registry);
            TimeGauge.builder("corojobs.jobs.queue.oldest.age", jobs, TimeUnit.SECONDS, service -> service.oldestQueuedSince()
                            .map(since -> Math.max(0, Duration.between(since, clock.instant()).toMillis() / 1000.0))
                            .orElse(0.0))
                    .description("How long the job that has waited longest for a worker has been queued (0 when none is)")
                    .register(registry);
        };
    }
}
