package dev.corojobs.pipeline;

import dev.corojobs.runtime.Coroutine;

/** A branch's {@code where}: pushes on the lines of each batch that match, as a {@link Selection}. */
final class FilterStage extends Stage<LogBatch> {

    private final LineFilter filter;
    private final Coroutine<Selection, ?, ?> downstream;

    FilterStage(String branch, LineFilter filter, Coroutine<Selection, ?, ?> downstream) {
        super("filter[" + branch + "]");
        this.filter = filter;
        this.downstream = downstream;
    }

    @Override
    void accept(LogBatch batch) {
        if (filter.acceptsAll()) {
            downstream.send(new Selection(batch, null, batch.parsed));
            return;
        }
        int[] lines = null;
        int count = 0;
        for (int line = 0; line < batch.parsed; line++) {
            if (filter.test(batch, line)) {
                if (lines == null) {
                    lines = new int[Math.min(batch.parsed, 64)];
                } else if (count == lines.length) {
                    lines = java.util.Arrays.copyOf(lines, Math.min(batch.parsed, count * 2));
                }
                lines[count++] = line;
            }
        }
        if (count > 0) {
            downstream.send(new Selection(batch, lines, count));
        }
    }

    @Override
    void flush() {
        downstream.close();
    }
}
