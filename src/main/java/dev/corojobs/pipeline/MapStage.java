package dev.corojobs.pipeline;

import static dev.corojobs.pipeline.LogBatch.AGENT_END;
import static dev.corojobs.pipeline.LogBatch.AGENT_START;
import static dev.corojobs.pipeline.LogBatch.CLIENT_END;
import static dev.corojobs.pipeline.LogBatch.CLIENT_START;
import static dev.corojobs.pipeline.LogBatch.FIELDS;
import static dev.corojobs.pipeline.LogBatch.METHOD_END;
import static dev.corojobs.pipeline.LogBatch.METHOD_START;
import static dev.corojobs.pipeline.LogBatch.PATH_END;
import static dev.corojobs.pipeline.LogBatch.PATH_START;
import static dev.corojobs.pipeline.LogBatch.REFERRER_END;
import static dev.corojobs.pipeline.LogBatch.REFERRER_START;
import static dev.corojobs.pipeline.LogBatch.STATUS_AT;
import static dev.corojobs.pipeline.LogBatch.TIME_START;

import dev.corojobs.runtime.Coroutine;

/** A branch's {@code groupBy}: turns selected lines into (key slice, value) pairs for the reduce stage. */
final class MapStage extends Stage<Selection> {

    /** Length of {@code 17/May/2015:10} and {@code 17/May/2015} at the start of a timestamp. */
    static final int HOUR_LENGTH = 14;
    static final int DAY_LENGTH = 11;

    private final GroupBy groupBy;
    private final Aggregate aggregate;
    private final Coroutine<KeyBatch, ?, ?> downstream;

    MapStage(String branch, GroupBy groupBy, Aggregate aggregate, Coroutine<KeyBatch, ?, ?> downstream) {
        super("map[" + branch + "]");
        this.groupBy = groupBy;
        this.aggregate = aggregate;
        this.downstream = downstream;
    }

    @Override
    void accept(Selection selection) {
        LogBatch batch = selection.batch();
        int count = selection.count();
        int[] f = batch.fields;
        int[] starts = new int[count];
        int[] ends = new int[count];
        long[] values = aggregate == Aggregate.BYTES ? new long[count] : null;
        for (int i = 0; i < count; i++) {
            int line = selection.line(i);
            int base = line * FIELDS;
            int start;
            int end;
            switch (groupBy) {
                case IP -> {
                    start = f[base + CLIENT_START];
                    end = f[base + CLIENT_END];
                }
                case STATUS -> {
                    start = f[base + STATUS_AT];
                    end = start + 3;
                }
                case METHOD -> {
                    end = f[base + METHOD_END];
                    start = end < 0 ? -1 : f[base + METHOD_START];
                }
                case PATH -> {
                    start = f[base + PATH_START];
                    end = f[base + PATH_END];
                }
                case HOUR -> {
                    start = f[base + TIME_START];
                    end = start + HOUR_LENGTH;
                }
                case DAY -> {
                    start = f[base + TIME_START];
                    end = start + DAY_LENGTH;
                }
                case USER_AGENT -> {
                    start = f[base + AGENT_START];
                    end = f[base + AGENT_END];
                }
                case REFERRER -> {
                    start = f[base + REFERRER_START];
                    end = f[base + REFERRER_END];
                }
                default -> throw new IllegalStateException("unknown groupBy " + groupBy);
            }
            starts[i] = start;
            ends[i] = end;
            if (values != null) {
                values[i] = batch.sizes[line];
            }
        }
        downstream.send(new KeyBatch(batch.data, starts, ends, values, count));
    }

    @Override
    void flush() {
        downstream.close();
    }
}
