package dev.corojobs.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * DOWN when no worker can take a job (all dead), or when jobs wait and the queue has not moved for the stall
 * timeout (every worker is stuck in a job, or waits for heap budget); UP otherwise, with the figures as details.
 */
final class JobWorkersHealth implements HealthIndicator {

    private final Supplier<WorkerStatus> status;
    private final Duration stallTimeout;
    private final Clock clock;

    JobWorkersHealth(Supplier<WorkerStatus> status, Duration stallTimeout, Clock clock) {
        this.status = status;
        this.stallTimeout = stallTimeout;
        this.clock = clock;
    }

    @Override
    public Health health() {
        WorkerStatus now = status.get();
        Duration still = Duration.between(now.queueMovedAt(), clock.instant());
        Health.Builder health;
        if (now.alive() == 0) {
            health = Health.down().withDetail("reason", "no job worker is alive");
        } else if (now.queued() > 0 && still.compareTo(stallTimeout) >= 0) {
            health = Health.down().withDetail("reason", now.queued() + " jobs wait and no worker has taken one for "
                    + still.toSeconds() + " s (stall timeout " + stallTimeout + ")");
        } else {
            health = Health.up();
        }
        return health.withDetail("workers", now.size())
                .withDetail("alive", now.alive())
                .withDetail("busy", now.busy())
                .withDetail("queued", now.queued())
                .withDetail("queueMovedAt", now.queueMovedAt().toString())
                .withDetail("replaced", now.replaced())
                .build();
    }
}
