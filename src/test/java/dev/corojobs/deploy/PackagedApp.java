package dev.corojobs.deploy;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The packaged jar, extracted and started exactly as the {@code Dockerfile} does it: the same extraction
 * command, the same layer copies into one application directory, the same {@code ENTRYPOINT} run from that
 * directory. Ports are free loopback ports; the process' output goes to {@code app.log} in the work dir.
 */
final class PackagedApp implements AutoCloseable {

    static final Path PROJECT_DIR = Path.of(System.getProperty("corojobs.project-dir", "."));
    static final Path JAR = Path.of(System.getProperty("corojobs.jar", "target/corojobs.jar"));

    private static final Pattern GENERATED_KEY = Pattern.compile("cjk_[A-Za-z0-9_-]{43}");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final int httpPort;
    private final int tcpPort;

    private PackagedApp(Process process, Path log, int httpPort, int tcpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.tcpPort = tcpPort;
    }

    static DockerfileRecipe recipe() {
        return DockerfileRecipe.read(PROJECT_DIR.resolve("Dockerfile"));
    }

    /** Extracts the jar into {@code workDir}, assembles the image's {@code /app} there and starts it. */
    static PackagedApp start(Path workDir, Map<String, String> extraEnvironment) throws IOException, InterruptedException {
        DockerfileRecipe recipe = recipe();
        Path buildDir = Files.createDirectories(workDir.resolve("build"));
        Files.copy(JAR, buildDir.resolve("app.jar"), StandardCopyOption.REPLACE_EXISTING);
        // a restart on the same folder (kill -9 tests) extracts afresh: the extract tool refuses a non-empty target
        try (var old = Files.walk(buildDir)) {
            old.sorted(java.util.Comparator.reverseOrder())
                    .filter(path -> !path.equals(buildDir) && !path.equals(buildDir.resolve("app.jar")))
                    .forEach(path -> path.toFile().delete());
        }
        run(withJava(recipe.extractCommand()), buildDir, workDir.resolve("extract.log"));

        Path appDir = Files.createDirectories(workDir.resolve("app"));
        for (String layer : recipe.layerDirectories()) {
            copyTree(buildDir.resolve(layer), appDir);
        }

        int httpPort = freePort();
        int tcpPort = freePort();
        Path log = workDir.resolve("app.log");
        ProcessBuilder builder = new ProcessBuilder(withJava(recipe.entrypoint()))
                .directory(appDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.remove("JAVA_TOOL_OPTIONS");
        env.put("SERVER_ADDRESS", "127.0.0.1");
        env.put("SERVER_PORT", Integer.toString(httpPort));
        env.put("COROJOBS_TCP_HOST", "127.0.0.1");
        env.put("COROJOBS_TCP_PORT", Integer.toString(tcpPort));
        env.putAll(extraEnvironment);
        return new PackagedApp(builder.start(), log, httpPort, tcpPort);
    }

    int httpPort() {
        return httpPort;
    }

    int tcpPort() {
        return tcpPort;
    }

    Process process() {
        return process;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** A GET with the admin key the app printed at first start (when it printed one). */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(authorized(HttpRequest.newBuilder(uri(path))).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(authorized(HttpRequest.newBuilder(uri(path))).timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return HTTP.send(authorized(HttpRequest.newBuilder(uri(path))).timeout(Duration.ofSeconds(15)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Generated keys by work folder: a restart on the same data prints none, but the first start's key still works. */
    private static final java.util.Map<Path, String> KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    HttpRequest.Builder authorized(HttpRequest.Builder request) {
        Optional<String> printed = generatedKey();
        printed.ifPresent(key -> KEYS.put(log.getParent(), key));
        printed.or(() -> Optional.ofNullable(KEYS.get(log.getParent())))
                .ifPresent(key -> request.header("Authorization", "Bearer " + key));
        return request;
    }

    /** The admin key that a start without configured keys prints once in the log. */
    Optional<String> generatedKey() {
        try {
            Matcher key = GENERATED_KEY.matcher(Files.readString(log));
            return key.find() ? Optional.of(key.group()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The folder the app runs in (the image's /app), where a generated key's hash is kept under state/. */
    Path appDir() {
        return log.resolveSibling("app");
    }

    /** Waits until readiness answers 200, failing early (with the log) if the process dies. */
    void awaitReady(Duration atMost) {
        await("readiness of the packaged app").atMost(atMost).pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("app exited with " + process.exitValue() + ":\n" + logTail());
                    }
                    return get("/actuator/health/readiness").statusCode() == 200;
                });
    }

    /** The whole log so far. */
    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops the process if it is still running: SIGTERM, then SIGKILL if it does not exit in time. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> withJava(List<String> command) {
        List<String> resolved = new ArrayList<>(command);
        if (!"java".equals(resolved.getFirst())) {
            throw new IllegalStateException("expected a command starting with java: " + command);
        }
        resolved.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return resolved;
    }

    private static void run(List<String> command, Path directory, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command + " exited with " + process.exitValue() + ":\n"
                    + Files.readString(log));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            throw new IllegalStateException("layer directory missing after extraction: " + from);
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
