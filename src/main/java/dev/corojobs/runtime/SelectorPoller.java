package dev.corojobs.runtime;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * An {@link IoPoller} on a {@link Selector}: each wait is one-shot (the task is woken once, then must wait
 * again). The key's interest set is left as it was after a wake-up, so a task that waits again for the same
 * event costs no system call; a key that fires with no task waiting has its interest cleared then.
 *
 * <p>The key's attachment is the id of the waiting task, or null when none waits, so a stale readiness can
 * never wake a task that reuses an id. Confined to the kernel's thread, except {@link #wakeup()}.
 */
public final class SelectorPoller implements IoPoller, Closeable {

    private final Selector selector;
    private SelectionKey[] keysByTid = new SelectionKey[16];
    private int waiters;
    private IntConsumer wake;

    public SelectorPoller() {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    @Override
    public void await(int tid, SelectableChannel channel, int ops) {
        SelectionKey key = channel.keyFor(selector);
        try {
            if (key == null) {
                key = channel.register(selector, ops, tid);
            } else {
                key.interestOps(ops);
                key.attach(tid);
            }
        } catch (ClosedChannelException e) {
            throw new IllegalStateException("task " + tid + " waits on a closed channel", e);
        }
        if (tid >= keysByTid.length) {
            keysByTid = Arrays.copyOf(keysByTid, Math.max(tid + 1, keysByTid.length * 2));
        }
        if (keysByTid[tid] == null) {
            waiters++;
        }
        keysByTid[tid] = key;
    }

    @Override
    public void cancel(int tid) {
        SelectionKey key = forget(tid);
        if (key != null && key.isValid()) {
            key.interestOps(0);
        }
    }

    @Override
    public boolean hasWaiters() {
        return waiters > 0;
    }

    @Override
    public void poll(long timeoutMillis, IntConsumer wake) {
        this.wake = wake;
        try {
            if (timeoutMillis == 0) {
                selector.selectNow(this::ready);
            } else if (timeoutMillis < 0) {
                selector.select(this::ready);
            } else {
                selector.select(this::ready, timeoutMillis);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("select failed", e);
        } finally {
            this.wake = null;
        }
    }

    private void ready(SelectionKey key) {
        if (key.attachment() instanceof Integer tid) {
            forget(tid);
            wake.accept(tid);
        } else if (key.isValid()) {
            key.interestOps(0);
        }
    }

    private SelectionKey forget(int tid) {
        if (tid >= keysByTid.length) {
            return null;
        }
        SelectionKey key = keysByTid[tid];
        if (key != null) {
            keysByTid[tid] = null;
            waiters--;
            key.attach(null);
        }
        return key;
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public long now() {
        return System.nanoTime() / 1_000_000;
    }

    @Override
    public void close() throws IOException {
        selector.close();
    }
}
