package dev.corojobs.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.corojobs.ApiTest;
import dev.corojobs.tcp.TcpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.JsonNode;

/**
 * The Grafana dashboards and alert rules against a real Prometheus scraping this application: after jobs of
 * both types (one failing, one cancelled) and a few TCP exchanges, every panel query returns data, every
 * template variable finds its value, and every alert rule evaluates. A panel that names a metric the
 * service does not export returns nothing and fails here. Skipped where Debian's {@code prometheus} is absent.
 */
@ApiTest
class DashboardPrometheusTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };
    private static final String NAMESPACE = "corojobs-test";
    private static final String POD = "corojobs-0";
    /** Upper bound of each wait: generous for a loaded machine, the conditions usually hold within seconds. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** What Grafana substitutes for {@code $__rate_interval} with its default 15 s scrape interval. */
    private static final String RATE_INTERVAL = "1m";
    /** A simulation that runs for many seconds: long enough to be cancelled while it runs. */
    private static final String ENDLESS = """
            {"program": {"tasks": {"spinner": [{"op": "repeat", "times": 100000, "body": [
                {"op": "repeat", "times": 1000000, "body": [{"op": "yield"}]}]}]},
             "start": ["spinner"], "maxSteps": 100000000}}""";

    @LocalServerPort
    int port;

    @Autowired
    TcpServer tcp;

    @Autowired
    RestTestClient http;

    @TempDir
    Path workDir;

    @Test
    void everyPanelQueryReturnsDataAndEveryAlertRuleEvaluates() throws Exception {
        Path binary = AlertRulesTest.Promtool.onPath("prometheus");
        assumeTrue(binary != null, "prometheus is not installed (Debian package prometheus); skipping");
        List<GrafanaDashboard> dashboards = GrafanaDashboard.all();
        assertThat(dashboards).isNotEmpty();

        try (Prometheus prometheus = Prometheus.start(binary, workDir, "127.0.0.1:" + port, NAMESPACE, POD,
                AlertRules.ruleFiles())) {
            runJobsAndTcpExchanges();
            // the counters have moved and Prometheus has scraped since: rates over the last minute see it
            try {
                await("a scrape after the workload").atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() ->
                        hasResult(prometheus.query("corojobs_jobs{type=\"log-analysis\",state=\"succeeded\"} >= 1"
                                + " and on() corojobs_tcp_connections_accepted_total >= 3"
                                + " and on() corojobs_jobs{type=\"scheduler-simulation\",state=\"cancelled\"} >= 1")));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("Prometheus did not scrape the workload; its targets: "
                        + prometheus.get("/api/v1/targets") + "\n" + prometheus.log(), e);
            }

            for (GrafanaDashboard dashboard : dashboards) {
                Map<String, String> values = variableValues(prometheus, dashboard);
                List<String> failures = new ArrayList<>();
                // each panel gets a few scrapes to see the series it needs; an invalid query fails at once
                try {
                    await("every panel of " + dashboard.file().getFileName() + " has data")
                            .atMost(WAIT).pollInterval(Duration.ofMillis(500))
                            .until(() -> {
                                failures.clear();
                                for (GrafanaDashboard.PanelQuery query : dashboard.queries()) {
                                    String promql = GrafanaDashboard.substitute(query.expr(), RATE_INTERVAL, values);
                                    JsonNode answer = prometheus.query(promql);
                                    assertThat(answer.path("status").asString())
                                            .as("panel '%s' %s: %s -> %s", query.panel(), query.refId(), promql, answer)
                                            .isEqualTo("success");
                                    if (!hasResult(answer)) {
                                        failures.add("panel '" + query.panel() + "' " + query.refId() + " returned nothing: " + promql);
                                    }
                                }
                                return failures.isEmpty();
                            });
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError(String.join("\n", failures), e);
                }
                assertThat(dashboard.queries()).hasSizeGreaterThan(20);
            }

            await("every alert rule evaluated").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> rulesEvaluated(prometheus));
        }
    }

    private void runJobsAndTcpExchanges() throws IOException {
        assertThat(submitSimulation("{\"example\": \"seed\"}", "?wait=PT20S")).containsEntry("state", "SUCCEEDED");
        assertThat(submitSimulation("{\"example\": \"deadlock\"}", "?wait=PT20S")).containsEntry("state", "FAILED");

        Map<String, Object> endless = submitSimulation(ENDLESS, "");
        Object id = endless.get("id");
        await("the endless simulation runs").atMost(WAIT)
                .until(() -> "RUNNING".equals(job(id).get("state")));
        http.delete().uri("/api/v1/jobs/{id}", id).exchange().expectStatus().is2xxSuccessful();
        assertThat(job(id)).containsEntry("state", "CANCELLED");

        MultiValueMap<String, Object> upload = new LinkedMultiValueMap<>();
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
        headers.setContentDispositionFormData("file", "access.log");
        upload.add("file", new HttpEntity<>(new ByteArrayResource(accessLog()), headers));
        Map<String, Object> analysis = http.post().uri("/api/v1/jobs/log-analysis?wait=PT20S")
                .contentType(MediaType.MULTIPART_FORM_DATA).body(upload)
                .exchange().returnResult(JSON).getResponseBody();
        assertThat(analysis).containsEntry("state", "SUCCEEDED");

        for (String name : List.of("Prometheus", "Grafana", "Alertmanager")) {
            assertThat(hello(name)).isEqualTo("Hello " + name);
        }
    }

    private Map<String, Object> submitSimulation(String body, String query) {
        return http.post().uri("/api/v1/jobs/scheduler-simulations" + query)
                .contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange().returnResult(JSON).getResponseBody();
    }

    private Map<String, Object> job(Object id) {
        return http.get().uri("/api/v1/jobs/{id}", id).exchange().returnResult(JSON).getResponseBody();
    }

    private static byte[] accessLog() throws IOException {
        try (InputStream in = Objects.requireNonNull(
                DashboardPrometheusTest.class.getResourceAsStream("/accesslogs/apache_logs-excerpt.log"))) {
            return in.readAllBytes();
        }
    }

    private String hello(String message) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress("127.0.0.1", tcp.port()), 5_000);
            socket.getOutputStream().write((message + "\n\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8).strip();
        }
    }

    /** The value each template variable takes here, checked to be one Prometheus offers for it. */
    private static Map<String, String> variableValues(Prometheus prometheus, GrafanaDashboard dashboard) {
        Map<String, String> values = new java.util.HashMap<>(Map.of("datasource", "prometheus",
                "namespace", NAMESPACE, "pod", POD));
        assertThat(dashboard.variables()).extracting(v -> v.path("name").asString())
                .as("template variables").contains("datasource", "namespace", "pod");
        for (GrafanaDashboard.LabelVariable variable : dashboard.labelVariables()) {
            String selector = GrafanaDashboard.substitute(variable.selector(), RATE_INTERVAL, values);
            JsonNode answer = prometheus.get("/api/v1/label/" + variable.label() + "/values", "match[]", selector);
            assertThat(answer.path("status").asString()).as("variable %s: %s", variable.name(), answer).isEqualTo("success");
            List<String> offered = new ArrayList<>();
            answer.path("data").forEach(v -> offered.add(v.asString()));
            assertThat(offered).as("values of variable " + variable.name()).contains(values.get(variable.name()));
        }
        return values;
    }

    private static boolean hasResult(JsonNode answer) {
        return "success".equals(answer.path("status").asString()) && !answer.path("data").path("result").isEmpty();
    }

    /** True once every rule has been evaluated; fails at once on a rule whose evaluation errs. */
    private static boolean rulesEvaluated(Prometheus prometheus) {
        JsonNode groups = prometheus.get("/api/v1/rules").path("data").path("groups");
        List<String> alerts = new ArrayList<>();
        boolean all = true;
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.path("name").asString();
                alerts.add(name);
                assertThat(rule.path("health").asString()).as("rule %s: %s", name, rule.path("lastError"))
                        .isNotEqualTo("err");
                all &= "ok".equals(rule.path("health").asString());
            }
        }
        assertThat(alerts).containsExactlyInAnyOrderElementsOf(
                AlertRules.alerts().stream().map(AlertRules.Alert::name).toList());
        return all;
    }
}
