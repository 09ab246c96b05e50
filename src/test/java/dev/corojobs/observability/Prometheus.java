package dev.corojobs.observability;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus server (Debian's {@code prometheus} binary) on a free loopback port with its database in a
 * temporary directory, scraping one target and evaluating the given rule files every {@link #SCRAPE_INTERVAL}.
 */
final class Prometheus implements AutoCloseable {

    static final String JOB = "corojobs";
    static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(2);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final Path log;
    private final URI base;

    private Prometheus(Process process, Path log, URI base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    /**
     * Starts Prometheus scraping {@code /actuator/prometheus} at {@code target} (host:port), adding the given
     * {@code namespace} and {@code pod} labels as the Prometheus Operator would, and waits until it is ready.
     */
    static Prometheus start(Path binary, Path workDir, String target, String namespace, String pod, List<Path> ruleFiles)
            throws IOException {
        int port = freePort();
        String rules = ruleFiles.stream().map(p -> "  - \"" + p.toAbsolutePath() + "\"").collect(Collectors.joining("\n"));
        Path config = Files.writeString(workDir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: %1$ds
                  scrape_timeout: %1$ds
                  evaluation_interval: %1$ds
                rule_files:
                %2$s
                scrape_configs:
                  - job_name: %3$s
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ["%4$s"]
                        labels:
                          namespace: "%5$s"
                          pod: "%6$s"
                """.formatted(SCRAPE_INTERVAL.toSeconds(), rules, JOB, target, namespace, pod));
        Path log = workDir.resolve("prometheus.log");
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + Files.createDirectories(workDir.resolve("data")),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Prometheus prometheus = new Prometheus(process, log, URI.create("http://127.0.0.1:" + port));
        try {
            await("Prometheus ready").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(prometheus::ready);
        } catch (RuntimeException e) {
            prometheus.close();
            throw new IllegalStateException("Prometheus did not start:\n" + prometheus.log(), e);
        }
        return prometheus;
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Prometheus exited with " + process.exitValue() + ":\n" + log());
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** GET on the HTTP API; the parsed answer, whatever its status (errors come back as {"status":"error"}). */
    JsonNode get(String path, String... parameters) {
        StringBuilder uri = new StringBuilder(path);
        for (int i = 0; i < parameters.length; i += 2) {
            uri.append(i == 0 ? '?' : '&').append(parameters[i]).append('=')
                    .append(URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve(uri.toString()))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An instant query: {@code {"status": ..., "data": {"resultType": ..., "result": [...]}}} or an error. */
    JsonNode query(String promql) {
        return get("/api/v1/query", "query", promql);
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
