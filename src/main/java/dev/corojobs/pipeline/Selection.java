package dev.corojobs.pipeline;

/** The parsed lines of a batch that passed a branch's filter: indexes into the batch, or all of them when null. */
record Selection(LogBatch batch, int[] lines, int count) {

    int line(int i) {
        return lines == null ? i : lines[i];
    }
}
