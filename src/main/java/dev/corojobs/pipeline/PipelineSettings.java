package dev.corojobs.pipeline;

import java.util.List;

/**
 * Tuning of a pipeline run.
 *
 * @param queueCapacity batches a threaded stage's inbox holds before pushing into it blocks
 * @param batchBytes input bytes per batch (whole lines; a batch of 256 KiB holds about a thousand lines)
 * @param sampleCount malformed lines kept as samples
 * @param maxLineBytes longest line read whole; a longer one is cut and counted malformed
 * @param parallelism worker threads of {@code parallel} mode
 * @param maxDistinctKeys distinct keys one branch may count exactly; one more fails the job, naming the limit
 * @param maxKeyBytes bytes of distinct keys one branch may hold; over it the job fails
 */
public record PipelineSettings(int queueCapacity, int batchBytes, int sampleCount, int maxLineBytes, int parallelism,
                               int maxDistinctKeys, long maxKeyBytes) {

    public static final int DEFAULT_MAX_DISTINCT_KEYS = 50_000;
    public static final long DEFAULT_MAX_KEY_BYTES = 4L << 20;
    /** Status codes have three digits: a branch grouped by status never holds more keys. */
    private static final int STATUS_KEYS = 1000;
    public static final PipelineSettings DEFAULTS = new PipelineSettings(8, 256 * 1024, 10, 1024 * 1024);

    /** Heap per distinct key: the counter's tables, and the rendered key and its map entry in the result. */
    private static final long BYTES_PER_KEY = 160;

    /** Settings whose {@code parallel} mode uses every core, with the default key limits. */
    public PipelineSettings(int queueCapacity, int batchBytes, int sampleCount, int maxLineBytes) {
        this(queueCapacity, batchBytes, sampleCount, maxLineBytes, Runtime.getRuntime().availableProcessors());
    }

    /** Settings with the default key limits. */
    public PipelineSettings(int queueCapacity, int batchBytes, int sampleCount, int maxLineBytes, int parallelism) {
        this(queueCapacity, batchBytes, sampleCount, maxLineBytes, parallelism, DEFAULT_MAX_DISTINCT_KEYS,
                DEFAULT_MAX_KEY_BYTES);
    }

    /** Settings whose {@code parallel} mode uses every core. */
    public PipelineSettings(int queueCapacity, int batchBytes, int sampleCount, int maxLineBytes, int maxDistinctKeys,
            long maxKeyBytes) {
        this(queueCapacity, batchBytes, sampleCount, maxLineBytes, Runtime.getRuntime().availableProcessors(),
                maxDistinctKeys, maxKeyBytes);
    }

    public PipelineSettings {
        if (maxDistinctKeys < 1 || maxKeyBytes < 1) {
            throw new IllegalArgumentException("maxDistinctKeys and maxKeyBytes must be positive");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1");
        }
        if (batchBytes < 1024) {
            throw new IllegalArgumentException("batchBytes must be at least 1024");
        }
        if (sampleCount < 0) {
            throw new IllegalArgumentException("sampleCount must not be negative");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        if (maxLineBytes < batchBytes) {
            throw new IllegalArgumentException("maxLineBytes must be at least batchBytes");
        }
    }

    /**
     * The most heap a pipeline of {@code branches} branches holds under these settings: each branch's keys at
     * their limits (bytes held twice: in the counter and rendered), the batches in flight (a queue per
     * threaded stage, or one batch inline) and the longest line.
     */
    public long memoryBudget(List<GroupBy> branches, boolean threaded) {
        long keys = 0;
        for (GroupBy groupBy : branches) {
            keys += groupBy == GroupBy.STATUS ? STATUS_KEYS * (BYTES_PER_KEY + 8)
                    : (long) maxDistinctKeys * BYTES_PER_KEY + 2 * maxKeyBytes;
        }
        long stages = threaded ? 1 + 3L * branches.size() : 1;
        long batches = stages * (queueCapacity + 1) * (long) batchBytes * 2;
        return keys + batches + 2L * maxLineBytes;
    }
}
