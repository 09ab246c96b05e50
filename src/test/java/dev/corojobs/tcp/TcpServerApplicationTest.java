package dev.corojobs.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.corojobs.ApiTest;
import dev.corojobs.runtime.TaskTracker;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The hello server started with the application, next to HTTP: lifecycle, metrics and health. */
@ApiTest
class TcpServerApplicationTest {

    @Autowired
    private TcpServer server;

    @Autowired
    private RestTestClient http;

    @Test
    void answersOverTcpAndReportsItOnPrometheusAndHealth() throws Exception {
        assertThat(server.isRunning()).isTrue();
        assertThat(server.port()).isPositive();
        long acceptedBefore = server.stats().accepted();

        assertThat(HelloClient.exchange(server.port(), "Spring")).isEqualTo("Hello Spring");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().open() == 0);

        String metrics = http.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics)
                .containsPattern("(?m)^corojobs_tcp_connections\\{[^}]*} 0\\.0$")
                .containsPattern("(?m)^corojobs_tcp_connections_accepted_total\\{[^}]*} " + (acceptedBefore + 1) + "\\.0$")
                .containsPattern("(?m)^corojobs_tcp_connections_rejected_total\\{[^}]*reason=\"too_large\"[^}]*} 0\\.0$")
                .containsPattern("(?m)^corojobs_tcp_connections_rejected_total\\{[^}]*reason=\"limit\"")
                .containsPattern("(?m)^corojobs_tcp_connections_rejected_total\\{[^}]*reason=\"idle\"")
                .containsPattern("(?m)^corojobs_tcp_connections_rejected_total\\{[^}]*reason=\"address_limit\"")
                .containsPattern("(?m)^corojobs_tcp_connections_rejected_total\\{[^}]*reason=\"fair_share\"")
                .containsPattern("(?m)^corojobs_tcp_connections_rejected_total\\{[^}]*reason=\"buffer_budget\"")
                .containsPattern("(?m)^corojobs_tcp_buffered_bytes\\{[^}]*} 0\\.0$")
                .containsPattern("(?m)^corojobs_tcp_bytes_received_total\\{[^}]*} [1-9]")
                .containsPattern("(?m)^corojobs_tcp_bytes_sent_total\\{[^}]*} [1-9]")
                .containsPattern("(?m)^corojobs_tasks\\{[^}]*kind=\"tcp\"[^}]*state=\"suspended\"[^}]*} [1-9]");

        http.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.components.tcp.status").isEqualTo("UP")
                .jsonPath("$.components.tcp.details.port").isEqualTo(server.port());
    }

    /** The application's TCP configuration alone: its lifecycle starts and stops the server with the context. */
    private final ApplicationContextRunner tcpConfiguration = new ApplicationContextRunner()
            .withUserConfiguration(TcpConfiguration.class, TcpConfigurationNeeds.class)
            .withPropertyValues("corojobs.tcp.host=127.0.0.1", "corojobs.tcp.port=0", "corojobs.tcp.shutdown-timeout=2s");

    @Test
    void startsAndStopsWithTheApplication() throws Exception {
        int[] port = new int[1];
        tcpConfiguration.run(context -> {
            assertThat(context).hasNotFailed();
            TcpServer other = context.getBean(TcpServer.class);
            port[0] = other.port();
            assertThat(port[0]).isNotEqualTo(server.port());
            assertThat(HelloClient.exchange(port[0], "again")).isEqualTo("Hello again");
        });
        assertThatThrownBy(() -> new HelloClient(port[0]).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void isLeftOutWhenDisabled() {
        tcpConfiguration.withPropertyValues("corojobs.tcp.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeanNamesForType(TcpServer.class)).isEmpty();
        });
    }

    /**
     * What the TCP configuration takes from the rest of the application. Not a {@code @Configuration}: Spring's
     * test support would take a nested one for the whole test class's configuration.
     */
    @EnableConfigurationProperties(TcpProperties.class)
    static class TcpConfigurationNeeds {

        @Bean
        TaskTracker taskTracker() {
            return new TaskTracker();
        }
    }
}
