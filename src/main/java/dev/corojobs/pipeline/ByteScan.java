package dev.corojobs.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds bytes eight at a time (SWAR: a {@code long} read as eight lanes). Log lines are long and mostly
 * free of the bytes the parser looks for, so skipping words instead of bytes is where the parser's speed
 * comes from.
 */
final class ByteScan {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = ONES * '\n';
    private static final long QUOTES = ONES * '"';
    private static final long SPACES = ONES * ' ';
    private static final long QUERIES = ONES * '?';

    private ByteScan() {
    }

    /** High bit set in each lane of {@code word} that is zero; exact for the lowest such lane. */
    private static long zeroLanes(long word) {
        return (word - ONES) & ~word & HIGHS;
    }

    private static int lane(long mask) {
        return Long.numberOfTrailingZeros(mask) >>> 3;
    }

    /** Index of the first {@code '\n'} in {@code [from, end)}, or {@code end}. */
    static int newline(byte[] data, int from, int end) {
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long mask = zeroLanes((long) LONGS.get(data, i) ^ NEWLINES);
            if (mask != 0) {
                return i + lane(mask);
            }
        }
        for (; i < end; i++) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return end;
    }

    /** Index of the first space in {@code [from, end)}, or {@code end}. */
    static int space(byte[] data, int from, int end) {
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long mask = zeroLanes((long) LONGS.get(data, i) ^ SPACES);
            if (mask != 0) {
                return i + lane(mask);
            }
        }
        for (; i < end; i++) {
            if (data[i] == ' ') {
                return i;
            }
        }
        return end;
    }

    /** Index of the first double quote in {@code [from, end)}, or {@code end}. */
    static int quote(byte[] data, int from, int end) {
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long mask = zeroLanes((long) LONGS.get(data, i) ^ QUOTES);
            if (mask != 0) {
                return i + lane(mask);
            }
        }
        for (; i < end; i++) {
            if (data[i] == '"') {
                return i;
            }
        }
        return end;
    }



    /** Index of the first space or newline in {@code [from, end)}, or {@code end}. */
    static int spaceOrNewline(byte[] data, int from, int end) {
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long word = (long) LONGS.get(data, i);
            long mask = zeroLanes(word ^ SPACES) | zeroLanes(word ^ NEWLINES);
            if (mask != 0) {
                return i + lane(mask);
            }
        }
        for (; i < end; i++) {
            byte b = data[i];
            if (b == ' ' || b == '\n') {
                return i;
            }
        }
        return end;
    }

    /** Index of the first double quote or newline in {@code [from, end)}, or {@code end}. */
    static int quoteOrNewline(byte[] data, int from, int end) {
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long word = (long) LONGS.get(data, i);
            long mask = zeroLanes(word ^ QUOTES) | zeroLanes(word ^ NEWLINES);
            if (mask != 0) {
                return i + lane(mask);
            }
        }
        for (; i < end; i++) {
            byte b = data[i];
            if (b == '"' || b == '\n') {
                return i;
            }
        }
        return end;
    }

    /** Index of the first space or {@code '?'} in {@code [from, end)}, or {@code end}. */
    static int spaceOrQuery(byte[] data, int from, int end) {
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long word = (long) LONGS.get(data, i);
            long mask = zeroLanes(word ^ SPACES) | zeroLanes(word ^ QUERIES);
            if (mask != 0) {
                return i + lane(mask);
            }
        }
        for (; i < end; i++) {
            byte b = data[i];
            if (b == ' ' || b == '?') {
                return i;
            }
        }
        return end;
    }

    /** Index of the first {@code b} or newline in {@code [from, end)}, or {@code end}. */
    static int byteOrNewline(byte[] data, int from, int end, byte b) {
        long wanted = ONES * (b & 0xff);
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long word = (long) LONGS.get(data, i);
            long mask = zeroLanes(word ^ wanted) | zeroLanes(word ^ NEWLINES);
            if (mask != 0) {
                return i + lane(mask);
            }
        }
        for (; i < end; i++) {
            if (data[i] == b || data[i] == '\n') {
                return i;
            }
        }
        return end;
    }

    /** Index of the last {@code '\n'} in {@code [from, end)}, or -1. */
    static int lastNewline(byte[] data, int from, int end) {
        for (int i = end - 1; i >= from; i--) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Eight bytes at {@code index} as a little-endian long (for hashing); the caller keeps it in bounds. */
    static long word(byte[] data, int index) {
        return (long) LONGS.get(data, index);
    }
}
