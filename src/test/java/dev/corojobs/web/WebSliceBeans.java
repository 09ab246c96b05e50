package dev.corojobs.web;

import dev.corojobs.jobs.JobService;
import dev.corojobs.jobs.JobTypes;
import dev.corojobs.jobs.JobsProperties;
import dev.corojobs.runtime.TaskTracker;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * What a {@code @WebMvcTest} of a job controller needs beyond the web layer: the real job service, job type
 * registry and submission path (in memory, started by the context), and a task tracker. Each slice adds the job
 * types it submits.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(JobsProperties.class)
@Import({JobService.class, JobTypes.class, JobSubmissions.class})
public class WebSliceBeans {

    @Bean
    TaskTracker taskTracker() {
        return new TaskTracker();
    }
}
