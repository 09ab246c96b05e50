package dev.corojobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar with its default, embedded store, killed with {@code kill -9} and started again on the same
 * directory: a job that had finished keeps its result, the one that was running runs again (attempt 2) and the
 * queued one runs, all answered 202 before the kill.
 */
@Tag("heavy")
class EmbeddedStoreRestartIT {

    private static final Map<String, String> ENV = Map.of(
            "COROJOBS_JOBS_CONCURRENCY", "1",
            "COROJOBS_SIMULATION_SLICE_STEPS", "1",
            "COROJOBS_STORE_LEASE_DURATION", "3s",
            "COROJOBS_STORE_HEARTBEAT_INTERVAL", "1s");

    @Test
    void aKilledProcessRestartedOnItsDataKeepsFinishedJobsAndRunsTheOthers(@TempDir Path workDir) throws Exception {
        String finished;
        String finishedResult;
        String interrupted;
        String queued;
        try (PackagedApp app = PackagedApp.start(workDir, ENV)) {
            app.awaitReady(Duration.ofSeconds(240));
            HttpResponse<String> done = app.postJson("/api/v1/jobs/scheduler-simulations?wait=PT30S", Simulations.SEED);
            assertThat(json(done.body()).path("state").asString()).as(done.body()).isEqualTo("SUCCEEDED");
            finished = json(done.body()).path("id").asString();
            finishedResult = json(done.body()).path("result").toString();

            interrupted = submit(app, Simulations.spinning(30_000_000));
            await("job running").atMost(Duration.ofSeconds(30)).until(() -> state(app, interrupted).equals("RUNNING"));
            queued = submit(app, Simulations.SEED);
            assertThat(state(app, queued)).isEqualTo("QUEUED");

            app.process().destroyForcibly();
            assertThat(app.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.isDirectory(workDir.resolve("app/state/postgres"))).isTrue();

        try (PackagedApp app = PackagedApp.start(workDir, ENV)) {
            app.awaitReady(Duration.ofSeconds(240));

            JsonNode kept = json(app.get("/api/v1/jobs/" + finished).body());
            assertThat(kept.path("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(kept.path("result").toString()).isEqualTo(finishedResult);
            await("the interrupted job runs again and finishes").atMost(Duration.ofSeconds(120))
                    .until(() -> state(app, interrupted).equals("SUCCEEDED"));
            JsonNode rerun = json(app.get("/api/v1/jobs/" + interrupted).body());
            assertThat(rerun.path("attempt").asInt()).isEqualTo(2);
            assertThat(rerun.path("worker").asString()).endsWith("/" + app.process().pid());
            await("the queued job runs").atMost(Duration.ofSeconds(60)).until(() -> state(app, queued).equals("SUCCEEDED"));
            assertThat(app.get("/actuator/prometheus").body()).containsPattern("corojobs_jobs_rescued_total\\{[^}]*outcome=\"requeued\"[^}]*} 1\\.0");
        }
    }

    static String submit(PackagedApp app, String body) throws Exception {
        HttpResponse<String> response = app.postJson("/api/v1/jobs/scheduler-simulations", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response.body()).path("id").asString();
    }

    static String state(PackagedApp app, String id) throws Exception {
        return json(app.get("/api/v1/jobs/" + id).body()).path("state").asString();
    }

    static JsonNode json(String body) {
        return JsonMapper.shared().readTree(body);
    }
}
