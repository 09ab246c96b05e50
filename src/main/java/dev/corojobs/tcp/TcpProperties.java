package dev.corojobs.tcp;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the embedded hello server, bound from {@code corojobs.tcp.*}; the defaults are written once,
 * in the annotations below.
 *
 * @param enabled                  starts the server with the application
 * @param host                     address to listen on
 * @param port                     port to listen on; 0 picks a free one (see {@link TcpServer#port()})
 * @param maxMessageBytes          longest message accepted; a longer one closes the connection ({@code too_large})
 * @param idleTimeout              a client has this long to send its whole message, and to take some reply bytes
 *                                 each time the reply stalls; otherwise it is closed ({@code idle})
 * @param maxConnections           connections open at once; at the cap a newcomer from a client address holding
 *                                 fewer connections than the busiest one takes the busiest one's oldest
 *                                 ({@code fair_share}), any other is accepted and closed at once ({@code limit})
 * @param maxConnectionsPerAddress connections one client address (an IPv6 /64) may hold open ({@code address_limit})
 * @param maxBufferedBytes         message and reply bytes all connections may hold in memory at once; beyond it the
 *                                 greediest connections are closed ({@code buffer_budget})
 * @param selectorThreads          event loops (a kernel and a selector each) that connections are spread over
 * @param shutdownTimeout          how long a stop waits for connections in flight before closing them
 */
@ConfigurationProperties("corojobs.tcp")
public record TcpProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("0.0.0.0") String host,
        @DefaultValue("5000") int port,
        @DefaultValue("65536") int maxMessageBytes,
        @DefaultValue("30s") Duration idleTimeout,
        @DefaultValue("10000") int maxConnections,
        @DefaultValue("1000") int maxConnectionsPerAddress,
        @DefaultValue("32MB") DataSize maxBufferedBytes,
        @DefaultValue("1") int selectorThreads,
        @DefaultValue("20s") Duration shutdownTimeout) {

    public TcpProperties {
        require(port >= 0 && port <= 65535, "port", "must be 0..65535, was " + port);
        require(maxMessageBytes > 0 && maxMessageBytes <= Integer.MAX_VALUE - 16, "max-message-bytes",
                "must be 1.." + (Integer.MAX_VALUE - 16) + ", was " + maxMessageBytes);
        require(idleTimeout != null && idleTimeout.toMillis() > 0, "idle-timeout", "must be > 0, was " + idleTimeout);
        require(maxConnections > 0, "max-connections", "must be > 0, was " + maxConnections);
        require(maxConnectionsPerAddress > 0, "max-connections-per-address", "must be > 0, was " + maxConnectionsPerAddress);
        require(maxBufferedBytes != null && maxBufferedBytes.toBytes() > 0, "max-buffered-bytes",
                "must be > 0, was " + maxBufferedBytes);
        require(selectorThreads > 0 && selectorThreads <= 256, "selector-threads", "must be 1..256, was " + selectorThreads);
        require(shutdownTimeout != null && !shutdownTimeout.isNegative(), "shutdown-timeout", "must be >= 0, was " + shutdownTimeout);
        require(host != null && !host.isBlank(), "host", "must not be blank");
    }

    private static void require(boolean condition, String property, String problem) {
        if (!condition) {
            throw new IllegalArgumentException("corojobs.tcp." + property + " " + problem);
        }
    }
}
