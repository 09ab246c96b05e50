package dev.corojobs.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.corojobs.ApiTest;
import dev.corojobs.CorojobsApplication;
import dev.corojobs.jobs.store.TestPostgres;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
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

    @Test
    void startsAndStopsWithTheApplication() throws Exception {
        int port;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CorojobsApplication.class)
                .properties("server.port=0", "corojobs.tcp.shutdown-timeout=2s")
                .properties(TestPostgres.newDatabaseProperties())
                .run()) {
            TcpServer other = context.getBean(TcpServer.class);
            port = other.port();
            assertThat(port).isNotEqualTo(server.port());
            assertThat(HelloClient.exchange(port, "again")).isEqualTo("Hello again");
        }
        assertThatThrownBy(() -> new HelloClient(port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void isLeftOutWhenDisabled() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CorojobsApplication.class)
                .properties("server.port=0", "corojobs.tcp.enabled=false")
                .properties(TestPostgres.newDatabaseProperties())
                .run()) {
            assertThat(context.getBeanNamesForType(TcpServer.class)).isEmpty();
        }
    }
}
