package dev.corojobs.tcp;

import dev.corojobs.runtime.StacklessCoroutine;
import dev.corojobs.runtime.SystemCall;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket's task: accepts what is pending, lets the {@link ClientTable} decide whether each
 * may open (refused ones are closed at once; one that takes the place of another's has that one evicted),
 * hands it to the next loop in turn (a {@code NewTask} on its own loop, {@link ServerLoop#adopt} on the
 * others), then waits for the next ones.
 */
final class Acceptor extends StacklessCoroutine<Object, SystemCall, Object> implements SystemCall.Body {

    private static final Logger log = LoggerFactory.getLogger(Acceptor.class);
    /** Accepts per step before letting the loop's connections run. */
    private static final int BATCH = 64;
    private static final long BACKOFF_MILLIS = 100;

    private final ServerSocketChannel server;
    private final ServerLoop home;
    private final ServerLoop[] loops;
    private final ClientTable clients;
    private final TcpStats stats;
    private final SystemCall.WaitRead waitAccept;
    private int nextLoop;

    Acceptor(ServerSocketChannel server, ServerLoop[] loops, ClientTable clients, TcpStats stats) {
        this.server = server;
        this.home = loops[0];
        this.loops = loops;
        this.clients = clients;
        this.stats = stats;
        this.waitAccept = new SystemCall.WaitRead(server);
    }

    @Override
    protected void step(Object sent) {
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
            InetAddress address;
            try {
                client.configureBlocking(false);
                address = ((InetSocketAddress) client.getRemoteAddress()).getAddress();
            } catch (IOException e) {
                closeQuietly(client);
                continue;
            }
            ServerLoop target = loops[nextLoop];
            HelloConnection connection = new HelloConnection(client, target.context());
            switch (clients.admit(connection, address)) {
                case ClientTable.Refused refused -> {
                    stats.reject(refused.reason());
                    closeQuietly(client);
                    continue;
                }
                case ClientTable.Admitted admitted when admitted.evicted() != null -> {
                    stats.reject(TcpStats.RejectReason.FAIR_SHARE);
                    admitted.evicted().context().evict(admitted.evicted());
                }
                case ClientTable.Admitted admitted -> {
                    // room for it
                }
            }
            stats.opened();
            nextLoop = nextLoop + 1 == loops.length ? 0 : nextLoop + 1;
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
