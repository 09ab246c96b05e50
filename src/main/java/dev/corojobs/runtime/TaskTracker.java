package dev.corojobs.runtime;

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
 */
public final class TaskTracker {

    /** Live groups, with the order they registered in (dumps page through groups in that order). */
    private final Map<TaskGroup, Long> live = new ConcurrentHashMap<>();
    private final AtomicLong registrations = new AtomicLong();
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
}
