package dev.corojobs.pipeline;

/** How the stages of a pipeline are driven. */
public enum PipelineMode {
    /** All stages on the job's thread: each send runs the next stage directly. */
    INLINE("inline"),
    /** Each stage on its own worker thread behind a bounded queue of batches. */
    THREADED("threaded"),
    /**
     * The input cut into batches of whole lines that one inline pipeline per core parses and aggregates; the
     * per-pipeline sums are merged at the end, so the result is the same as with one thread.
     */
    PARALLEL("parallel");

    private final String json;

    PipelineMode(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }
}
