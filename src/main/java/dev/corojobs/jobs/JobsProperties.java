package dev.corojobs.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the job platform, under {@code corojobs.jobs}.
 *
 * @param concurrency jobs running at once, each on its own worker thread (default 2: one per core here)
 * @param queueCapacity submitted jobs that may wait for a worker; beyond it submissions are refused (429)
 * @param retentionCount finished jobs kept; the oldest finished ones are forgotten first
 * @param retentionAge how long a finished job is kept
 * @param maxWait the longest a request may wait for a job to finish ({@code wait} query parameter)
 * @param maxTimeout the longest per-job {@code timeout} a submission may ask for; longer ones are refused with 400
 * @param shutdownGrace on shutdown, how long running and queued jobs may still run before they are cancelled
 * @param progressInterval how often a running job's progress is published (to GET and event streams)
 * @param maxRequestSize the largest request body accepted (JSON submissions; multipart uploads have their own
 *     limits); larger bodies are refused with 413
 * @param maxWaitingSubmissions submissions with {@code wait} that may hold their request thread at once; beyond
 *     that a submission answers 202 at once instead of waiting, so waiting clients cannot starve the web server's
 *     threads (health probes included)
 */
@ConfigurationProperties("corojobs.jobs")
public record JobsProperties(
        @DefaultValue("2") int concurrency,
        @DefaultValue("256") int queueCapacity,
        @DefaultValue("1000") int retentionCount,
        @DefaultValue("1h") Duration retentionAge,
        @DefaultValue("60s") Duration maxWait,
        @DefaultValue("1h") Duration maxTimeout,
        @DefaultValue("10s") Duration shutdownGrace,
        @DefaultValue("100ms") Duration progressInterval,
        @DefaultValue("4MB") DataSize maxRequestSize,
        @DefaultValue("64") int maxWaitingSubmissions) {

    public JobsProperties {
        if (concurrency < 1) {
            throw new IllegalArgumentException("corojobs.jobs.concurrency must be at least 1, was " + concurrency);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("corojobs.jobs.queue-capacity must be at least 1, was " + queueCapacity);
        }
        if (retentionCount < 0) {
            throw new IllegalArgumentException("corojobs.jobs.retention-count must not be negative, was " + retentionCount);
        }
    }
}
