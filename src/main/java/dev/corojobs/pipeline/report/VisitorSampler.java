package dev.corojobs.pipeline.report;

import java.util.Arrays;

/**
 * Counts distinct visitors per panel row in bounded memory: the distinct (panel, row, visitor) triples seen,
 * exactly while at most {@code limit} are held, then by adaptive (Wegman) sampling: at level L only visitors
 * whose hash starts with L zero bits are kept, so each row's count times 2^L estimates its distinct visitors.
 * Raising the level drops the triples of the visitors no longer sampled. A visitor is sampled or not in every
 * row alike, so the estimates of the rows of one panel stay consistent.
 */
final class VisitorSampler {

    static final int MAX_LEVEL = 16;
    private static final long MIX = 0x9E3779B97F4A7C15L;
    private static final long LOW_48 = (1L << 48) - 1;

    private final int limit;
    /**
     * Entry key: the visitor hash's top 16 bits, then 48 bits of the (panel, row, visitor) hash; 0 is free. Lookups
     * compare keys only (one memory access per probe): two triples sharing all 64 bits, about one in 2^48 per
     * insert even at 50 million entries held, would count once.
     */
    private long[] keys;
    /** Entry tag: panel in the top 4 bits, row in the low 28. */
    private int[] tags;
    private int size;
    private int level;
    private final int[][] counts;

    VisitorSampler(int panels, int limit) {
        this.limit = limit;
        this.counts = new int[panels][64];
        int capacity = Integer.highestOneBit(Math.max(64, Math.min(limit, 1 << 16)) * 2);
        keys = new long[capacity];
        tags = new int[capacity];
    }

    /** Records that {@code visitor} (a 64-bit hash) was seen in {@code row} of {@code panel}. */
    void add(long visitor, int panel, int row) {
        if (level > 0 && (visitor >>> (64 - level)) != 0) {
            return;
        }
        long mixed = (visitor ^ ((long) panel << 40 ^ row) * MIX) * MIX;
        long key = (visitor & ~LOW_48) | ((mixed ^ (mixed >>> 29)) & LOW_48);
        if (key == 0) {
            key = 1;
        }
        int tag = panel << 28 | row;
        int mask = keys.length - 1;
        int slot = slotOf(key, tag) & mask;
        for (;;) {
            long k = keys[slot];
            if (k == 0) {
                break;
            }
            if (k == key) {
                return;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        tags[slot] = tag;
        size++;
        int[] panelCounts = counts[panel];
        if (row >= panelCounts.length) {
            panelCounts = counts[panel] = Arrays.copyOf(panelCounts, Math.max(row + 1, panelCounts.length * 2));
        }
        panelCounts[row]++;
        if (size > limit && level < MAX_LEVEL) {
            raiseLevel();
        } else if (size * 2 > keys.length) {
            rebuild(keys.length * 2);
        }
    }

    private void raiseLevel() {
        while (size > limit / 2 && level < MAX_LEVEL) {
            level++;
            int kept = 0;
            for (int i = 0; i < keys.length; i++) {
                long k = keys[i];
                if (k == 0) {
                    continue;
                }
                if ((k >>> (64 - level)) != 0) {
                    counts[tags[i] >>> 28][tags[i] & 0x0fffffff]--;
                    keys[i] = 0;
                } else {
                    kept++;
                }
            }
            size = kept;
        }
        rebuild(keys.length);
    }

    private void rebuild(int capacity) {
        long[] oldKeys = keys;
        int[] oldTags = tags;
        keys = new long[capacity];
        tags = new int[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = slotOf(oldKeys[i], oldTags[i]) & mask;
                while (keys[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                tags[slot] = oldTags[i];
            }
        }
    }

    private static int slotOf(long key, int tag) {
        long h = (key ^ tag) * MIX;
        return (int) (h ^ (h >>> 32));
    }

    /** Distinct visitors of {@code row} in {@code panel}: exact at level 0, else an estimate. */
    long visitors(int panel, int row) {
        int[] panelCounts = counts[panel];
        return row < panelCounts.length ? (long) panelCounts[row] << level : 0;
    }

    /** 0 while every count is exact; else visitors are sampled at 1 in 2^level. */
    int level() {
        return level;
    }
}
