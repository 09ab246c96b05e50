package dev.corojobs.pipeline;

import static dev.corojobs.pipeline.LogBatch.*;

import dev.corojobs.runtime.Coroutine;

/** A branch's {@code groupBy}: turns selected lines into (key slice, value) pairs for the reduce stage. */
final class MapStage extends Stage<Selection> {

    private final GroupBy groupBy;
    private final Aggregate aggregate;
    private final Coroutine<KeyBatch, ?, ?> downstream;
    /** The slot of the format's own field that {@link GroupBy#FIELD} reads. */
    private final int customSlot;

    MapStage(String branch, GroupBy groupBy, int customSlot, Aggregate aggregate, Coroutine<KeyBatch, ?, ?> downstream) {
        super("map[" + branch + "]");
        this.groupBy = groupBy;
        this.customSlot = customSlot;
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
            int base = line * batch.stride;
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
                case PATH_WITH_QUERY -> {
                    start = f[base + PATH_START];
                    end = f[base + TARGET_END];
                    if (end < 0) {
                        start = -1;
                    }
                }
                case QUERY -> {
                    start = f[base + QUERY_START];
                    end = f[base + QUERY_END];
                }
                case REQUEST -> {
                    start = f[base + REQUEST_START];
                    end = f[base + REQUEST_END];
                }
                case PROTOCOL -> {
                    start = f[base + PROTOCOL_START];
                    end = f[base + PROTOCOL_END];
                }
                case HOUR -> {
                    start = f[base + TIME_START];
                    end = start < 0 ? -1 : LogTime.hourEnd(batch.data, start);
                }
                case DAY -> {
                    start = f[base + TIME_START];
                    end = start < 0 ? -1 : LogTime.dayEnd(batch.data, start);
                }
                case USER_AGENT -> {
                    start = f[base + AGENT_START];
                    end = f[base + AGENT_END];
                }
                case REFERRER -> {
                    start = f[base + REFERRER_START];
                    end = f[base + REFERRER_END];
                }
                case USER -> {
                    start = f[base + USER_START];
                    end = f[base + USER_END];
                }
                case VHOST -> {
                    start = f[base + VHOST_START];
                    end = f[base + VHOST_END];
                }
                case PORT -> {
                    start = f[base + PORT_START];
                    end = f[base + PORT_END];
                }
                case FORWARDED_FOR -> {
                    start = f[base + FORWARDED_START];
                    end = f[base + FORWARDED_END];
                }
                case FIELD -> {
                    start = customSlot < 0 || base + customSlot >= base + batch.stride ? -1 : f[base + customSlot];
                    end = start < 0 ? -1 : f[base + customSlot + 1];
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
