package dev.corojobs.pipeline.report;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;

/**
 * A distinct count of 64-bit hashes: exact (an open-addressing set) while it holds at most {@code limit},
 * then a DataSketches HLL sketch fed every hash seen so far, so memory stays bounded whatever the input.
 */
final class UniqueCount {

    /** 2^12 buckets: a relative standard error of about 1.6%. */
    static final int LG_K = 12;

    private final int limit;
    private long[] set = new long[1024];
    private boolean hasZero;
    private int size;
    private HllSketch sketch;

    UniqueCount(int limit) {
        this.limit = limit;
    }

    /** Adds a hash; true if it was not seen before (always false once counting with the sketch). */
    boolean add(long hash) {
        if (sketch != null) {
            sketch.update(hash);
            return false;
        }
        if (hash == 0) {
            if (hasZero) {
                return false;
            }
            hasZero = true;
        } else {
            int mask = set.length - 1;
            int slot = (int) (hash ^ (hash >>> 32)) & mask;
            for (;;) {
                long k = set[slot];
                if (k == 0) {
                    break;
                }
                if (k == hash) {
                    return false;
                }
                slot = (slot + 1) & mask;
            }
            set[slot] = hash;
        }
        size++;
        if (size > limit) {
            toSketch();
        } else if (size * 2 > set.length) {
            grow();
        }
        return true;
    }

    private void toSketch() {
        sketch = new HllSketch(LG_K, TgtHllType.HLL_8);
        for (long k : set) {
            if (k != 0) {
                sketch.update(k);
            }
        }
        if (hasZero) {
            sketch.update(0L);
        }
        set = null;
    }

    private void grow() {
        long[] old = set;
        set = new long[old.length * 2];
        int mask = set.length - 1;
        for (long k : old) {
            if (k != 0) {
                int slot = (int) (k ^ (k >>> 32)) & mask;
                while (set[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                set[slot] = k;
            }
        }
    }

    boolean exact() {
        return sketch == null;
    }

    long count() {
        return sketch == null ? size : Math.round(sketch.getEstimate());
    }

    /** The sketch's relative error at two standard deviations (about 95%), or 0 while exact. */
    double relativeError() {
        return sketch == null ? 0 : HllSketch.getRelErr(true, false, LG_K, 2);
    }
}
