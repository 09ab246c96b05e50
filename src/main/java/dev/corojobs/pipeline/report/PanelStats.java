package dev.corojobs.pipeline.report;

import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;

/** Hits, bytes and (when the log has them) response times per row id of one panel. */
final class PanelStats {

    /** KLL's k: a normalized rank error of about 1.65% (single-sided, 99% confidence). */
    static final int KLL_K = 200;

    long[] hits = new long[64];
    long[] bytes = new long[64];
    private KllDoublesSketch[] times;
    long totalHits;
    long totalBytes;

    void add(int row, long size) {
        if (row >= hits.length) {
            int capacity = Math.max(row + 1, hits.length * 2);
            hits = Arrays.copyOf(hits, capacity);
            bytes = Arrays.copyOf(bytes, capacity);
        }
        hits[row]++;
        bytes[row] += size;
        totalHits++;
        totalBytes += size;
    }

    void time(int row, long micros) {
        if (times == null) {
            times = new KllDoublesSketch[Math.max(64, row + 1)];
        } else if (row >= times.length) {
            times = Arrays.copyOf(times, Math.max(row + 1, times.length * 2));
        }
        KllDoublesSketch sketch = times[row];
        if (sketch == null) {
            sketch = times[row] = KllDoublesSketch.newHeapInstance(KLL_K);
        }
        sketch.update(micros);
    }

    /** The row's response times, or null when none was logged. */
    KllDoublesSketch times(int row) {
        return times == null || row >= times.length ? null : times[row];
    }

    long hits(int row) {
        return row < hits.length ? hits[row] : 0;
    }

    long bytes(int row) {
        return row < bytes.length ? bytes[row] : 0;
    }

    /** Row ids with at least one hit. */
    int[] rows(int bound) {
        int n = Math.min(bound, hits.length);
        int count = 0;
        int[] out = new int[n];
        for (int row = 0; row < n; row++) {
            if (hits[row] > 0) {
                out[count++] = row;
            }
        }
        return Arrays.copyOf(out, count);
    }
}
