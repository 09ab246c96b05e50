package dev.corojobs.runtime;

import java.nio.channels.SelectableChannel;
import java.util.function.IntConsumer;

/**
 * The I/O side of a kernel: remembers which task waits on which channel and wakes it when the channel is
 * ready. A kernel without one runs on a virtual clock (simulations); a kernel with one blocks in
 * {@link #poll} when no task is ready and takes its time from {@link #now()}.
 */
public interface IoPoller {

    /** Task {@code tid} waits until {@code channel} is ready for {@code ops} ({@code SelectionKey.OP_*}). */
    void await(int tid, SelectableChannel channel, int ops);

    /** Forgets whatever task {@code tid} waits on (it was killed). */
    void cancel(int tid);

    /** True if some task waits on a channel. */
    boolean hasWaiters();

    /**
     * Waits up to {@code timeoutMillis} (0: do not block; negative: until something happens) and calls
     * {@code wake} with each task whose channel became ready.
     */
    void poll(long timeoutMillis, IntConsumer wake);

    /** Makes a blocked {@link #poll} return early; callable from any thread. */
    void wakeup();

    /** The kernel's clock, in ticks of this poller's choosing (milliseconds for sockets). */
    long now();
}
