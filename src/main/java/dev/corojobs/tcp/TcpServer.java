package dev.corojobs.tcp;

import dev.corojobs.runtime.TaskTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's hello server on the coroutine kernel: a client sends a message ending with a blank line and
 * gets {@code Hello <message>} back, then the connection closes. {@code selector-threads} loops (a kernel
 * and a selector each) run the connections; loop 0 also runs the acceptor. Framework-free: Spring starts
 * and stops it from {@link TcpConfiguration}, tests use it directly.
 */
public final class TcpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TcpServer.class);
    private static final long JOIN_MILLIS = 5_000;

    private final TcpProperties properties;
    private final TcpStats stats;
    private final TaskTracker tracker;
    private final Object drainLock = new Object();
    private volatile boolean draining;
    private ServerSocketChannel channel;
    private volatile ServerLoop[] loops = new ServerLoop[0];
    private volatile ClientTable clients = new ClientTable(1, 1);
    private int acceptorTid;
    private volatile int port;
    private volatile boolean running;

    public TcpServer(TcpProperties properties, TcpStats stats, TaskTracker tracker) {
        this.properties = properties;
        this.stats = stats;
        this.tracker = tracker;
    }

    /** Binds the port and starts the loops. */
    public synchronized void start() {
        if (running) {
            return;
        }
        try {
            channel = ServerSocketChannel.open();
            channel.bind(new InetSocketAddress(properties.host(), properties.port()), 1024);
            channel.configureBlocking(false);
            port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            closeChannel();
            throw new UncheckedIOException("cannot listen on " + properties.host() + ":" + properties.port(), e);
        }
        draining = false;
        loops = new ServerLoop[properties.selectorThreads()];
        clients = new ClientTable(properties.maxConnections(), properties.maxConnectionsPerAddress());
        long bufferShare = Math.max(1, properties.maxBufferedBytes().toBytes() / loops.length);
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new ServerLoop("corojobs-tcp-" + i, properties, bufferShare, stats, clients,
                    this::connectionClosed, tracker);
            tracker.register(loops[i].kernel());
        }
        Acceptor acceptor = new Acceptor(channel, loops, clients, stats);
        loops[0].start(acceptor);
        acceptorTid = 1;
        for (int i = 1; i < loops.length; i++) {
            loops[i].start(null);
        }
        running = true;
        log.info("TCP hello server listening on {}:{} ({} selector thread(s))", properties.host(), port, loops.length);
    }

    /**
     * Graceful stop: closes the listening socket, lets the connections in flight finish for up to
     * {@code shutdown-timeout}, then closes the rest and ends the loop threads.
     */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        long deadline = System.nanoTime() + properties.shutdownTimeout().toNanos();
        stopAccepting(deadline);
        awaitDrained(deadline);
        int left = stats.open();
        if (left > 0) {
            log.info("TCP hello server closing {} connection(s) still open after {}", left, properties.shutdownTimeout());
        }
        for (ServerLoop loop : loops) {
            loop.shutdown();
        }
        for (ServerLoop loop : loops) {
            try {
                if (!loop.join(JOIN_MILLIS)) {
                    log.warn("TCP selector loop {} did not end within {} ms", loop.name(), JOIN_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            tracker.unregister(loop.kernel());
        }
        closeChannel();
        log.info("TCP hello server on port {} stopped", port);
    }

    private void stopAccepting(long deadline) {
        ServerLoop home = loops[0];
        if (home.isAlive()) {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            home.execute(() -> {
                home.kernel().kill(acceptorTid);
                closed.complete(null);
            });
            try {
                closed.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("the acceptor did not stop in time: {}", e.toString());
            }
        }
        closeChannel();
    }

    private void awaitDrained(long deadline) {
        synchronized (drainLock) {
            draining = true;
            long left;
            while (stats.open() > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(drainLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void connectionClosed() {
        if (stats.closed() == 0 && draining) {
            synchronized (drainLock) {
                drainLock.notifyAll();
            }
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.warn("closing the listening socket failed", e);
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The port bound by {@link #start()} (the real one when configured as 0). */
    public int port() {
        return port;
    }

    public boolean isRunning() {
        return running;
    }

    /** Why a selector loop died, if one did while the server was running. */
    public Optional<String> loopFailure() {
        for (ServerLoop loop : loops) {
            if (loop.failure() != null) {
                return Optional.of(loop.name() + ": " + loop.failure());
            }
            if (running && !loop.isAlive()) {
                return Optional.of(loop.name() + " is not running");
            }
        }
        return Optional.empty();
    }

    public TcpStats stats() {
        return stats;
    }
}
