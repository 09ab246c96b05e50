package dev.corojobs.runtime;

import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts coroutine tasks across the runtime: how many are alive by kind and state, how many were spawned
 * and how they finished. Task switches touch no shared state; spawns and exits bump a {@link LongAdder}.
 * Framework-free: metrics bind to it from the outside.
 *
 * <p>It also carries the long-step watch: kernels created with a tracker whose threshold is set time each
 * step and report those that run longer through {@link #longStep(LongStep)}.
 */
public final class TaskTracker {

    /** Live groups, with the order they registered in (dumps page through groups in that order). */
    private final Map<TaskGroup, Long> live = new ConcurrentHashMap<>();
    private final AtomicLong registrations = new AtomicLong();
    private final Map<TaskKind, LongAdder> spawned = new EnumMap<>(TaskKind.class);
    private final Map<TaskKind, Map<TaskOutcome, LongAdder>> finished = new EnumMap<>(TaskKind.class);
    private final Map<TaskKind, LongAdder> longSteps = new EnumMap<>(TaskKind.class);
    private final long longStepThresholdNanos;
    private final LongStep.Listener longStepListener;

    /** A tracker that does not watch for long steps. */
    public TaskTracker() {
        this(Duration.ZERO, LongStep.Listener.NONE);
    }

    /**
     * A tracker whose kernels report every step longer than {@code longStepThreshold} (zero: none, and steps
     * are not timed at all) to {@code longStepListener}.
     */
    public TaskTracker(Duration longStepThreshold, LongStep.Listener longStepListener) {
        if (longStepThreshold.isNegative()) {
            throw new IllegalArgumentException("long-step threshold must not be negative, was " + longStepThreshold);
        }
        this.longStepThresholdNanos = longStepThreshold.toNanos();
        this.longStepListener = longStepListener;
        for (TaskKind kind : TaskKind.values()) {
            longSteps.put(kind, new LongAdder());
            spawned.put(kind, new LongAdder());
            Map<TaskOutcome, LongAdder> byOutcome = new EnumMap<>(TaskOutcome.class);
            for (TaskOutcome outcome : TaskOutcome.values()) {
                byOutcome.put(outcome, new LongAdder());
            }
            finished.put(kind, byOutcome);
        }
    }

    /** Starts counting a group's live tasks; call {@link #unregister} when it is done. */
    public void register(TaskGroup group) {
        live.putIfAbsent(group, registrations.incrementAndGet());
    }

    public void unregister(TaskGroup group) {
        live.remove(group);
    }

    public void spawned(TaskKind kind) {
        spawned.get(kind).increment();
    }

    public void finished(TaskKind kind, TaskOutcome outcome) {
        finished.get(kind).get(outcome).increment();
    }

    public long spawnedTotal(TaskKind kind) {
        return spawned.get(kind).sum();
    }

    public long finishedTotal(TaskKind kind, TaskOutcome outcome) {
        return finished.get(kind).get(outcome).sum();
    }

    /** Live tasks of {@code kind} in {@code state}, summed over the registered groups. */
    public long live(TaskKind kind, TaskState state) {
        long total = 0;
        for (TaskGroup group : live.keySet()) {
            if (group.kind() == kind) {
                total += group.count(state);
            }
        }
        return total;
    }

    /** The groups alive now, for dumps. */
    public Set<TaskGroup> groups() {
        return Set.copyOf(live.keySet());
    }

    /** The groups alive now, oldest registration first: a stable order to page through. */
    public List<TaskGroup> groupsInOrder() {
        return live.entrySet().stream()
                .sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Steps longer than this are reported; 0 means steps are not timed. */
    public long longStepThresholdNanos() {
        return longStepThresholdNanos;
    }

    /** Counts a long step and tells the listener; a failing listener is ignored. */
    public void longStep(LongStep step) {
        longSteps.get(step.task().kind()).increment();
        try {
            longStepListener.longStep(step);
        } catch (RuntimeException ignored) {
            // a broken listener must not fail the task or its kernel
        }
    }

    public long longStepsTotal(TaskKind kind) {
        return longSteps.get(kind).sum();
    }
}
