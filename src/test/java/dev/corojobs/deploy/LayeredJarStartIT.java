package dev.corojobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The container image's start, without a Docker engine: the packaged jar is extracted, its layers copied and
 * the {@code ENTRYPOINT} run exactly as the {@code Dockerfile} says (see {@link PackagedApp}). Runs in
 * {@code verify} (failsafe), after the jar is packaged.
 */
class LayeredJarStartIT {

    @Test
    void dockerfileDescribesALayeredNonRootImageWithContainerAwareFlags() {
        DockerfileRecipe recipe = PackagedApp.recipe();

        assertThat(recipe.extractCommand())
                .containsSubsequence("java", "-Djarmode=tools", "-jar", "app.jar", "extract", "--layers", "--launcher");
        assertThat(recipe.layerDirectories()).containsExactly("extracted/dependencies",
                "extracted/spring-boot-loader", "extracted/snapshot-dependencies", "extracted/application");
        assertThat(recipe.entrypoint()).first().isEqualTo("java");
        assertThat(recipe.entrypoint()).contains("-XX:MaxRAMPercentage=75", "-XX:+UseCompactObjectHeaders")
                .last().isEqualTo("org.springframework.boot.loader.launch.JarLauncher");
        assertThat(recipe.exposedPorts()).containsExactly("8080", "5000");
        assertThat(recipe.user()).as("numeric non-root user, verifiable by runAsNonRoot").matches("[1-9]\\d*:[1-9]\\d*");
    }

    @Test
    void extractedLayersStartWithTheImageEntrypointAndReportHealthy(@TempDir Path workDir) throws Exception {
        try (PackagedApp app = PackagedApp.start(workDir, Map.of())) {
            app.awaitReady(Duration.ofSeconds(240));

            HttpResponse<String> readiness = app.get("/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(readiness.body()).contains("\"status\":\"UP\"");

            HttpResponse<String> liveness = app.get("/actuator/health/liveness");
            assertThat(liveness.statusCode()).isEqualTo(200);

            HttpResponse<String> health = app.get("/actuator/health");
            assertThat(health.statusCode()).as(app.logTail()).isEqualTo(200);
            assertThat(JsonMapper.shared().readTree(health.body()).path("status").asString()).isEqualTo("UP");

            assertThat(app.logTail()).as("started from the extracted layers, not from a fat jar")
                    .contains("BOOT-INF/classes");

            app.process().destroy();
            assertThat(app.process().waitFor(60, TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
        }
    }
}
