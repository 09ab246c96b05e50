package dev.corojobs.pipeline;

/** One way of reading a line's fields into a batch's slots (a compiled format). */
sealed interface LineGrammar permits ClfParser, LayoutParser, JsonLineParser {

    /**
     * Parses the line at {@code s}, writing its fields at {@code f[base...]}; reads up to its newline only.
     *
     * @return where the next line starts, or {@code -code} for {@link #reason(int)}
     */
    int parseLine(byte[] d, int s, int end, int[] f, int base, LogBatch batch);

    /** Why a line failed, for a code that {@link #parseLine} returned negated. */
    String reason(int code);

    /** Slots per line. */
    default int stride() {
        return LogBatch.FIELDS;
    }

    /** Whether lines carry request or upstream times. */
    default boolean timings() {
        return false;
    }
}
