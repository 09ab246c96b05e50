package dev.corojobs.runtime;

import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A cooperative kernel in the style of the seed's scheduler and curio: tasks are coroutines that yield
 * {@link SystemCall}s, run one at a time from a FIFO ready queue. Each trap is a small method below.
 *
 * <p>Task ids start at 1 per kernel, in creation order. Without an {@link IoPoller} the clock is virtual:
 * it advances one tick per step and jumps ahead when every task sleeps. A kernel is driven by one thread
 * at a time; {@link #execute} hands work to it from others.
 *
 * <p>Task bookkeeping is kept in arrays indexed by task id, so a live task costs its coroutine plus about
 * twenty bytes. A long-running kernel (a server spawning a task per connection) can be made to reuse the
 * ids of dead tasks, so these arrays stay as large as the most tasks ever alive at once rather than the
 * number ever spawned; an id is reused only once nothing in the kernel refers to it any more.
 */
public final class Kernel implements TaskGroup {

    /** Why {@link #run(long)} returned. */
    public enum Status {
        /** No task is left. */
        FINISHED,
        /** The step budget ran out with tasks left. */
        BUDGET_EXHAUSTED,
        /** Tasks are left but none is ready, sleeping or waiting on I/O: they wait on each other. */
        DEADLOCKED
    }

    private static final byte DEAD = 0;
    private static final byte READY = 1;
    private static final byte RUNNING = 2;
    private static final byte WAITING_TASK = 3;
    private static final byte SLEEPING = 4;
    private static final byte WAITING_IO = 5;

    private final TaskKind kind;
    private final TaskTracker tracker;
    private final KernelListener listener;
    private final IoPoller poller;
    private final Queue<Runnable> inbox = new ConcurrentLinkedQueue<>();

    private SystemCall.Body[] bodies = new SystemCall.Body[16];
    private Object[] sendValues = new Object[16];
    private byte[] states = new byte[16];
    private int[] stepCounts = new int[16];
    private int[] parents = new int[16];
    /** How many ready-queue or sleeper entries hold each id; a dead id is reusable once this is zero. */
    private byte[] queuedRefs = new byte[16];
    private int nextTid = 1;
    private final boolean reuseTaskIds;
    private int[] freeTids = new int[0];
    private int freeCount;

    private int[] readyRing = new int[16];
    private int readyHead;
    private int readySize;

    /** Tasks blocked in WaitTask, by the task they wait for. */
    private final Map<Integer, List<Integer>> waitersByTarget = new HashMap<>();
    /** For each suspended task, what it waits on: a task id, a wake-up tick, or a channel. */
    private final Map<Integer, Object> waitsOn = new HashMap<>();
    private final PriorityQueue<long[]> sleepers = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    private long sleepSequence;

    private int alive;
    private int suspended;
    private int running;
    private long steps;
    private long virtualNow;

    public Kernel(TaskKind kind, TaskTracker tracker, KernelListener listener, IoPoller poller) {
        this(kind, tracker, listener, poller, false);
    }

    /**
     * A kernel that, if {@code reuseTaskIds}, hands out the ids of dead tasks again (then {@link #stepsOf}
     * and {@link #parentOf} describe the latest task with that id).
     */
    public Kernel(TaskKind kind, TaskTracker tracker, KernelListener listener, IoPoller poller, boolean reuseTaskIds) {
        this.kind = kind;
        this.tracker = tracker;
        this.listener = listener == null ? KernelListener.NONE : listener;
        this.poller = poller;
        this.reuseTaskIds = reuseTaskIds;
    }

    /** A kernel on a virtual clock. */
    public Kernel(TaskKind kind, TaskTracker tracker, KernelListener listener) {
        this(kind, tracker, listener, null);
    }

    /** Adds a task with no parent; it runs after those already ready. Returns its id. */
    public int spawn(SystemCall.Body body) {
        return spawn(body, 0);
    }

    private int spawn(SystemCall.Body body, int parent) {
        int tid;
        if (freeCount > 0) {
            tid = freeTids[--freeCount];
        } else {
            tid = nextTid++;
            if (tid == bodies.length) {
                grow();
            }
        }
        bodies[tid] = body;
        parents[tid] = parent;
        stepCounts[tid] = 0;
        alive++;
        tracker.spawned(kind);
        listener.spawned(tid, parent, body.name());
        schedule(tid, null);
        return tid;
    }

    /**
     * Runs tasks until none is left, {@code maxSteps} task steps have run, or they deadlock. Can be called
     * again after {@link Status#BUDGET_EXHAUSTED} to go on.
     */
    public Status run(long maxSteps) {
        long limit = maxSteps == Long.MAX_VALUE ? Long.MAX_VALUE : steps + maxSteps;
        int sinceIoPoll = 0;
        while (alive > 0 || !inbox.isEmpty()) {
            drainInbox();
            if (readySize == 0) {
                if (alive == 0) {
                    continue;
                }
                if (!awaitWork()) {
                    return Status.DEADLOCKED;
                }
                continue;
            }
            if (steps >= limit) {
                return Status.BUDGET_EXHAUSTED;
            }
            if (poller != null && ++sinceIoPoll >= readySize) {
                sinceIoPoll = 0;
                pollIo(0);
            }
            int tid = readyRing[readyHead];
            readyHead = (readyHead + 1) & (readyRing.length - 1);
            readySize--;
            unqueue(tid);
            if (states[tid] == READY) {
                step(tid);
            }
        }
        return Status.FINISHED;
    }

    private void step(int tid) {
        SystemCall.Body body = bodies[tid];
        Object value = sendValues[tid];
        sendValues[tid] = null;
        states[tid] = RUNNING;
        running = 1;
        stepCounts[tid]++;
        steps++;
        if (poller == null) {
            virtualNow++;
        }
        boolean yielded;
        try {
            yielded = body.resume(value);
        } catch (Throwable failure) {
            running = 0;
            exit(tid, TaskOutcome.FAILED, failure);
            return;
        }
        running = 0;
        if (!yielded) {
            exit(tid, TaskOutcome.COMPLETED, null);
            return;
        }
        trap(tid, body.yielded());
    }

    private void trap(int tid, SystemCall call) {
        switch (call) {
            case null -> schedule(tid, null);
            case SystemCall.GetTid ignored -> schedule(tid, tid);
            case SystemCall.NewTask newTask -> trapNewTask(tid, newTask.body());
            case SystemCall.KillTask kill -> trapKillTask(tid, kill.tid());
            case SystemCall.WaitTask wait -> trapWaitTask(tid, wait.tid());
            case SystemCall.Sleep sleep -> trapSleep(tid, sleep.ticks());
            case SystemCall.WaitRead read -> trapWaitIo(tid, read.channel(),
                    read.channel().validOps() & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT));
            case SystemCall.WaitWrite write -> trapWaitIo(tid, write.channel(), SelectionKey.OP_WRITE);
        }
    }

    private void trapNewTask(int tid, SystemCall.Body child) {
        int childTid = spawn(child, tid);
        schedule(tid, childTid);
    }

    private void trapKillTask(int tid, int target) {
        boolean exists = isAlive(target);
        listener.kill(tid, target, exists);
        if (target == tid) {
            kill(tid);
            return;
        }
        if (exists) {
            kill(target);
        }
        schedule(tid, exists);
    }

    private void trapWaitTask(int tid, int target) {
        if (!isAlive(target) || target == tid) {
            schedule(tid, false);
            return;
        }
        suspend(tid, WAITING_TASK, target);
        waitersByTarget.computeIfAbsent(target, t -> new ArrayList<>(2)).add(tid);
        listener.waiting(tid, target);
    }

    private void trapSleep(int tid, long ticks) {
        if (ticks == 0) {
            schedule(tid, null);
            return;
        }
        long wakeAt = now() + ticks;
        suspend(tid, SLEEPING, wakeAt);
        sleepers.add(new long[] {wakeAt, sleepSequence++, tid});
        queuedRefs[tid]++;
    }

    private void trapWaitIo(int tid, SelectableChannel channel, int ops) {
        if (poller == null) {
            exit(tid, TaskOutcome.FAILED, new IllegalStateException("this kernel has no I/O poller"));
            return;
        }
        suspend(tid, WAITING_IO, channel);
        poller.await(tid, channel, ops);
    }

    /**
     * Closes task {@code tid} so its cleanup runs, takes it off every wait list and wakes whoever waits for
     * it. Returns false if there is no such live task.
     */
    public boolean kill(int tid) {
        if (!isAlive(tid)) {
            return false;
        }
        if (states[tid] == RUNNING) {
            throw new IllegalStateException("task " + tid + " is running");
        }
        unlinkWait(tid);
        Throwable failure = null;
        try {
            bodies[tid].close();
        } catch (Throwable e) {
            failure = e;
        }
        exit(tid, failure == null ? TaskOutcome.CANCELLED : TaskOutcome.FAILED, failure);
        return true;
    }

    /** Kills every live task, oldest first (job cancellation, shutdown). */
    public void killAll() {
        for (int tid = 1; tid < nextTid; tid++) {
            if (isAlive(tid) && states[tid] != RUNNING) {
                kill(tid);
            }
        }
    }

    /** Runs {@code action} on the kernel's thread at its next turn; callable from any thread. */
    public void execute(Runnable action) {
        inbox.add(action);
        if (poller != null) {
            poller.wakeup();
        }
    }

    /** Wakes a task blocked on I/O (called by the poller). */
    private void wakeIo(int tid) {
        if (states[tid] == WAITING_IO) {
            waitsOn.remove(tid);
            suspended--;
            schedule(tid, null);
        }
    }

    private void exit(int tid, TaskOutcome outcome, Throwable failure) {
        if (states[tid] == WAITING_TASK || states[tid] == SLEEPING || states[tid] == WAITING_IO) {
            suspended--;
        }
        states[tid] = DEAD;
        bodies[tid] = null;
        sendValues[tid] = null;
        alive--;
        tracker.finished(kind, outcome);
        listener.exited(tid, outcome, failure);
        List<Integer> waiters = waitersByTarget.remove(tid);
        if (waiters != null) {
            for (int waiter : waiters) {
                if (states[waiter] == WAITING_TASK) {
                    waitsOn.remove(waiter);
                    suspended--;
                    schedule(waiter, true);
                }
            }
        }
        releaseIfUnreferenced(tid);
    }

    /** Drops one queue entry's hold on {@code tid}. */
    private void unqueue(int tid) {
        queuedRefs[tid]--;
        releaseIfUnreferenced(tid);
    }

    private void releaseIfUnreferenced(int tid) {
        if (reuseTaskIds && states[tid] == DEAD && queuedRefs[tid] == 0) {
            if (freeCount == freeTids.length) {
                freeTids = Arrays.copyOf(freeTids, Math.max(16, freeCount * 2));
            }
            freeTids[freeCount++] = tid;
        }
    }

    private void unlinkWait(int tid) {
        Object on = waitsOn.remove(tid);
        switch (states[tid]) {
            case WAITING_TASK -> {
                List<Integer> waiters = waitersByTarget.get((Integer) on);
                if (waiters != null) {
                    waiters.remove((Integer) tid);
                }
            }
            case WAITING_IO -> poller.cancel(tid);
            default -> { } // sleepers are dropped lazily when their tick comes
        }
    }

    private void suspend(int tid, byte state, Object on) {
        states[tid] = state;
        suspended++;
        waitsOn.put(tid, on);
    }

    private void schedule(int tid, Object value) {
        states[tid] = READY;
        sendValues[tid] = value;
        if (readySize == readyRing.length) {
            growReady();
        }
        readyRing[(readyHead + readySize) & (readyRing.length - 1)] = tid;
        readySize++;
        queuedRefs[tid]++;
    }

    /** Blocks or jumps the clock until some task is ready; false if nothing can ever wake one. */
    private boolean awaitWork() {
        if (poller == null) {
            if (sleepers.isEmpty()) {
                return false;
            }
            virtualNow = Math.max(virtualNow, sleepers.peek()[0]);
            wakeSleepers();
            return true;
        }
        if (sleepers.isEmpty() && !poller.hasWaiters() && inbox.isEmpty()) {
            return false;
        }
        long timeout = sleepers.isEmpty() ? -1 : Math.max(1, sleepers.peek()[0] - poller.now());
        pollIo(timeout);
        return true;
    }

    private void pollIo(long timeoutMillis) {
        poller.poll(timeoutMillis, this::wakeIo);
        wakeSleepers();
    }

    private void wakeSleepers() {
        long now = now();
        while (!sleepers.isEmpty() && sleepers.peek()[0] <= now) {
            int tid = (int) sleepers.poll()[2];
            unqueue(tid);
            if (states[tid] == SLEEPING) {
                waitsOn.remove(tid);
                suspended--;
                schedule(tid, null);
            }
        }
    }

    private void drainInbox() {
        Runnable action;
        while ((action = inbox.poll()) != null) {
            action.run();
        }
    }

    public boolean isAlive(int tid) {
        return tid > 0 && tid < nextTid && states[tid] != DEAD;
    }

    /** The kernel's clock: virtual ticks, or the poller's time. */
    public long now() {
        return poller == null ? virtualNow : poller.now();
    }

    /** Task steps run so far. */
    public long steps() {
        return steps;
    }

    /** Tasks alive now. */
    public int alive() {
        return alive;
    }

    /** How many times task {@code tid} has been stepped (kept after it exits). */
    public int stepsOf(int tid) {
        return tid > 0 && tid < nextTid ? stepCounts[tid] : 0;
    }

    /** The task that started {@code tid} (0 for none). */
    public int parentOf(int tid) {
        return tid > 0 && tid < nextTid ? parents[tid] : 0;
    }

    /** Task ids handed out so far: 1 to this value, inclusive. */
    public int lastTid() {
        return nextTid - 1;
    }

    /** What suspended task {@code tid} waits on: a task id ({@code Integer}), a tick ({@code Long}), a channel; or null. */
    public Object waitsOn(int tid) {
        return waitsOn.get(tid);
    }

    /** The live task {@code tid}'s coroutine, or null. */
    public SystemCall.Body body(int tid) {
        return isAlive(tid) ? bodies[tid] : null;
    }

    @Override
    public TaskKind kind() {
        return kind;
    }

    @Override
    public int count(TaskState state) {
        return switch (state) {
            case READY -> Math.max(0, alive - suspended - running);
            case RUNNING -> running;
            case SUSPENDED -> suspended;
        };
    }

    private void grow() {
        int capacity = bodies.length * 2;
        bodies = Arrays.copyOf(bodies, capacity);
        sendValues = Arrays.copyOf(sendValues, capacity);
        states = Arrays.copyOf(states, capacity);
        stepCounts = Arrays.copyOf(stepCounts, capacity);
        parents = Arrays.copyOf(parents, capacity);
        queuedRefs = Arrays.copyOf(queuedRefs, capacity);
    }

    private void growReady() {
        int[] bigger = new int[readyRing.length * 2];
        for (int i = 0; i < readySize; i++) {
            bigger[i] = readyRing[(readyHead + i) & (readyRing.length - 1)];
        }
        readyRing = bigger;
        readyHead = 0;
    }
}
