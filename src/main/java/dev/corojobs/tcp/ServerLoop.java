package dev.corojobs.tcp;

import dev.corojobs.runtime.Kernel;
import dev.corojobs.runtime.KernelListener;
import dev.corojobs.runtime.SelectorPoller;
import dev.corojobs.runtime.SystemCall;
import dev.corojobs.runtime.TaskKind;
import dev.corojobs.runtime.TaskOutcome;
import dev.corojobs.runtime.TaskTracker;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread: a kernel whose I/O waits are backed by a {@link SelectorPoller}, the idle reaper,
 * and the {@link ConnectionContext} its connections share. Runs until {@link #shutdown()} kills its tasks,
 * or dies with a failure that the health indicator reports.
 */
final class ServerLoop {

    private static final Logger log = LoggerFactory.getLogger(ServerLoop.class);

    private final String name;
    private final SelectorPoller poller = new SelectorPoller();
    private final Kernel kernel;
    private final IdleReaper reaper;
    private final ConnectionContext context;
    private Thread thread;
    private volatile boolean stopping;
    private volatile Throwable failure;

    /**
     * @param bufferShare      this loop's share of {@code max-buffered-bytes}
     * @param connectionClosed told after each connection of this loop closes
     */
    ServerLoop(String name, TcpProperties properties, long bufferShare, TcpStats stats, ClientTable clients,
            Runnable connectionClosed, TaskTracker tracker) {
        this.name = name;
        this.kernel = new Kernel(TaskKind.TCP, tracker, new FailureLog(name), poller, true);
        this.reaper = new IdleReaper(properties.idleTimeout().toMillis(), poller, stats);
        BufferBudget budget = new BufferBudget(bufferShare, stats, HelloConnection::evict);
        this.context = new ConnectionContext(properties.maxMessageBytes(), stats, reaper, budget, clients,
                kernel::execute, kernel::kill, connectionClosed);
    }
    /** Spawns {@code first} (the acceptor, on loop 0) and the reaper, and starts the thread. */
    void start(SystemCall.Body first) {
        if (first != null) {
            kernel.spawn(first);
        }
        kernel.spawn(reaper);
        thread = Thread.ofPlatform().name(name).start(this::run);
    }

    private void run() {
        try {
            Kernel.Status status = kernel.run(Long.MAX_VALUE);
            if (!stopping) {
                throw new IllegalStateException("the kernel of " + name + " returned " + status);
            }
        } catch (Throwable e) {
            failure = e;
            log.error("TCP selector loop {} died; its connections are closed", name, e);
            try {
                kernel.killAll();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
        } finally {
            try {
                poller.close();
            } catch (IOException e) {
                log.warn("closing the selector of {} failed", name, e);
            }
        }
    }

    /** Runs {@code action} on this loop's thread, between task steps. */
    void execute(Runnable action) {
        kernel.execute(action);
    }

    /** Takes over a connection accepted on another loop. */
    void adopt(HelloConnection connection) {
        kernel.execute(() -> kernel.spawn(connection));
    }

    /** Kills every task (connections are closed by their cleanup) so the thread ends. */
    void shutdown() {
        kernel.execute(() -> {
            stopping = true;
            kernel.killAll();
        });
    }

    boolean join(long millis) throws InterruptedException {
        if (thread == null) {
            return true;
        }
        thread.join(millis);
        return !thread.isAlive();
    }

    boolean isAlive() {
        return thread != null && thread.isAlive();
    }

    Throwable failure() {
        return failure;
    }

    String name() {
        return name;
    }

    Kernel kernel() {
        return kernel;
    }

    ConnectionContext context() {
        return context;
    }

    /** A task that throws is a bug (its connection is closed and the loop goes on): say so. */
    private record FailureLog(String loop) implements KernelListener {
        @Override
        public void exited(int tid, TaskOutcome outcome, Throwable failure) {
            if (failure != null) {
                log.warn("task {} of {} failed", tid, loop, failure);
            }
        }
    }
}
