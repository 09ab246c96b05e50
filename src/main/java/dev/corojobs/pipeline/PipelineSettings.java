package dev.corojobs.pipeline;

/**
 * Tuning of a pipeline run.
 *
 * @param queueCapacity batches a threaded stage's inbox holds before pushing into it blocks
 * @param batchBytes input bytes per batch (whole lines; a batch of 256 KiB holds about a thousand lines)
 * @param sampleCount malformed lines kept as samples
 * @param maxLineBytes longest line read whole; a longer one is cut and counted malformed
 * @param parallelism worker threads of {@code parallel} mode
 */
public record PipelineSettings(int queueCapacity, int batchBytes, int sampleCount, int maxLineBytes, int parallelism) {

    public static final PipelineSettings DEFAULTS = new PipelineSettings(8, 256 * 1024, 10, 1024 * 1024);

    /** Settings whose {@code parallel} mode uses every core. */
    public PipelineSettings(int queueCapacity, int batchBytes, int sampleCount, int maxLineBytes) {
        this(queueCapacity, batchBytes, sampleCount, maxLineBytes, Runtime.getRuntime().availableProcessors());
    }

    public PipelineSettings {
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
}
