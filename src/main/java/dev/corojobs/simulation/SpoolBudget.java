package dev.corojobs.simulation;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The disk all simulations of one instance may spool trace to at once. A trace reserves its bytes before it
 * writes them and gives them back when its file is deleted.
 */
public final class SpoolBudget {

    private final long capacity;
    private final AtomicLong used = new AtomicLong();

    public SpoolBudget(long capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("the spool budget must not be negative, was " + capacity);
        }
        this.capacity = capacity;
    }

    public static SpoolBudget unlimited() {
        return new SpoolBudget(Long.MAX_VALUE);
    }

    public long capacity() {
        return capacity;
    }

    public long used() {
        return used.get();
    }

    boolean tryReserve(long bytes) {
        long before;
        do {
            before = used.get();
            if (before + bytes > capacity) {
                return false;
            }
        } while (!used.compareAndSet(before, before + bytes));
        return true;
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }
}
