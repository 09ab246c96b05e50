package dev.corojobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
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

    private static final HttpClient HTTP = HttpClient.newHttpClient();

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

    /**
     * One installation started twice, as an image is: the first start, with no key and no issuer configured,
     * comes up healthy from the extracted layers, makes an admin key, prints it once, keeps only its hash and
     * exits on SIGTERM; the next start on the same state directory prints no key and takes the first one's.
     */
    @Test
    void extractedLayersStartHealthyKeepOnlyTheFirstStartsKeyHashAndExitOnSigterm(@TempDir Path workDir)
            throws Exception {
        String key;
        Path keyFile;
        try (PackagedApp app = PackagedApp.start(workDir.resolve("first"), Map.of())) {
            app.awaitReady(Duration.ofSeconds(240));

            HttpResponse<String> readiness = app.get("/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(readiness.body()).contains("\"status\":\"UP\"");
            assertThat(app.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
            HttpResponse<String> health = app.get("/actuator/health");
            assertThat(health.statusCode()).as(app.logTail()).isEqualTo(200);
            assertThat(JsonMapper.shared().readTree(health.body()).path("status").asString()).isEqualTo("UP");
            assertThat(app.logText()).as("started from the extracted layers, not from a fat jar")
                    .contains("BOOT-INF/classes");

            key = app.generatedKey().orElseThrow(() -> new AssertionError("no key in the log:\n" + app.logTail()));
            keyFile = app.appDir().resolve("state/admin-key.sha256");
            assertThat(Files.readString(keyFile).strip()).isEqualTo(HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8))));
            assertThat(Files.getPosixFilePermissions(keyFile)).containsExactlyInAnyOrder(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(anonymous(app, "/api/v1/jobs").statusCode()).isEqualTo(401);
            assertThat(app.get("/api/v1/jobs").statusCode()).isEqualTo(200);
            assertThat(app.get("/api/v1/runtime/tasks").statusCode()).as("the admin key has every scope").isEqualTo(200);

            app.process().destroy();
            assertThat(app.process().waitFor(60, TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
        }
        // the next start of the same installation: a new copy of the image, the same state directory
        Path secondState = Files.createDirectories(workDir.resolve("second/app/state"));
        Files.copy(keyFile, secondState.resolve("admin-key.sha256"));
        try (PackagedApp again = PackagedApp.start(workDir.resolve("second"), Map.of())) {
            again.awaitReady(Duration.ofSeconds(120));
            assertThat(again.generatedKey()).as("printed at the first start only").isEmpty();
            HttpResponse<String> withKey = HTTP.send(HttpRequest.newBuilder(again.uri("/api/v1/jobs"))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(withKey.statusCode()).as("the first start's key still works").isEqualTo(200);
        }
    }

    private static HttpResponse<String> anonymous(PackagedApp app, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(app.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
