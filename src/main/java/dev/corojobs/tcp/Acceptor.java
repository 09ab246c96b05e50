package dev.corojobs.tcp;

import dev.corojobs.runtime.StacklessCoroutine;
import dev.corojobs.runtime.SystemCall;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket's task: accepts what is pending, hands each connection to the next loop in turn
 * (a {@code NewTask} on its own loop, {@link ServerLoop#adopt} on the others), then waits for the next
 * ones. Beyond {@code max-connections} a connection is accepted and closed at once.
 */
final class Acceptor extends StacklessCoroutine<Object, SystemCall, Object> implements SystemCall.Body {

    private static final Logger log = LoggerFactory.getLogger(Acceptor.class);
    /** Accepts per step before letting the loop's connections run. */
    private static final int BATCH = 64;
    private static final long BACKOFF_MILLIS = 100;

    private final ServerSocketChannel server;
    private final ServerLoop home;
    private final ServerLoop[] loops;
    private final int maxConnections;
    private final SystemCall.WaitRead waitAccept;
    private int nextLoop;

    Acceptor(ServerSocketChannel server, ServerLoop[] loops, int maxConnections) {
        this.server = server;
        this.home = loops[0];
        this.loops = loops;
        this.maxConnections = maxConnections;
        this.waitAccept = new SystemCall.WaitRead(server);
    }

    @Override
    protected void step(Object sent) {
        TcpStats stats = home.stats();
        for (int accepted = 0; accepted < BATCH; accepted++) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!server.isOpen()) {
                    finish(null);
                    return;
                }
                // typically out of file descriptors: the connection stays in the backlog, try again soon
                log.warn("accept failed, retrying in {} ms: {}", BACKOFF_MILLIS, e.toString());
                yieldValue(new SystemCall.Sleep(BACKOFF_MILLIS));
                return;
            }
            if (client == null) {
                yieldValue(waitAccept);
                return;
            }
            if (stats.open() >= maxConnections) {
                stats.reject(TcpStats.RejectReason.LIMIT);
                closeQuietly(client);
                continue;
            }
            try {
                client.configureBlocking(false);
            } catch (IOException e) {
                closeQuietly(client);
                continue;
            }
            stats.opened();
            ServerLoop target = loops[nextLoop];
            nextLoop = nextLoop + 1 == loops.length ? 0 : nextLoop + 1;
            HelloConnection connection = new HelloConnection(client, target);
            if (target == home) {
                yieldValue(new SystemCall.NewTask(connection));
                return;
            }
            target.adopt(connection);
        }
        yieldValue(null);
    }

    @Override
    protected void onClose() {
        closeQuietly(server);
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }

    @Override
    public String name() {
        return "acceptor";
    }
}
