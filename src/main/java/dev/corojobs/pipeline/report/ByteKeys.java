package dev.corojobs.pipeline.report;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns byte slices as dense ids (0, 1, 2, ...) so that per-key figures live in plain arrays: open addressing
 * over a table of ids, each key's bytes copied once into an arena. No string is made until a key is shown.
 */
final class ByteKeys {

    private static final long MIX = 0x9E3779B97F4A7C15L;

    private int[] slots = new int[1024];
    private int[] offsets = new int[512];
    private int[] lengths = new int[512];
    private int[] hashes = new int[512];
    private byte[] arena = new byte[16_384];
    private int arenaUsed;
    private int size;

    /** The id of {@code data[start, end)}, adding it if new. */
    int intern(byte[] data, int start, int end) {
        int length = end - start;
        int hash = hash(data, start, length);
        int mask = slots.length - 1;
        int slot = hash & mask;
        for (;;) {
            int id = slots[slot] - 1;
            if (id < 0) {
                return insert(slot, hash, data, start, length);
            }
            if (hashes[id] == hash && lengths[id] == length
                    && Arrays.equals(arena, offsets[id], offsets[id] + length, data, start, end)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    private int insert(int slot, int hash, byte[] data, int start, int length) {
        if (size == offsets.length) {
            int capacity = size * 2;
            offsets = Arrays.copyOf(offsets, capacity);
            lengths = Arrays.copyOf(lengths, capacity);
            hashes = Arrays.copyOf(hashes, capacity);
        }
        if (arenaUsed + length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + length));
        }
        System.arraycopy(data, start, arena, arenaUsed, length);
        int id = size++;
        offsets[id] = arenaUsed;
        lengths[id] = length;
        hashes[id] = hash;
        arenaUsed += length;
        slots[slot] = id + 1;
        if (size * 2 > slots.length) {
            rehash();
        }
        return id;
    }

    private void rehash() {
        int[] table = new int[slots.length * 2];
        int mask = table.length - 1;
        for (int id = 0; id < size; id++) {
            int slot = hashes[id] & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = id + 1;
        }
        slots = table;
    }

    static int hash(byte[] data, int start, int length) {
        long h = length * MIX;
        int i = start;
        int end = start + length;
        for (; i + 8 <= end; i += 8) {
            h = (h ^ (long) WORD.get(data, i)) * MIX;
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

    private static final java.lang.invoke.VarHandle WORD = java.lang.invoke.MethodHandles
            .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    int size() {
        return size;
    }

    int length(int id) {
        return lengths[id];
    }

    byte byteAt(int id, int index) {
        return arena[offsets[id] + index];
    }

    /** The key as text (invalid UTF-8 replaced). */
    String text(int id) {
        return new String(arena, offsets[id], lengths[id], StandardCharsets.UTF_8);
    }

    /** The key's bytes from {@code from} to its end, as text. */
    String text(int id, int from) {
        return new String(arena, offsets[id] + from, lengths[id] - from, StandardCharsets.UTF_8);
    }
}
