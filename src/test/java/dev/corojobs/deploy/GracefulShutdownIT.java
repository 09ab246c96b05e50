package dev.corojobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SIGTERM from the outside, on the packaged jar started as the container image starts it: readiness goes down
 * first, new jobs are refused with 503, the running job gets the configured grace and is then handed back to the
 * queue in the job store (seen on its event stream), for another replica or the next start; then the TCP server
 * stops accepting while a connection in flight still gets its answer; and the process exits.
 */
@Tag("heavy")
class GracefulShutdownIT {

    private static final Duration JOBS_GRACE = Duration.ofSeconds(4);

    /**
     * A simulation far longer than the grace: one task yielding up to the largest step budget allowed, run one
     * task step per job step ({@code COROJOBS_SIMULATION_SLICE_STEPS=1}), which takes about 35 s here.
     */
    private static final String LONG_SIMULATION = """
            {"program": {"tasks": {"spinner": [{"op": "repeat", "times": 100000000, "var": "n", "body": [{"op": "yield"}]}]},
                         "start": ["spinner"], "maxSteps": 100000000, "traceLimit": 0}}
            """;
    private static final String SEED_SIMULATION = """
            {"example": "seed"}
            """;

    @Test
    void sigtermDrainsThenHandsTheRunningJobBackAndExits(@TempDir Path workDir) throws Exception {
        try (PackagedApp app = PackagedApp.start(workDir, Map.of(
                "COROJOBS_JOBS_SHUTDOWN_GRACE", JOBS_GRACE.toSeconds() + "s",
                "COROJOBS_TCP_SHUTDOWN_TIMEOUT", "10s",
                "COROJOBS_SIMULATION_SLICE_STEPS", "1"))) {
            app.awaitReady(Duration.ofSeconds(240));

            HttpResponse<String> submitted = app.postJson("/api/v1/jobs/scheduler-simulations", LONG_SIMULATION);
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
            String jobId = json(submitted.body()).path("id").asString();
            await("job running").atMost(Duration.ofSeconds(30))
                    .until(() -> json(app.get("/api/v1/jobs/" + jobId).body()).path("state").asString(), "RUNNING"::equals);
            List<String> events = subscribe(app, "/api/v1/jobs/" + jobId + "/events");
            await("event stream open").atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());

            try (Socket inFlight = new Socket(InetAddress.getLoopbackAddress(), app.tcpPort())) {
                inFlight.setSoTimeout(15_000);
                OutputStream out = inFlight.getOutputStream();
                out.write("in flight".getBytes(StandardCharsets.US_ASCII));
                out.flush();

                long sigterm = System.nanoTime();
                app.process().destroy();

                HttpResponse<String> readiness = await("readiness down").atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> app.get("/actuator/health/readiness"), response -> response.statusCode() == 503);
                assertThat(readiness.body()).contains("OUT_OF_SERVICE");
                HttpResponse<String> refused = app.postJson("/api/v1/jobs/scheduler-simulations", SEED_SIMULATION);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(json(app.get("/api/v1/jobs/" + jobId).body()).path("state").asString())
                        .as("the running job goes on inside the grace").isEqualTo("RUNNING");

                try {
                    await("job handed back to the queue (QUEUED on its event stream) after the grace")
                            .atMost(JOBS_GRACE.plusSeconds(20))
                            .until(() -> events.stream().anyMatch(line -> line.contains("\"state\":\"QUEUED\"")
                                    && line.contains("\"attempt\":1")));
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError("events:\n" + String.join("\n", events.subList(Math.max(0, events.size() - 8), events.size()))
                            + "\nlog:\n" + app.logTail(), e);
                }
                assertThat(Duration.ofNanos(System.nanoTime() - sigterm)).as("handed back only after the grace")
                        .isGreaterThanOrEqualTo(JOBS_GRACE.minusMillis(200));

                // After the jobs, the TCP server stops accepting but lets the connection in flight finish.
                await("TCP server stops accepting").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                        .until(() -> !accepts(app.tcpPort()));
                out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(new String(inFlight.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("Hello in flight");
            }

            assertThat(app.process().waitFor(60, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
            assertThat(app.logTail()).contains("handing 1 running jobs back to the queue");
        }
    }

    private static boolean accepts(int port) {
        try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static List<String> subscribe(PackagedApp app, String path) {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient.newHttpClient().sendAsync(app.authorized(HttpRequest.newBuilder(app.uri(path))).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
                    try (Stream<String> body = response.body()) {
                        body.forEach(lines::add);
                    } catch (RuntimeException closed) {
                        lines.add("(stream ended: " + closed + ")");
                    }
                });
        return lines;
    }

    private static JsonNode json(String body) {
        return JsonMapper.shared().readTree(body);
    }
}
