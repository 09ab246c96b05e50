package dev.corojobs.jobs;

import java.time.Clock;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The heap budget that admits running jobs, and the readiness check of the job workers. */
@Configuration(proxyBeanMethods = false)
class JobGuardConfiguration {

    @Bean
    HeapBudget heapBudget(JobGuardProperties guards) {
        return HeapBudget.ofHeapShare(guards.heapShare());
    }

    /** In the readiness group (application.yaml): an instance whose workers cannot take jobs gets no traffic. */
    @Bean
    HealthIndicator jobWorkersHealthIndicator(JobService jobs, JobGuardProperties guards) {
        return new JobWorkersHealth(jobs::workerStatus, guards.stallTimeout(), Clock.systemUTC());
    }
}
