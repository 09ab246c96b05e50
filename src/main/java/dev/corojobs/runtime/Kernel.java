package dev.corojobs.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A cooperative kernel in the style of the seed's scheduler and curio: tasks are coroutines that yield
 * {@link SystemCall}s, run one at a time from a FIFO ready queue. Each trap is a small method below.
 *
 * <p>Task ids start at 1 per kernel, in creation order. Without an {@link IoPoller} the clock is virtual:
 * it advances one tick per step and jumps ahead when every task sleeps. A kernel is driven by one thread
 * at a time; {@link #execute} hands work to it from others.
 *
 * <p>Task bookkeeping is kept in paged arrays indexed by task id ({@link TaskTable}; the ready queue and the
 * free ids are {@link IntQueue}s), so a live task costs its coroutine plus about twenty-five bytes, and none of it is a
 * G1 humongous object however many tasks there are. A long-running kernel (a server spawning a task per
 * connection) can be made to reuse the ids of dead tasks, so these arrays stay as large as the most tasks
 * ever alive at once rather than the number ever spawned; an id is reused only once nothing in the kernel
 * refers to it any more.
 *
 * <p>Observability: {@link #deadlockReport()} names the wait-for cycles after {@link Status#DEADLOCKED};
 * {@link #dump} snapshots live tasks from any thread (the {@link KernelInspector} says how; {@code run},
 * {@code kill} and {@code killAll} hold the kernel's driving lock so a dump never sees them half done);
 * and the {@link StepWatchdog} samples {@link #stepInProgress()} from its own thread to find steps that run
 * too long (steps are not timed: two clock reads per step would cost more than the step).
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

    static final byte DEAD = 0;
    static final byte READY = 1;
    static final byte RUNNING = 2;
    static final byte WAITING_TASK = 3;
    static final byte SLEEPING = 4;
    static final byte WAITING_IO = 5;

    /** Opaque reads of the step in progress, for the step watchdog on another thread. */
    private static final VarHandle RUNNING_FIELD;
    private static final VarHandle STEPS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            RUNNING_FIELD = lookup.findVarHandle(Kernel.class, "running", int.class);
            STEPS = lookup.findVarHandle(Kernel.class, "steps", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TaskKind kind;
    private final TaskTracker tracker;
    private final KernelListener listener;
    private final IoPoller poller;
    private final Queue<Runnable> inbox = new ConcurrentLinkedQueue<>();

    /** Per-task state, step count, parent, last run; and queue references: a dead id is reusable once none is left. */
    private final TaskTable tasks = new TaskTable();
    private int nextTid = 1;
    private final boolean reuseTaskIds;
    /** Ids of dead tasks to hand out again, oldest first (segmented, so a million of them is no humongous array). */
    private final IntQueue freeTids = new IntQueue();
    /** Held by the thread inside {@link #run}; a dump takes it to read an idle kernel from another thread. */
    private final ReentrantLock driving = new ReentrantLock();
    private final KernelInspector inspector;
    /** The thread inside {@link #run}, for the step watchdog's stack traces. */
    private volatile Thread driver;

    private final IntQueue ready = new IntQueue();

    /** Tasks blocked in WaitTask, by the task they wait for. */
    private final Map<Integer, List<Integer>> waitersByTarget = new HashMap<>();
    /** For each suspended task, what it waits on: a task id, a wake-up tick, or a channel. */
    private final Map<Integer, Object> waitsOn = new HashMap<>();
    private final PriorityQueue<long[]> sleepers = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    private long sleepSequence;

    private int alive;
    private int suspended;
    /** The task being stepped, or 0 between steps. */
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
        this.inspector = new KernelInspector(this, tasks, waitsOn, driving,
                poller == null ? TaskDump.Clock.TICKS : TaskDump.Clock.MILLISECONDS);
    }

    /** A kernel on a virtual clock. */
    public Kernel(TaskKind kind, TaskTracker tracker, KernelListener listener) {
        this(kind, tracker, listener, null);
    }

    /** Adds a task with no parent; it runs after those already ready. Returns its id. */
    public int spawn(SystemCall.Body body) {
        // no driving lock here: a million spawns would pay for it (15% of a 1M-task simulation); a dump that
        // races a spawn from outside run() skips a half-made task (see dumpHere)
        return spawn(body, 0);
    }

    private int spawn(SystemCall.Body body, int parent) {
        int tid;
        if (freeTids.size() > 0) {
            tid = freeTids.poll();
        } else {
            tid = nextTid++;
        }
        tasks.add(tid, body, parent, (int) now());
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
        driving.lock();
        driver = Thread.currentThread();
        try {
            return runSteps(maxSteps);
        } finally {
            driver = null;
            driving.unlock();
        }
    }

    private Status runSteps(long maxSteps) {
        long limit = maxSteps == Long.MAX_VALUE ? Long.MAX_VALUE : steps + maxSteps;
        int sinceIoPoll = 0;
        while (alive > 0 || !inbox.isEmpty()) {
            drainInbox();
            if (ready.size() == 0) {
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
            if (poller != null && ++sinceIoPoll >= ready.size()) {
                sinceIoPoll = 0;
                pollIo(0);
            }
            int tid = ready.poll();
            unqueue(tid);
            if (tasks.state(tid) == READY) {
                step(tid);
            }
        }
        return Status.FINISHED;
    }

    private void step(int tid) {
        SystemCall.Body body = tasks.body(tid);
        Object value = tasks.startStep(tid, RUNNING, poller == null ? (int) ++virtualNow : (int) poller.now());
        running = tid;
        steps++;
        boolean yielded;
        Throwable failure = null;
        try {
            yielded = body.resume(value);
        } catch (OutOfMemoryError fatal) {
            // not the task's failure: the heap is exhausted for everyone, so whoever drives the kernel decides
            running = 0;
            throw fatal;
        } catch (Throwable thrown) {
            yielded = false;
            failure = thrown;
        }
        running = 0;
        if (failure != null) {
            exit(tid, TaskOutcome.FAILED, failure);
            return;
        }
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
        if (child == null) {
            exit(tid, TaskOutcome.FAILED, new IllegalArgumentException("NewTask needs a task body, got null"));
            return;
        }
        int childTid = spawn(child, tid);
        schedule(tid, childTid);
    }

    private void trapKillTask(int tid, int target) {
        boolean exists = isAlive(target);
        listener.kill(tid, target, exists);
        if (target == tid) {
            // the caller is suspended at its yield: close it like any other task
            tasks.setState(tid, READY);
            killLocked(tid);
            return;
        }
        if (exists) {
            killLocked(target);
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
        tasks.addQueuedRef(tid, 1);
    }

    private void trapWaitIo(int tid, SelectableChannel channel, int ops) {
        if (channel == null) {
            exit(tid, TaskOutcome.FAILED, new IllegalArgumentException("I/O wait needs a channel, got null"));
            return;
        }
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
        driving.lock();
        try {
            return killLocked(tid);
        } finally {
            driving.unlock();
        }
    }

    private boolean killLocked(int tid) {
        if (!isAlive(tid)) {
            return false;
        }
        if (tasks.state(tid) == RUNNING) {
            throw new IllegalStateException("task " + tid + " is running");
        }
        unlinkWait(tid);
        Throwable failure = null;
        SystemCall.Body body = tasks.body(tid);
        try {
            body.close();
        } catch (Throwable e) {
            failure = e;
        }
        if (failure == null && body.state() != CoroutineState.CLOSED) {
            failure = new IllegalStateException("task " + tid + " (" + body.name()
                    + ") ignored close and is still " + body.state() + "; the kernel dropped it");
        }
        exit(tid, failure == null ? TaskOutcome.CANCELLED : TaskOutcome.FAILED, failure);
        return true;
    }

    /** Kills every live task, oldest first (job cancellation, shutdown). */
    public void killAll() {
        driving.lock();
        try {
            for (int tid = 1; tid < nextTid; tid++) {
                if (isAlive(tid) && tasks.state(tid) != RUNNING) {
                    killLocked(tid);
                }
            }
        } finally {
            driving.unlock();
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
        if (tasks.state(tid) == WAITING_IO) {
            waitsOn.remove(tid);
            suspended--;
            schedule(tid, null);
        }
    }

    private void exit(int tid, TaskOutcome outcome, Throwable failure) {
        byte state = tasks.state(tid);
        if (state == WAITING_TASK || state == SLEEPING || state == WAITING_IO) {
            suspended--;
        }
        tasks.clear(tid, DEAD);
        alive--;
        tracker.finished(kind, outcome);
        listener.exited(tid, outcome, failure);
        List<Integer> waiters = waitersByTarget.remove(tid);
        if (waiters != null) {
            for (int waiter : waiters) {
                if (tasks.state(waiter) == WAITING_TASK) {
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
        if (tasks.addQueuedRef(tid, -1) == 0) {
            releaseIfUnreferenced(tid);
        }
    }

    private void releaseIfUnreferenced(int tid) {
        if (reuseTaskIds && tasks.state(tid) == DEAD && tasks.queuedRefs(tid) == 0) {
            freeTids.add(tid);
        }
    }

    private void unlinkWait(int tid) {
        Object on = waitsOn.remove(tid);
        switch (tasks.state(tid)) {
            case WAITING_TASK -> {
                List<Integer> waiters = waitersByTarget.get((Integer) on);
                if (waiters != null) {
                    waiters.remove((Integer) tid);
                    if (waiters.isEmpty()) {
                        waitersByTarget.remove((Integer) on);
                    }
                }
            }
            case WAITING_IO -> poller.cancel(tid);
            default -> { } // sleepers are dropped lazily when their tick comes
        }
    }

    private void suspend(int tid, byte state, Object on) {
        tasks.setState(tid, state);
        suspended++;
        waitsOn.put(tid, on);
    }

    private void schedule(int tid, Object value) {
        tasks.setReady(tid, READY, value);
        ready.add(tid);
        tasks.addQueuedRef(tid, 1);
    }

    /** Blocks or jumps the clock until some task is ready; false if nothing can ever wake one. */
    private boolean awaitWork() {
        dropKilledSleepers();
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

    /** Sleepers killed before their tick stay queued; drop them so they neither move the clock nor count as work. */
    private void dropKilledSleepers() {
        while (!sleepers.isEmpty() && tasks.state((int) sleepers.peek()[2]) != SLEEPING) {
            unqueue((int) sleepers.poll()[2]);
        }
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
            if (tasks.state(tid) == SLEEPING) {
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

    /**
     * The wait-for graph's cycles and the tasks blocked behind them, as they are now (empty when no task
     * waits on another in a cycle). After {@link #run} returns {@link Status#DEADLOCKED} on a virtual clock,
     * every live task is in a cycle or behind one. Call it on the kernel's thread.
     */
    public DeadlockReport deadlockReport() {
        int[] waitsFor = new int[nextTid];
        for (int tid = 1; tid < nextTid; tid++) {
            if (tasks.state(tid) == WAITING_TASK) {
                waitsFor[tid] = (Integer) waitsOn.get(tid);
            }
        }
        return DeadlockReport.of(waitsFor);
    }

    /**
     * Dumps live tasks in task-id order, as {@link TaskGroup#dump} describes (the cursor is a task id); safe
     * from any thread ({@link KernelInspector#dump} says how).
     */
    @Override
    public long dump(long cursor, long skip, int limit, Consumer<? super TaskDump> sink) {
        return inspector.dump(cursor, skip, limit, sink);
    }

    @Override
    public boolean dumpable() {
        return true;
    }

    /**
     * What the kernel is stepping now, read racily from any thread (for the step watchdog): the task id and the
     * kernel's step count, or null between steps. A step still in progress at two samples has run at least
     * the time between them.
     */
    public StepInProgress stepInProgress() {
        int tid = (int) RUNNING_FIELD.getOpaque(this);
        if (tid == 0) {
            return null;
        }
        long step = (long) STEPS.getOpaque(this);
        return new StepInProgress(tid, step, driver);
    }

    /** A step seen in progress: task {@code tid}, the kernel's {@code step}-th, driven by {@code thread}. */
    public record StepInProgress(int tid, long step, Thread thread) {
    }

    /** Dumps and peeks at this kernel's tasks from other threads. */
    KernelInspector inspector() {
        return inspector;
    }

    public boolean isAlive(int tid) {
        return tid > 0 && tid < nextTid && tasks.state(tid) != DEAD;
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
        return tid > 0 && tid < nextTid ? tasks.stepCount(tid) : 0;
    }

    /** The task that started {@code tid} (0 for none). */
    public int parentOf(int tid) {
        return tid > 0 && tid < nextTid ? tasks.parent(tid) : 0;
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
        return isAlive(tid) ? tasks.body(tid) : null;
    }

    @Override
    public TaskKind kind() {
        return kind;
    }

    @Override
    public int count(TaskState state) {
        return switch (state) {
            case READY -> Math.max(0, alive - suspended - (running == 0 ? 0 : 1));
            case RUNNING -> running == 0 ? 0 : 1;
            case SUSPENDED -> suspended;
        };
    }
}
