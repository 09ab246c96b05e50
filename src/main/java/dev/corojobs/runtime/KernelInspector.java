package dev.corojobs.runtime;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Reads a {@link Kernel}'s tasks for the outside world: task dumps, and a peek at the task a long step is
 * running (for the {@link StepWatchdog}). Kept apart so the kernel's own file holds its loop and its traps.
 *
 * <p>Threads: task fields are only safe to read on the kernel's thread. {@link #dump} called inside
 * {@link Kernel#run} (from a task or listener) reads directly. From another thread it hands the snapshot to
 * the kernel through {@link Kernel#execute}, which a running kernel drains before its next step (a kernel
 * blocked in I/O is woken); if no thread is inside {@code run}, the caller takes the kernel's driving lock and
 * reads it itself ({@code run}, {@code kill} and {@code killAll} hold that lock, so a dump never sees them half
 * done). A kernel stuck in one long step cannot answer: after {@value #DUMP_PATIENCE_MILLIS} ms a dump throws
 * {@link IllegalStateException}.
 */
final class KernelInspector {

    /** How long a dump from another thread waits for a busy kernel. */
    private static final long DUMP_PATIENCE_MILLIS = 5_000;

    private final Kernel kernel;
    private final TaskTable tasks;
    private final Map<Integer, Object> waitsOn;
    private final ReentrantLock driving;
    private final TaskDump.Clock clock;

    KernelInspector(Kernel kernel, TaskTable tasks, Map<Integer, Object> waitsOn, ReentrantLock driving,
            TaskDump.Clock clock) {
        this.kernel = kernel;
        this.tasks = tasks;
        this.waitsOn = waitsOn;
        this.driving = driving;
        this.clock = clock;
    }

    /** Live tasks in task-id order, as {@link TaskGroup#dump} describes (the cursor is a task id). */
    long dump(long cursor, long skip, int limit, Consumer<? super TaskDump> sink) {
        return onKernelThread(() -> dumpHere(cursor, skip, limit, sink));
    }

    private long dumpHere(long cursor, long skip, int limit, Consumer<? super TaskDump> sink) {
        int tid = (int) Math.max(1, cursor);
        long toSkip = skip;
        int given = 0;
        for (int end = kernel.lastTid() + 1; tid < end; tid++) {
            if (tasks.state(tid) == Kernel.DEAD) {
                continue;
            }
            if (toSkip > 0) {
                toSkip--;
                continue;
            }
            if (given == limit) {
                return tid;
            }
            TaskDump task = dumpOfIfWhole(tid);
            if (task != null) {
                sink.accept(task);
                given++;
            }
        }
        return -1;
    }

    /** The task's dump, or null if a spawn from outside {@code run} is filling its slot right now. */
    private TaskDump dumpOfIfWhole(int tid) {
        if (tasks.body(tid) == null) {
            return null;
        }
        try {
            return dumpOf(tid, stateOf(tid));
        } catch (RuntimeException halfMade) {
            return null;
        }
    }

    private TaskState stateOf(int tid) {
        return switch (tasks.state(tid)) {
            case Kernel.READY -> TaskState.READY;
            case Kernel.RUNNING -> TaskState.RUNNING;
            default -> TaskState.SUSPENDED;
        };
    }

    private TaskDump dumpOf(int tid, TaskState state) {
        SystemCall.Body body = tasks.body(tid);
        List<String> chain = body instanceof StacklessCoroutine<?, ?, ?> stackless
                ? stackless.delegationChain() : List.of(body.name());
        Object on = waitsOn.get(tid);
        WaitTarget target = switch (tasks.state(tid)) {
            case Kernel.WAITING_TASK -> new WaitTarget.Task((Integer) on);
            case Kernel.SLEEPING -> new WaitTarget.Tick((Long) on);
            case Kernel.WAITING_IO -> socket((SelectableChannel) on);
            default -> null;
        };
        return new TaskDump(kernel.kind(), tid, body.name(), tasks.parent(tid), state, target, tasks.stepCount(tid),
                (int) kernel.now() - tasks.lastRunAt(tid), clock, chain);
    }

    private static WaitTarget socket(SelectableChannel channel) {
        String address;
        try {
            SocketAddress where = channel instanceof SocketChannel socket ? socket.getRemoteAddress()
                    : channel instanceof NetworkChannel network ? network.getLocalAddress() : null;
            address = where == null ? channel.toString() : where.toString();
        } catch (IOException | RuntimeException e) {
            address = channel.toString();
        }
        return new WaitTarget.Socket(address);
    }

    /**
     * A best-effort dump of the task being stepped, taken from another thread while its step runs (the only
     * way to see a task that hogs its kernel): the fields it reads do not change during one step, but a
     * delegation that ends at that moment can show a stale chain.
     */
    TaskDump peekRunningTask(int tid) {
        SystemCall.Body body = tasks.peekBody(tid);
        if (body == null) {
            return null;
        }
        List<String> chain;
        try {
            chain = body instanceof StacklessCoroutine<?, ?, ?> stackless
                    ? stackless.delegationChain() : List.of(body.name());
        } catch (RuntimeException raced) {
            chain = List.of(body.name());
        }
        return new TaskDump(kernel.kind(), tid, body.name(), tasks.peekParent(tid), TaskState.RUNNING, null,
                tasks.peekStepCount(tid), 0, clock, chain);
    }

    /** Runs {@code action} where the kernel's state is safe to read, waits for it and returns its value. */
    private long onKernelThread(LongSupplier action) {
        if (driving.isHeldByCurrentThread()) {
            return action.getAsLong();
        }
        if (driving.tryLock()) {
            try {
                return action.getAsLong();
            } finally {
                driving.unlock();
            }
        }
        AtomicBoolean claimed = new AtomicBoolean();
        CompletableFuture<Long> answer = new CompletableFuture<>();
        Runnable once = () -> {
            if (claimed.compareAndSet(false, true)) {
                try {
                    answer.complete(action.getAsLong());
                } catch (Throwable e) {
                    answer.completeExceptionally(e);
                }
            }
        };
        kernel.execute(once);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DUMP_PATIENCE_MILLIS);
        while (true) {
            try {
                return answer.get(10, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // the driver may have left run() without draining its inbox: then read the idle kernel here
                if (driving.tryLock()) {
                    try {
                        once.run();
                    } finally {
                        driving.unlock();
                    }
                } else if (System.nanoTime() > deadline) {
                    claimed.set(true);
                    throw new IllegalStateException("kernel is busy in one step for over "
                            + DUMP_PATIENCE_MILLIS + " ms; no dump");
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a kernel dump", e);
            }
        }
    }
}
