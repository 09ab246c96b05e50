package dev.corojobs.bench;

import dev.corojobs.runtime.TaskTracker;
import dev.corojobs.tcp.TcpProperties;
import dev.corojobs.tcp.TcpServer;
import dev.corojobs.tcp.TcpStats;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.springframework.util.unit.DataSize;

/**
 * Runs one hello server for bench/tcp.sh until it is killed: {@code coroutine} (this project's server,
 * without the rest of the application) or {@code netty} (the same protocol on Netty 4.2, NIO transport).
 * Both use one event-loop thread for accepting and serving, on 127.0.0.1.
 *
 * <p>Usage: {@code HelloServerMain coroutine|netty <port> [idle-timeout-seconds] [max-connections]}
 */
public final class HelloServerMain {

    private HelloServerMain() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int port = Integer.parseInt(args[1]);
        Duration idleTimeout = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 30);
        int maxConnections = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        AutoCloseable server = switch (kind) {
            case "coroutine" -> {
                TcpServer tcp = new TcpServer(new TcpProperties(true, "127.0.0.1", port, 65536, idleTimeout,
                        maxConnections, maxConnections, DataSize.ofMegabytes(32), 1, Duration.ofSeconds(2)),
                        new TcpStats(), new TaskTracker());
                tcp.start();
                yield tcp;
            }
            case "netty" -> NettyHelloServer.start(port, 65536);
            default -> throw new IllegalArgumentException("coroutine or netty, not " + kind);
        };
        System.out.println("READY " + kind + " " + port + " pid " + ProcessHandle.current().pid());
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        forever.await();
    }
}
