package dev.corojobs.jobs;

import dev.corojobs.runtime.StacklessCoroutine;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A test job: counts to {@code steps}, one number per step, each step taking about {@code stepTime} (parked,
 * not spinning), and returns {@code {"counted": steps}}. Optionally fails at step {@code failAt}.
 */
public final class CountingWork extends StacklessCoroutine<Object, Map<String, Object>, Object> implements JobWork {

    private final int steps;
    private final long stepNanos;
    private final int failAt;
    private final AtomicInteger counted = new AtomicInteger();
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private volatile String thread;
    private volatile boolean sameThread = true;

    private final AtomicInteger discarded = new AtomicInteger();
    private long memoryBudget;

    public CountingWork(int steps, Duration stepTime, int failAt) {
        this.steps = steps;
        this.stepNanos = stepTime.toNanos();
        this.failAt = failAt;
    }

    public static CountingWork quick(int steps) {
        return new CountingWork(steps, Duration.ZERO, -1);
    }

    /** Runs until cancelled (a long time), about 1 ms per step. */
    public static CountingWork endless() {
        return new CountingWork(Integer.MAX_VALUE, Duration.ofMillis(1), -1);
    }

    public static CountingWork failingAt(int step) {
        return new CountingWork(step + 10, Duration.ZERO, step);
    }

    @Override
    protected void step(Object sent) {
        String current = Thread.currentThread().getName();
        if (thread == null) {
            thread = current;
        } else if (!thread.equals(current)) {
            sameThread = false;
        }
        int n = counted.get();
        if (n == failAt) {
            throw new IllegalStateException("counting failed at step " + n);
        }
        if (n == steps) {
            finish(Map.of("counted", n));
            return;
        }
        if (stepNanos > 0) {
            LockSupport.parkNanos(stepNanos);
        }
        counted.incrementAndGet();
        yieldValue(Map.of("counted", n + 1, "of", steps));
    }

    @Override
    protected void onClose() {
        cleanedUp.set(true);
    }

    /** Declares {@code bytes} as this work's memory budget (for heap admission). */
    public CountingWork withMemoryBudget(long bytes) {
        memoryBudget = bytes;
        return this;
    }

    @Override
    public long memoryBudget() {
        return memoryBudget;
    }

    @Override
    public void discard() {
        discarded.incrementAndGet();
    }

    /** How many times the job platform said the record is gone. */
    public int discarded() {
        return discarded.get();
    }

    public int counted() {
        return counted.get();
    }

    public boolean cleanedUp() {
        return cleanedUp.get();
    }

    public boolean ranOnOneThread() {
        return sameThread;
    }

    public String thread() {
        return thread;
    }
}
