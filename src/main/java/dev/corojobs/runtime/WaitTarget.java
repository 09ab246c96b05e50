package dev.corojobs.runtime;

/** What a suspended task waits on, as shown in a {@link TaskDump}. */
public sealed interface WaitTarget {

    /** Another task of the same group to exit ({@code WaitTask}). */
    record Task(int tid) implements WaitTarget {
    }

    /** The kernel's clock to reach {@code tick} ({@code Sleep}). */
    record Tick(long tick) implements WaitTarget {
    }

    /** A socket to become readable or writable; {@code address} is its peer (or local address for a listener). */
    record Socket(String address) implements WaitTarget {
    }

    /** A queue between pipeline stages to have room or data. */
    record Queue(String name) implements WaitTarget {
    }
}
