package dev.corojobs.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A branch's aggregation: sums values per key; on close it renders the keys and keeps the top N. */
final class ReduceStage extends Stage<KeyBatch> {

    private static final byte[] DASH = {'-'};

    private final GroupBy groupBy;
    private final Integer top;
    private final String branch;
    private final KeyCounter counter;
    private BranchResult result;
    private Map<String, Long> totals;

    ReduceStage(String branch, GroupBy groupBy, Integer top, int maxKeys, long maxKeyBytes) {
        super("reduce[" + branch + "]");
        this.branch = branch;
        this.groupBy = groupBy;
        this.top = top;
        this.counter = new KeyCounter(maxKeys, maxKeyBytes);
    }

    @Override
    void accept(KeyBatch keys) {
        byte[] data = keys.data();
        int[] starts = keys.starts();
        int[] ends = keys.ends();
        long[] values = keys.values();
        try {
            for (int i = 0; i < keys.count(); i++) {
                long value = values == null ? 1 : values[i];
                if (starts[i] < 0) {
                    counter.add(DASH, 0, 1, value);
                } else {
                    counter.add(data, starts[i], ends[i], value);
                }
            }
        } catch (KeyCounter.LimitExceededException e) {
            throw new IllegalStateException("branch '" + branch + "' (groupBy " + groupBy.name().toLowerCase(java.util.Locale.ROOT)
                    + ") has " + e.getMessage() + "; narrow it with where, or group by a coarser key");
        }
    }

    @Override
    void flush() {
        // Different raw keys can render the same (invalid UTF-8 becomes U+FFFD), so merge after rendering.
        Map<String, Long> merged = new HashMap<>(counter.size() * 2);
        counter.forEach((data, start, length, value) -> merged.merge(render(data, start, length), value, Long::sum));
        totals = merged;
        result = top(merged, top);
    }

    /** The {@code top} largest sums of {@code merged}, largest first, ties by key. */
    static BranchResult top(Map<String, Long> merged, Integer top) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(merged.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        int limit = top == null ? entries.size() : Math.min(top, entries.size());
        Map<String, Long> counts = new LinkedHashMap<>(limit * 2);
        for (int i = 0; i < limit; i++) {
            counts.put(entries.get(i).getKey(), entries.get(i).getValue());
        }
        return new BranchResult(counts, merged.size());
    }

    /** Every key's sum, once the stage is closed (for merging the branches of parallel pipelines). */
    Map<String, Long> totals() {
        return totals;
    }

    private String render(byte[] data, int start, int length) {
        if (length == 1 && data[start] == '-') {
            return "-";
        }
        return switch (groupBy) {
            case HOUR -> LogTime.hourKey(data, start, length);
            case DAY -> LogTime.dayKey(data, start, length);
            default -> new String(data, start, length, StandardCharsets.UTF_8);
        };
    }

    /** The branch's result, once the stage is closed. */
    BranchResult result() {
        return result;
    }
}
