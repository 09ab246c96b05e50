package dev.corojobs.deploy;

import static dev.corojobs.deploy.EmbeddedStoreRestartIT.json;
import static dev.corojobs.deploy.EmbeddedStoreRestartIT.state;
import static dev.corojobs.deploy.EmbeddedStoreRestartIT.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corojobs.jobs.store.EmbeddedPostgresServer;
import dev.corojobs.jobs.store.TestPostgres;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Two packaged application processes on one PostgreSQL (started by the test): a job submitted on A is read,
 * listed, followed and cancelled on B; a job whose replica is killed with {@code kill -9} is finished by the
 * other one, on its second attempt.
 */
@Tag("heavy")
class ReplicasIT {

    @Test
    void everyReplicaAnswersForEveryJobAndFinishesTheJobsOfADeadOne(@TempDir Path workDir) throws Exception {
        EmbeddedPostgresServer postgres = TestPostgres.server();
        TestPostgres.jdbc().sql("CREATE DATABASE replicas").update();
        Map<String, String> env = Map.of(
                "SPRING_DATASOURCE_URL", postgres.jdbcUrl().replaceFirst("/postgres$", "/replicas"),
                "SPRING_DATASOURCE_USERNAME", postgres.username(),
                "COROJOBS_JOBS_CONCURRENCY", "1",
                "COROJOBS_SIMULATION_SLICE_STEPS", "1",
                "COROJOBS_STORE_LEASE_DURATION", "3s",
                "COROJOBS_STORE_HEARTBEAT_INTERVAL", "1s");
        try (PackagedApp a = PackagedApp.start(workDir.resolve("a"), env)) {
            a.awaitReady(Duration.ofSeconds(240));
            try (PackagedApp b = PackagedApp.start(workDir.resolve("b"), env)) {
                b.awaitReady(Duration.ofSeconds(240));
                replicasShareJobs(a, b);
            }
        }
    }

    private static void replicasShareJobs(PackagedApp a, PackagedApp b) throws Exception {
        String long1 = submit(a, Simulations.spinning(90_000_000));
        assertThat(b.get("/api/v1/jobs/" + long1).statusCode()).isEqualTo(200);
        assertThat(json(b.get("/api/v1/jobs?size=10").body()).path("items").toString()).contains(long1);
        List<String> events = follow(b, "/api/v1/jobs/" + long1 + "/events");
        await("running on a replica").atMost(Duration.ofSeconds(30)).until(() -> state(b, long1).equals("RUNNING"));
        await("B's event stream shows it running").atMost(Duration.ofSeconds(10))
                .until(() -> events.stream().anyMatch(line -> line.contains("\"state\":\"RUNNING\"")));

        long cancelAsked = System.nanoTime();
        HttpResponse<String> cancelled = b.delete("/api/v1/jobs/" + long1);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(json(cancelled.body()).path("state").asString()).isEqualTo("CANCELLED");
        assertThat(Duration.ofNanos(System.nanoTime() - cancelAsked)).isLessThan(Duration.ofSeconds(5));
        await("B's event stream ends CANCELLED").atMost(Duration.ofSeconds(10))
                .until(() -> events.stream().anyMatch(line -> line.contains("\"state\":\"CANCELLED\"")));

        String doomed = submit(b, Simulations.spinning(30_000_000));
        await("running").atMost(Duration.ofSeconds(30)).until(() -> state(a, doomed).equals("RUNNING"));
        String worker = json(a.get("/api/v1/jobs/" + doomed).body()).path("worker").asString();
        PackagedApp runner = worker.endsWith("/" + a.process().pid()) ? a : b;
        PackagedApp survivor = runner == a ? b : a;
        runner.process().destroyForcibly();
        assertThat(runner.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

        await("the survivor finishes the job").atMost(Duration.ofSeconds(120))
                .until(() -> state(survivor, doomed).equals("SUCCEEDED"));
        JsonNode finished = json(survivor.get("/api/v1/jobs/" + doomed).body());
        assertThat(finished.path("attempt").asInt()).isEqualTo(2);
        assertThat(finished.path("worker").asString()).endsWith("/" + survivor.process().pid());
        assertThat(survivor.get("/actuator/prometheus").body())
                .containsPattern("corojobs_jobs_rescued_total\\{[^}]*outcome=\"requeued\"[^}]*} 1\\.0");
    }

    private static List<String> follow(PackagedApp app, String path) {
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
}
