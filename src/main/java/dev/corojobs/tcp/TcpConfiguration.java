package dev.corojobs.tcp;

import dev.corojobs.runtime.TaskTracker;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Runs the hello server with the application ({@code corojobs.tcp.enabled}, on by default). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "corojobs.tcp.enabled", matchIfMissing = true)
class TcpConfiguration {

    @Bean
    TcpStats tcpStats() {
        return new TcpStats();
    }

    @Bean
    TcpServer tcpServer(TcpProperties properties, TcpStats stats, TaskTracker tracker) {
        return new TcpServer(properties, stats, tracker);
    }

    @Bean
    TcpServerLifecycle tcpServerLifecycle(TcpServer server) {
        return new TcpServerLifecycle(server);
    }

    @Bean
    HealthIndicator tcpHealthIndicator(TcpServer server) {
        return new TcpHealthIndicator(server);
    }

    /**
     * Starts the server with the application and stops it gracefully, in the phase of the web server's
     * graceful shutdown so that both drain at the same time.
     */
    static final class TcpServerLifecycle implements SmartLifecycle {

        static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

        private final TcpServer server;
        private final AtomicBoolean running = new AtomicBoolean();

        TcpServerLifecycle(TcpServer server) {
            this.server = server;
        }

        @Override
        public void start() {
            server.start();
            running.set(true);
        }

        @Override
        public void stop() {
            server.stop();
            running.set(false);
        }

        @Override
        public void stop(Runnable callback) {
            Thread.ofPlatform().name("corojobs-tcp-shutdown").start(() -> {
                try {
                    stop();
                } finally {
                    callback.run();
                }
            });
        }

        @Override
        public boolean isRunning() {
            return running.get();
        }

        @Override
        public int getPhase() {
            return PHASE;
        }
    }

    /** DOWN when a selector loop died: that loop's connections, or the acceptor, are gone. */
    static final class TcpHealthIndicator implements HealthIndicator {

        private final TcpServer server;

        TcpHealthIndicator(TcpServer server) {
            this.server = server;
        }

        @Override
        public Health health() {
            Health.Builder health = server.loopFailure()
                    .map(failure -> Health.down().withDetail("failure", failure))
                    .orElseGet(Health::up);
            return health.withDetail("port", server.port())
                    .withDetail("running", server.isRunning())
                    .withDetail("connections", server.stats().open())
                    .build();
        }
    }
}
