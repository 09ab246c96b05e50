package dev.corojobs.runtime;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Finds task steps that run too long: a daemon thread samples every kernel registered with the
 * {@link TaskTracker} a few times per threshold and reports a step seen in progress for longer than the
 * threshold, with the task and the kernel thread's stack.
 *
 * <p>Why sampling and not timing each step: the kernel's step costs under 10 ns, and two
 * {@code System.nanoTime()} calls around it cost several times that (see {@code KernelStepBenchmark}).
 * Sampling costs the kernel nothing but one plain store per step, and also catches a step that never ends.
 * A step is caught after it has run the threshold plus at most half of it (it may start up to one sampling
 * interval, a quarter of the threshold, before it is first seen).
 */
public final class StepWatchdog implements AutoCloseable {

    private static final int STACK_FRAMES = 24;

    private final TaskTracker tracker;
    private final long thresholdNanos;
    private final long intervalNanos;
    private final LongStep.Listener listener;
    private final Map<TaskKind, LongAdder> longSteps = new EnumMap<>(TaskKind.class);
    /** Per kernel, the step in progress at the last sample and since when it was seen. */
    private final Map<Kernel, Seen> seen = new IdentityHashMap<>();
    private volatile Thread thread;

    private record Seen(long step, long sinceNanos, boolean reported) {
    }

    public StepWatchdog(TaskTracker tracker, Duration threshold, LongStep.Listener listener) {
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("long-step threshold must be positive, was " + threshold);
        }
        this.tracker = tracker;
        this.thresholdNanos = threshold.toNanos();
        this.intervalNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), thresholdNanos / 4);
        this.listener = listener;
        for (TaskKind kind : TaskKind.values()) {
            longSteps.put(kind, new LongAdder());
        }
    }

    /** Starts sampling on a daemon thread. */
    public synchronized void start() {
        if (thread == null) {
            Thread sampler = Thread.ofPlatform().daemon().name("corojobs-step-watchdog").unstarted(this::loop);
            thread = sampler; // before it starts: the loop runs while it is the watchdog's thread
            sampler.start();
        }
    }

    @Override
    public synchronized void close() {
        Thread running = thread;
        thread = null;
        if (running != null) {
            running.interrupt();
        }
    }

    /** Long steps seen so far, by kind. */
    public long longStepsTotal(TaskKind kind) {
        return longSteps.get(kind).sum();
    }

    private void loop() {
        while (thread == Thread.currentThread() && !Thread.currentThread().isInterrupted()) {
            try {
                sample(System.nanoTime());
            } catch (RuntimeException raced) {
                // a kernel read mid-change; the next sample looks again
            }
            LockSupport.parkNanos(intervalNanos);
        }
    }

    /** One look at every kernel; called by the watchdog thread (and tests). */
    synchronized void sample(long now) {
        Map<Kernel, Seen> stillThere = new IdentityHashMap<>();
        for (TaskGroup group : tracker.groups()) {
            if (!(group instanceof Kernel kernel)) {
                continue;
            }
            Kernel.StepInProgress step = kernel.stepInProgress();
            if (step == null) {
                continue;
            }
            Seen before = seen.get(kernel);
            Seen current = before != null && before.step() == step.step() ? before : new Seen(step.step(), now, false);
            if (!current.reported() && now - current.sinceNanos() >= thresholdNanos) {
                report(kernel, step, now - current.sinceNanos());
                current = new Seen(current.step(), current.sinceNanos(), true);
            }
            stillThere.put(kernel, current);
        }
        seen.clear();
        seen.putAll(stillThere);
    }

    private void report(Kernel kernel, Kernel.StepInProgress step, long nanos) {
        TaskDump task = kernel.inspector().peekRunningTask(step.tid());
        if (task == null) {
            return;
        }
        StackTraceElement[] frames = step.thread() == null ? new StackTraceElement[0] : step.thread().getStackTrace();
        List<StackTraceElement> stack = Arrays.asList(frames).subList(0, Math.min(STACK_FRAMES, frames.length));
        longSteps.get(kernel.kind()).increment();
        try {
            listener.longStep(new LongStep(nanos, task, stack));
        } catch (RuntimeException ignored) {
            // a broken listener must not stop the watchdog
        }
    }
}
