package dev.corojobs.bench;

import dev.corojobs.pipeline.LogAnalysisWork;
import dev.corojobs.pipeline.LogInput;
import dev.corojobs.pipeline.PipelineSettings;
import dev.corojobs.pipeline.PipelineSpec;
import dev.corojobs.runtime.TaskTracker;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a log-analysis spec over a file in this JVM, the way a job runs it, and prints the time per line.
 *
 * <pre>java -cp ... dev.corojobs.bench.PipelineRun FILE SPEC_JSON [RUNS]</pre>
 *
 * SPEC_JSON is a spec ({@code {"mode": "inline", "branches": [...]}}) or one of the names {@code seed},
 * {@code default}, {@code heavy}. Each run's wall time is printed; the last line is the best run, and the
 * first run's result JSON goes to stderr so a script can check it.
 */
public final class PipelineRun {

    static final String SEED = """
            {"branches": [{"name": "seed", "groupBy": "ip",
              "where": {"ipPrefix": ["83.149.9.216", "93.114.45.13", "207.241.237.101"]}}]}""";

    /** Branches whose filters and keys cost more than the parse: regexes over the path, user agents, referrers. */
    static final String HEAVY = """
            {"branches": [
              {"name": "agentsOfImages", "where": {"pathRegex": "(?i)^/(images|presentations)/.*\\\\.(png|jpe?g|gif)$"}, "groupBy": "userAgent", "top": 20},
              {"name": "referrersOfPosts", "where": {"pathRegex": "(?i)/(blog|articles)/[^/]+/?$"}, "groupBy": "referrer", "top": 20},
              {"name": "bytesByAgent", "where": {"pathRegex": "(?i)(\\\\.(css|js)|feed|rss|xml)$"}, "groupBy": "userAgent", "aggregate": "bytes", "top": 20},
              {"name": "errorsByPath", "where": {"status": ["4xx", "5xx"], "pathRegex": "[a-z]+-[a-z]+"}, "groupBy": "path", "top": 20}
            ]}""";

    private PipelineRun() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String mode = args.length > 3 ? args[3] : null;
        String specText = switch (args[1]) {
            case "seed" -> SEED;
            case "default" -> "{}";
            case "heavy" -> HEAVY;
            default -> args[1];
        };
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        JsonMapper json = JsonMapper.builder().build();
        @SuppressWarnings("unchecked")
        Map<String, Object> specJson = new java.util.LinkedHashMap<>(json.readValue(specText, Map.class));
        if (mode != null) {
            specJson.put("mode", mode);
        }
        PipelineSpec spec = PipelineSpec.fromJson(specJson);
        long best = Long.MAX_VALUE;
        long bestCpu = Long.MAX_VALUE;
        long lines = 0;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int run = 0; run < runs; run++) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            long processStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            LogAnalysisWork work = new LogAnalysisWork(LogInput.file(file), spec, PipelineSettings.DEFAULTS,
                    new TaskTracker(), "bench");
            while (work.resume(null)) {
                // one slice per step, as the job executor drives it
            }
            long elapsed = System.nanoTime() - start;
            long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
            long processCpu = os.getProcessCpuTime() - processStart;
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) work.returnValue();
            @SuppressWarnings("unchecked")
            Map<String, Object> lineCounts = (Map<String, Object>) result.get("lines");
            lines = (long) lineCounts.get("read");
            best = Math.min(best, elapsed);
            bestCpu = Math.min(bestCpu, processCpu);
            System.out.printf("run %d: %s %s, %d lines in %.3f s = %.1f ns/line (job thread cpu %.1f ns/line, process cpu %.1f ns/line)%n",
                    run + 1, spec.mode().json(), args[1].startsWith("{") ? "spec" : args[1], lines, elapsed / 1e9,
                    (double) elapsed / lines, (double) cpu / lines, (double) processCpu / lines);
            if (run == 0) {
                System.err.println(json.writeValueAsString(result.get("branches")));
            }
        }
        System.out.printf("best %s %s: %.3f s %.1f ns/line, process cpu %.3f s%n", spec.mode().json(),
                args[1].startsWith("{") ? "spec" : args[1], best / 1e9, (double) best / lines, bestCpu / 1e9);
    }
}
