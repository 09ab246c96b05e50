package dev.corojobs.simulation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first {@code limit} scheduling events of a simulation, for timeline charts: each task step, spawn,
 * kill, wait, sleep and exit, with the kernel tick it happened at. Stored in columns of primitives and
 * reported in columnar form ({@code {"tick": [...], "tid": [...], "event": [...], "target": [...]}}; the
 * target of a spawn, kill or wait is a task id, of a sleep its ticks).
 * Once full it records nothing more and forgets which task object has which id.
 */
final class Timeline {

    static final byte STEP = 0;
    static final byte SPAWN = 1;
    static final byte KILL = 2;
    static final byte WAIT = 3;
    static final byte SLEEP = 4;
    static final byte EXIT = 5;
    private static final String[] NAMES = {"step", "spawn", "kill", "wait", "sleep", "exit"};
    private static final int NONE = -1;

    private final int limit;
    private long[] ticks = new long[64];
    private int[] tids = new int[64];
    private byte[] kinds = new byte[64];
    private long[] targets = new long[64];
    private int size;
    private Map<CompiledTask, Integer> tidOf = new IdentityHashMap<>();

    Timeline(int limit) {
        this.limit = limit;
    }

    boolean full() {
        return size >= limit;
    }

    void register(CompiledTask task, int tid) {
        if (!full()) {
            tidOf.put(task, tid);
        }
    }

    void stepped(CompiledTask task, long tick) {
        Integer tid = tidOf.get(task);
        if (tid != null) {
            add(tick, tid, STEP, NONE);
        }
    }

    void slept(CompiledTask task, long tick, long sleepTicks) {
        Integer tid = tidOf.get(task);
        if (tid != null) {
            add(tick, tid, SLEEP, sleepTicks);
        }
    }

    void add(long tick, int tid, byte kind, long target) {
        if (full()) {
            return;
        }
        if (size == ticks.length) {
            int capacity = Math.min(limit, size * 2);
            ticks = Arrays.copyOf(ticks, capacity);
            tids = Arrays.copyOf(tids, capacity);
            kinds = Arrays.copyOf(kinds, capacity);
            targets = Arrays.copyOf(targets, capacity);
        }
        ticks[size] = tick;
        tids[size] = tid;
        kinds[size] = kind;
        targets[size] = target;
        size++;
        if (full()) {
            tidOf = Map.of();
        }
    }


    /** The columnar form; {@code truncated} says the limit was reached (later events are not recorded). */
    Map<String, Object> describe() {
        List<Long> tick = new ArrayList<>(size);
        List<Integer> tid = new ArrayList<>(size);
        List<String> event = new ArrayList<>(size);
        List<Long> target = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            tick.add(ticks[i]);
            tid.add(tids[i]);
            event.add(NAMES[kinds[i]]);
            target.add(targets[i] == NONE ? null : targets[i]);
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("tick", tick);
        columns.put("tid", tid);
        columns.put("event", event);
        columns.put("target", target);
        columns.put("truncated", full());
        return columns;
    }
}
