package dev.corojobs.runtime;

/**
 * A FIFO queue of {@code int}s in a chain of segments (the kernel's ready queue): segments double from 16
 * entries up to {@value #MAX_SEGMENT} (64 KiB), so a queue of a million ids is no G1 humongous object, and
 * growing it never copies. One emptied segment is kept to be reused at the tail, so a queue that cycles
 * at a steady size allocates nothing. Not thread-safe.
 */
final class IntQueue {

    static final int MAX_SEGMENT = 1 << 14;
    private static final int FIRST = 16;

    private static final class Segment {
        final int[] items;
        Segment next;

        Segment(int length) {
            items = new int[length];
        }
    }

    private Segment head = new Segment(FIRST);
    private Segment tail = head;
    private int headIndex;
    private int tailIndex;
    private int size;
    private Segment spare;

    int size() {
        return size;
    }

    void add(int value) {
        if (tailIndex == tail.items.length) {
            int wanted = Math.min(MAX_SEGMENT, tail.items.length * 2);
            Segment next = spare != null && spare.items.length >= wanted ? spare : new Segment(wanted);
            spare = null;
            tail.next = next;
            tail = next;
            tailIndex = 0;
        }
        tail.items[tailIndex++] = value;
        size++;
    }

    /** Removes and returns the oldest value; the queue must not be empty. */
    int poll() {
        if (headIndex == head.items.length) {
            Segment emptied = head;
            head = emptied.next;
            emptied.next = null;
            spare = emptied;
            headIndex = 0;
        }
        size--;
        return head.items[headIndex++];
    }
}
