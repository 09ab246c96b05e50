package dev.corojobs.jobs.store;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the job store, under {@code corojobs.store}.
 *
 * @param leaseDuration how long a claimed job stays its worker's without a heartbeat; after that any replica
 *     puts it back in the queue
 * @param heartbeatInterval how often a worker renews the leases of its running jobs (well under the lease)
 * @param pollInterval how often replicas look at the database when no notification woke them
 * @param maxResultSize the largest result (JSON) stored; a job whose result is larger fails with
 *     {@code result-too-large}
 * @param retention how long finished jobs are kept, per final state
 * @param pruneInterval how often each replica removes finished jobs past their retention
 * @param pruneBatch jobs removed per retention statement
 * @param embedded the PostgreSQL started by the application when {@code spring.datasource.url} is not set
 */
@ConfigurationProperties("corojobs.store")
public record StoreProperties(
        @DefaultValue("30s") Duration leaseDuration,
        @DefaultValue("10s") Duration heartbeatInterval,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("16MB") DataSize maxResultSize,
        @DefaultValue RetentionAges retention,
        @DefaultValue("30s") Duration pruneInterval,
        @DefaultValue("500") int pruneBatch,
        @DefaultValue Embedded embedded) {

    public StoreProperties {
        if (!heartbeatInterval.isPositive() || heartbeatInterval.compareTo(leaseDuration) >= 0) {
            throw new IllegalArgumentException("corojobs.store.heartbeat-interval (" + heartbeatInterval
                    + ") must be positive and shorter than corojobs.store.lease-duration (" + leaseDuration + ")");
        }
        if (pruneBatch < 1) {
            throw new IllegalArgumentException("corojobs.store.prune-batch must be at least 1, was " + pruneBatch);
        }
    }

    /** How long finished jobs are kept in each final state. */
    public record RetentionAges(
            @DefaultValue("24h") Duration succeeded,
            @DefaultValue("7d") Duration failed,
            @DefaultValue("7d") Duration cancelled) {
    }

    /**
     * @param dataDir where the embedded PostgreSQL keeps its data; it survives restarts, and must not lie inside
     *     {@code corojobs.pipeline.data-dir}
     */
    public record Embedded(@DefaultValue("state/postgres") Path dataDir) {
    }
}
