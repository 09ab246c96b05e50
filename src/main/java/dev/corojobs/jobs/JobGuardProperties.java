package dev.corojobs.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What keeps one job from taking the service down, under {@code corojobs.jobs.guards}.
 *
 * @param heapShare the share of the maximum heap that running jobs' memory budgets may add up to; a job waits
 *     (QUEUED) until its budget fits, and fails at once if it could never fit
 * @param stallTimeout readiness goes DOWN when jobs wait in the queue and no worker has taken one for this long
 */
@ConfigurationProperties("corojobs.jobs.guards")
public record JobGuardProperties(
        @DefaultValue("0.5") double heapShare,
        @DefaultValue("5m") Duration stallTimeout) {

    public JobGuardProperties {
        if (!(heapShare > 0 && heapShare <= 1)) {
            throw new IllegalArgumentException("corojobs.jobs.guards.heap-share must be in (0, 1], was " + heapShare);
        }
        if (stallTimeout == null || !stallTimeout.isPositive()) {
            throw new IllegalArgumentException("corojobs.jobs.guards.stall-timeout must be positive, was " + stallTimeout);
        }
    }
}
