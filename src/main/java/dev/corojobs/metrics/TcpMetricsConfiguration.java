package dev.corojobs.metrics;

import dev.corojobs.tcp.TcpServer;
import dev.corojobs.tcp.TcpStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The hello server's counters as {@code corojobs_tcp_*} meters (none when the server is disabled). */
@Configuration(proxyBeanMethods = false)
class TcpMetricsConfiguration {

    @Bean
    MeterBinder tcpMetrics(ObjectProvider<TcpStats> statsProvider) {
        return registry -> statsProvider.ifAvailable(stats -> {
            Gauge.builder("corojobs.tcp.connections", stats, TcpStats::open)
                    .description("TCP hello connections open now")
                    .register(registry);
            Gauge.builder("corojobs.tcp.buffered.bytes", stats, TcpStats::bufferedBytes)
                    .description("Message and reply bytes TCP hello connections hold in memory now")
                    .baseUnit("bytes")
                    .register(registry);
            FunctionCounter.builder("corojobs.tcp.connections.accepted", stats, TcpStats::accepted)
                    .description("TCP hello connections accepted and served")
                    .register(registry);
            for (TcpStats.RejectReason reason : TcpStats.RejectReason.values()) {
                FunctionCounter.builder("corojobs.tcp.connections.rejected", stats, s -> s.rejected(reason))
                        .description("TCP hello connections closed without an answer, by reason")
                        .tag("reason", reason.label())
                        .register(registry);
            }
            FunctionCounter.builder("corojobs.tcp.bytes.received", stats, TcpStats::bytesReceived)
                    .description("Bytes read from TCP hello clients")
                    .register(registry);
            FunctionCounter.builder("corojobs.tcp.bytes.sent", stats, TcpStats::bytesSent)
                    .description("Bytes written to TCP hello clients")
                    .register(registry);
        });
    }

    @Bean
    MeterBinder tcpSelectorMetrics(ObjectProvider<TcpServer> serverProvider) {
        return registry -> serverProvider.ifAvailable(server ->
                Gauge.builder("corojobs.tcp.selector.down", server, s -> s.loopFailure().isPresent() ? 1 : 0)
                        .description("1 when a selector loop of the TCP hello server has died while the server runs, else 0")
                        .register(registry));
    }
}
