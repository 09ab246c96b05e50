package dev.corojobs.pipeline;

import java.util.Arrays;

/**
 * Sums per key, keyed by byte slices so that no string is made per line: open addressing over a table of
 * entry numbers, the key bytes copied once into an arena. Exact up to {@code maxKeys} keys and
 * {@code maxKeyBytes} bytes of keys; a new key past either limit throws {@link LimitExceededException}
 * (the one place a branch's key limit is checked).
 */
final class KeyCounter {

    private static final long MIX = 0x9E3779B97F4A7C15L;

    private int[] slots = new int[256];
    private int[] offsets = new int[128];
    private int[] lengths = new int[128];
    private int[] hashes = new int[128];
    private long[] values = new long[128];
    private byte[] arena = new byte[4096];
    private int arenaUsed;
    private int size;
    private final int maxKeys;
    private final long maxKeyBytes;

    KeyCounter() {
        this(Integer.MAX_VALUE, Integer.MAX_VALUE - 8);
    }

    KeyCounter(int maxKeys, long maxKeyBytes) {
        this.maxKeys = maxKeys;
        this.maxKeyBytes = maxKeyBytes;
    }

    void add(byte[] data, int start, int end, long delta) {
        int length = end - start;
        int hash = hash(data, start, length);
        int mask = slots.length - 1;
        int slot = hash & mask;
        for (;;) {
            int entry = slots[slot] - 1;
            if (entry < 0) {
                insert(slot, hash, data, start, length, delta);
                return;
            }
            if (hashes[entry] == hash && lengths[entry] == length
                    && Arrays.equals(arena, offsets[entry], offsets[entry] + length, data, start, end)) {
                values[entry] += delta;
                return;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void insert(int slot, int hash, byte[] data, int start, int length, long delta) {
        if (size >= maxKeys) {
            throw new LimitExceededException("more than " + maxKeys
                    + " distinct keys (corojobs.pipeline.max-distinct-keys)");
        }
        if ((long) arenaUsed + length > maxKeyBytes) {
            throw new LimitExceededException("more than " + maxKeyBytes
                    + " bytes of distinct keys (corojobs.pipeline.max-key-bytes)");
        }
        if (size == values.length) {
            int capacity = size * 2;
            offsets = Arrays.copyOf(offsets, capacity);
            lengths = Arrays.copyOf(lengths, capacity);
            hashes = Arrays.copyOf(hashes, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        if (arenaUsed + length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + length));
        }
        System.arraycopy(data, start, arena, arenaUsed, length);
        offsets[size] = arenaUsed;
        lengths[size] = length;
        hashes[size] = hash;
        values[size] = delta;
        arenaUsed += length;
        slots[slot] = ++size;
        if (size * 2 > slots.length) {
            rehash();
        }
    }

    private void rehash() {
        int[] table = new int[slots.length * 2];
        int mask = table.length - 1;
        for (int entry = 0; entry < size; entry++) {
            int slot = hashes[entry] & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = entry + 1;
        }
        slots = table;
    }

    private static int hash(byte[] data, int start, int length) {
        long h = length * MIX;
        int i = start;
        int end = start + length;
        for (; i + 8 <= end; i += 8) {
            h = (h ^ ByteScan.word(data, i)) * MIX;
            h ^= h >>> 31;
        }
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += 8) {
            tail |= (data[i] & 0xffL) << shift;
        }
        h = (h ^ tail) * MIX;
        h ^= h >>> 29;
        return (int) (h ^ (h >>> 32));
    }

    int size() {
        return size;
    }

    /** Visits every key (as arena bytes) with its sum. */
    void forEach(EntryVisitor visitor) {
        for (int entry = 0; entry < size; entry++) {
            visitor.visit(arena, offsets[entry], lengths[entry], values[entry]);
        }
    }

    @FunctionalInterface
    interface EntryVisitor {
        void visit(byte[] data, int start, int length, long value);
    }

    /** A new key would go past a limit. */
    static final class LimitExceededException extends RuntimeException {
        LimitExceededException(String message) {
            super(message, null, false, false);
        }
    }
}
