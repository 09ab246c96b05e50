package dev.corojobs.runtime;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts coroutine tasks across the runtime: how many are alive by kind and state, how many were spawned
 * and how they finished. Task switches touch no shared state; spawns and exits bump a {@link LongAdder}.
 * Framework-free: metrics bind to it from the outside.
 */
public final class TaskTracker {

    private final Set<TaskGroup> live = ConcurrentHashMap.newKeySet();
    private final Map<TaskKind, LongAdder> spawned = new EnumMap<>(TaskKind.class);
    private final Map<TaskKind, Map<TaskOutcome, LongAdder>> finished = new EnumMap<>(TaskKind.class);

    public TaskTracker() {
        for (TaskKind kind : TaskKind.values()) {
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
        live.add(group);
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
        for (TaskGroup group : live) {
            if (group.kind() == kind) {
                total += group.count(state);
            }
        }
        return total;
    }

    /** The groups alive now, for dumps. */
    public Set<TaskGroup> groups() {
        return Set.copyOf(live);
    }
}
