package dev.corojobs.pipeline;

/** A stage thread was interrupted while pushing: the pipeline is being shut down. */
final class PipelineInterruptedException extends RuntimeException {

    PipelineInterruptedException() {
        super("pipeline stopped", null, false, false);
    }
}
