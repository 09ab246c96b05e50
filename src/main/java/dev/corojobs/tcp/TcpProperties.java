package dev.corojobs.tcp;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded hello server, bound from {@code corojobs.tcp.*}. The server itself only reads
 * the values, so tests build one with {@link #defaults()} and the {@code with...} copies.
 *
 * @param enabled           starts the server with the application
 * @param host              address to listen on
 * @param port              port to listen on; 0 picks a free one (see {@link TcpServer#port()})
 * @param maxMessageBytes   longest message accepted; a longer one closes the connection ({@code too_large})
 * @param idleTimeout       a client has this long to send its whole message, and to take some reply bytes
 *                          each time the reply stalls; otherwise it is closed ({@code idle})
 * @param maxConnections    connections open at once; more are accepted and closed at once ({@code limit})
 * @param selectorThreads   event loops (a kernel and a selector each) that connections are spread over
 * @param shutdownTimeout   how long a stop waits for connections in flight before closing them
 */
@ConfigurationProperties("corojobs.tcp")
public record TcpProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("0.0.0.0") String host,
        @DefaultValue("5000") int port,
        @DefaultValue("65536") int maxMessageBytes,
        @DefaultValue("30s") Duration idleTimeout,
        @DefaultValue("10000") int maxConnections,
        @DefaultValue("1") int selectorThreads,
        @DefaultValue("20s") Duration shutdownTimeout) {

    public TcpProperties {
        require(port >= 0 && port <= 65535, "port", "must be 0..65535, was " + port);
        require(maxMessageBytes > 0, "max-message-bytes", "must be > 0, was " + maxMessageBytes);
        require(idleTimeout != null && idleTimeout.toMillis() > 0, "idle-timeout", "must be > 0, was " + idleTimeout);
        require(maxConnections > 0, "max-connections", "must be > 0, was " + maxConnections);
        require(selectorThreads > 0 && selectorThreads <= 256, "selector-threads", "must be 1..256, was " + selectorThreads);
        require(shutdownTimeout != null && !shutdownTimeout.isNegative(), "shutdown-timeout", "must be >= 0, was " + shutdownTimeout);
        require(host != null && !host.isBlank(), "host", "must not be blank");
    }

    private static void require(boolean condition, String property, String problem) {
        if (!condition) {
            throw new IllegalArgumentException("corojobs.tcp." + property + " " + problem);
        }
    }

    /** The defaults, on loopback and a random port (what tests start from). */
    public static TcpProperties defaults() {
        return new TcpProperties(true, "127.0.0.1", 0, 65536, Duration.ofSeconds(30), 10_000, 1, Duration.ofSeconds(20));
    }

    public TcpProperties withHost(String host) {
        return new TcpProperties(enabled, host, port, maxMessageBytes, idleTimeout, maxConnections, selectorThreads, shutdownTimeout);
    }

    public TcpProperties withPort(int port) {
        return new TcpProperties(enabled, host, port, maxMessageBytes, idleTimeout, maxConnections, selectorThreads, shutdownTimeout);
    }

    public TcpProperties withMaxMessageBytes(int maxMessageBytes) {
        return new TcpProperties(enabled, host, port, maxMessageBytes, idleTimeout, maxConnections, selectorThreads, shutdownTimeout);
    }

    public TcpProperties withIdleTimeout(Duration idleTimeout) {
        return new TcpProperties(enabled, host, port, maxMessageBytes, idleTimeout, maxConnections, selectorThreads, shutdownTimeout);
    }

    public TcpProperties withMaxConnections(int maxConnections) {
        return new TcpProperties(enabled, host, port, maxMessageBytes, idleTimeout, maxConnections, selectorThreads, shutdownTimeout);
    }

    public TcpProperties withSelectorThreads(int selectorThreads) {
        return new TcpProperties(enabled, host, port, maxMessageBytes, idleTimeout, maxConnections, selectorThreads, shutdownTimeout);
    }

    public TcpProperties withShutdownTimeout(Duration shutdownTimeout) {
        return new TcpProperties(enabled, host, port, maxMessageBytes, idleTimeout, maxConnections, selectorThreads, shutdownTimeout);
    }
}
