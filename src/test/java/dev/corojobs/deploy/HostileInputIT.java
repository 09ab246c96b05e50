package dev.corojobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests written to take the service down, against the packaged jar started as the image starts it, with a
 * small heap ({@code -Xmx256m} on top of the image's flags). Each case must end with a clear 4xx or a FAILED
 * job within its budget; afterwards the process still answers, the heap after a full GC is within 10% of
 * where it started, file descriptors and threads are back to their start, and a normal job succeeds. The
 * figures of every case go to {@code target/hostile-input.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Pattern HEAP_USED = Pattern.compile(
            "^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.E+]+)", Pattern.MULTILINE);
    private static final String NORMAL_JOB = "{\"example\": \"seed\"}";

    @TempDir
    static Path workDir;
    private static PackagedApp app;
    private static Baseline start;
    private static final List<String> report = new ArrayList<>();

    private record Baseline(long heapAfterGc, long fds, long threads) {
    }

    @BeforeAll
    static void startSmallHeapApp() throws Exception {
        app = PackagedApp.start(workDir, Map.of(
                "JAVA_TOOL_OPTIONS", "-Xmx256m",
                "COROJOBS_SIMULATION_MAX_SPOOL_TOTAL", "8MB",
                "COROJOBS_SIMULATION_SPOOL_DIRECTORY", Files.createDirectories(workDir.resolve("spool")).toString(),
                "COROJOBS_TCP_ENABLED", "false"));
        app.awaitReady(Duration.ofSeconds(120));
        JsonNode readiness = json(get("/actuator/health/readiness").body());
        assertThat(readiness.path("components").path("jobWorkers").path("details").path("alive").asInt())
                .as(readiness.toString()).isEqualTo(2);
        // warm up both job types so class loading and first-use caches are in the baseline
        for (int i = 0; i < 3; i++) {
            assertNormalJobSucceeds();
            JsonNode analysis = json(upload("/api/v1/jobs/log-analysis?wait=PT30S",
                    logLines(2_000, i2 -> "/index.html"), null).body());
            assertThat(analysis.path("state").asString()).isEqualTo("SUCCEEDED");
            delete(analysis.path("id").asString());
        }
        start = measure();
        report.add("baseline: heap after GC " + mib(start.heapAfterGc()) + ", fds " + start.fds() + ", threads "
                + start.threads());
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        Path out = Path.of(System.getProperty("corojobs.project-dir", "."), "target", "hostile-input.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
        report.forEach(System.out::println);
    }

    @Test
    @Order(1)
    void oneMegabytePrintIsRefusedUpFront() throws Exception {
        String text = "x".repeat(1 << 20);
        runCase("simulation whose print text is 1 MB, traceLimit 100000", Duration.ofSeconds(5), peak -> {
            HttpResponse<String> answer = postJson("/api/v1/jobs/scheduler-simulations?wait=PT30S", """
                    {"program": {"tasks": {"t": [{"op": "repeat", "times": 100000, "body": [{"op": "print", "text": "%s"}]}]},
                                 "start": ["t"], "traceLimit": 100000}}""".formatted(text));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(json(answer.body()).path("detail").asString()).contains("at most 1000");
            return answer.statusCode() + " " + json(answer.body()).path("detail").asString();
        });
    }

    @Test
    @Order(2)
    void aTraceOverItsMemoryBudgetFailsTheJob() throws Exception {
        String text = "y".repeat(990);
        runCase("simulation printing 100000 lines of 990 chars, traceLimit 100000 (99 MB of trace)",
                Duration.ofSeconds(60), peak -> {
                    JsonNode job = json(postJson("/api/v1/jobs/scheduler-simulations?wait=PT60S", """
                            {"program": {"tasks": {"t": [{"op": "repeat", "times": 100000, "body": [{"op": "print", "text": "%s"}, {"op": "yield"}]}]},
                                         "start": ["t"], "traceLimit": 100000}}""".formatted(text)).body());
                    assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("FAILED");
                    assertThat(job.path("error").path("detail").asString()).contains("corojobs.simulation.max-trace-bytes");
                    delete(job.path("id").asString());
                    return "FAILED " + job.path("error").path("title").asString() + ": "
                            + job.path("error").path("detail").asString();
                });
    }

    @Test
    @Order(3)
    @Disabled("issue 18, open: since the store keeps traces, no job of this case exceeds the instance spool budget; "
            + "the budget must be re-checked against the store before this case can pass again")
    void simulationsSharingTheSpoolBudgetFailClearlyInsteadOfFillingTheDisk() throws Exception {
        runCase("ten simulations each spooling 2 MB of trace; instance spool budget 8 MB", Duration.ofSeconds(60), peak -> {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> answer = postJson("/api/v1/jobs/scheduler-simulations", """
                        {"program": {"tasks": {"t": [{"op": "repeat", "times": 20000, "body": [{"op": "print", "text": "%s"}, {"op": "yield"}]}]},
                                     "start": ["t"], "traceLimit": 1}}""".formatted("z".repeat(99)));
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
                ids.add(json(answer.body()).path("id").asString());
            }
            int failed = 0;
            String detail = "";
            for (String id : ids) {
                JsonNode job = json(get("/api/v1/jobs/" + id + "?wait=PT60S").body());
                assertThat(job.path("state").asString()).isIn("SUCCEEDED", "FAILED");
                if (job.path("state").asString().equals("FAILED")) {
                    failed++;
                    detail = job.path("error").path("detail").asString();
                    assertThat(detail).contains("spool is full");
                }
            }
            assertThat(failed).as("jobs over the shared spool budget").isPositive();
            for (String id : ids) {
                delete(id);
            }
            try (var files = Files.list(workDir.resolve("spool"))) {
                assertThat(files.count()).as("spool files left after DELETE").isZero();
            }
            return failed + " of 10 FAILED: " + detail;
        });
    }

    @Test
    @Order(4)
    void aMillionTaskSimulationLeavesNothingBehindOnceDeleted() throws Exception {
        runCase("simulation of 1,000,000 tasks (each yields twice)", Duration.ofSeconds(60), peak -> {
            JsonNode job = json(postJson("/api/v1/jobs/scheduler-simulations?wait=PT60S", """
                    {"program": {"tasks": {"t": [{"op": "yield"}, {"op": "yield"}]},
                                 "start": [{"task": "t", "count": 1000000}], "traceLimit": 0, "maxSteps": 10000000}}""").body());
            assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
            delete(job.path("id").asString());
            return "SUCCEEDED, " + job.path("result").path("steps").asLong() + " steps; then DELETE";
        });
    }

    @Test
    @Order(5)
    @Disabled("issue 18, open: the case sends no branches, and the default is now the GoAccess-layout report, "
            + "which the per-branch key cap does not bound; it needs a branch spec and a report bound")
    void aBranchOverUniqueKeysFailsNamingTheLimit() throws Exception {
        byte[] log = logLines(150_000, i -> "/p" + i);
        runCase("upload of 150,000 lines with 150,000 distinct paths, default report", Duration.ofSeconds(60), peak -> {
            JsonNode job = json(upload("/api/v1/jobs/log-analysis?wait=PT60S", log, null).body());
            assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("FAILED");
            assertThat(job.path("error").path("detail").asString()).contains("corojobs.pipeline.max-distinct-keys");
            delete(job.path("id").asString());
            return "FAILED: " + job.path("error").path("detail").asString();
        });
    }

    @Test
    @Order(6)
    void aGzipBombStopsAtItsTimeout() throws Exception {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 4096; i++) {
                gzip.write(zeros);
            }
        }
        runCase("gzip bomb: 4 GiB of zeros in " + packed.size() / 1024 + " KiB, timeout PT3S", Duration.ofSeconds(15), peak -> {
            JsonNode job = json(upload("/api/v1/jobs/log-analysis?wait=PT30S&timeout=PT3S", packed.toByteArray(),
                    null).body());
            assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("FAILED");
            assertThat(job.path("error").path("title").asString()).isEqualTo("Job timed out");
            delete(job.path("id").asString());
            return "FAILED: " + job.path("error").path("detail").asString();
        });
    }

    @Test
    @Order(7)
    void aCatastrophicPathRegexRunsInLinearTime() throws Exception {
        String longPath = "/" + "a".repeat(2_000);
        byte[] log = logLines(1_000, i -> longPath);
        runCase("pathRegex (.*a){8}x over 1,000 paths of 2,000 'a's", Duration.ofSeconds(30), peak -> {
            JsonNode job = json(upload("/api/v1/jobs/log-analysis?wait=PT30S", log, """
                    {"branches": [{"name": "evil", "where": {"pathRegex": "(.*a){8}x"}, "groupBy": "path"}]}""").body());
            assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
            delete(job.path("id").asString());
            return "SUCCEEDED, " + job.path("result").path("lines").path("read").asLong() + " lines";
        });
    }

    /** One case: runs it while sampling the heap, then checks the process came back to its start. */
    private void runCase(String sent, Duration budget, Case body) throws Exception {
        AtomicLong peak = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (sampling.get()) {
                try {
                    peak.accumulateAndGet(heapUsed(), Math::max);
                    Thread.sleep(100); // a sampling period, not a wait for a condition
                } catch (Exception e) {
                    return;
                }
            }
        });
        long began = System.nanoTime();
        String answer;
        try {
            answer = body.run(peak);
        } finally {
            sampling.set(false);
            sampler.join();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        assertThat(took).as("time to end").isLessThan(budget);
        assertThat(app.process().isAlive()).as(app.logTail()).isTrue();
        assertNormalJobSucceeds();
        Baseline[] after = new Baseline[1];
        await("heap, fds and threads back to their start").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    after[0] = measure();
                    return after[0].heapAfterGc() <= start.heapAfterGc() * 1.10
                            && after[0].fds() <= start.fds() && after[0].threads() <= start.threads();
                });
        report.add("%s%n  answer: %s%n  time %d ms; heap peak %s, after GC %s (start %s); fds %d -> %d; threads %d -> %d"
                .formatted(sent, answer, took.toMillis(), mib(peak.get()), mib(after[0].heapAfterGc()),
                        mib(start.heapAfterGc()), start.fds(), after[0].fds(), start.threads(), after[0].threads()));
    }

    @FunctionalInterface
    private interface Case {
        String run(AtomicLong peak) throws Exception;
    }

    private static void assertNormalJobSucceeds() throws Exception {
        JsonNode job = json(postJson("/api/v1/jobs/scheduler-simulations?wait=PT30S", NORMAL_JOB).body());
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        delete(job.path("id").asString());
    }

    private static Baseline measure() throws Exception {
        long pid = app.process().pid();
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor();
        long fds;
        try (var list = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds = list.count();
        }
        long threads = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("Threads:")).mapToLong(line -> Long.parseLong(line.substring(8).trim()))
                .findFirst().orElseThrow();
        return new Baseline(heapUsed(), fds, threads);
    }

    private static long heapUsed() throws Exception {
        String metrics = get("/actuator/prometheus").body();
        Matcher m = HEAP_USED.matcher(metrics);
        long sum = 0;
        while (m.find()) {
            sum += (long) Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private static byte[] logLines(int count, java.util.function.IntFunction<String> path) {
        StringBuilder log = new StringBuilder(count * 90);
        for (int i = 0; i < count; i++) {
            log.append("10.").append(i % 200).append(".0.1 - - [17/May/2015:10:05:03 +0000] \"")
                    .append("GET ").append(path.apply(i)).append(" HTTP/1.1\" 200 12 \"-\" \"curl\"\n");
        }
        return log.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static HttpResponse<String> upload(String path, byte[] file, String spec) throws Exception {
        String boundary = "hostile-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"access.log\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(file);
        if (spec != null) {
            body.write(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"spec\"\r\n"
                    + "Content-Type: application/json\r\n\r\n" + spec).getBytes(StandardCharsets.UTF_8));
        }
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return HTTP.send(app.authorized(HttpRequest.newBuilder(app.uri(path))).timeout(Duration.ofSeconds(120))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(app.authorized(HttpRequest.newBuilder(app.uri(path))).timeout(Duration.ofSeconds(120))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(app.authorized(HttpRequest.newBuilder(app.uri(path))).timeout(Duration.ofSeconds(120)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void delete(String id) throws IOException, InterruptedException {
        HTTP.send(app.authorized(HttpRequest.newBuilder(app.uri("/api/v1/jobs/" + id))).timeout(Duration.ofSeconds(30)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }
}
