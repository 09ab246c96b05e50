package dev.corojobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corojobs.runtime.TaskKind;
import dev.corojobs.runtime.TaskOutcome;
import dev.corojobs.runtime.TaskTracker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The seed article's analysis (three IPs counted over apache_logs) and the default report. */
class SeedPipelineTest {

    static final Map<String, Object> SEED_SPEC = Map.of("branches", List.of(Map.of(
            "name", "seed",
            "where", Map.of("ipPrefix", List.of("83.149.9.216", "93.114.45.13", "207.241.237.101")),
            "groupBy", "ip")));

    private static PipelineSpec seedSpec(PipelineMode mode) {
        Map<String, Object> json = new java.util.HashMap<>(SEED_SPEC);
        json.put("mode", mode.json());
        return PipelineSpec.fromJson(json);
    }

    @ParameterizedTest
    @EnumSource(PipelineMode.class)
    void seedBranchGivesTheArticlesNumbers(PipelineMode mode) {
        Path log = AccessLogs.shared("apache_logs");
        Map<String, Object> result = Jobs.run(LogInput.file(log), seedSpec(mode));
        BranchResult seed = Jobs.branches(result).get("seed");
        assertThat(seed.counts()).containsExactly(
                Map.entry("83.149.9.216", 23L), Map.entry("207.241.237.101", 17L), Map.entry("93.114.45.13", 6L));
        assertThat(seed.distinct()).isEqualTo(3);
        assertThat(Jobs.lines(result)).containsEntry("read", 10_000L).containsEntry("parsed", 9_999L)
                .containsEntry("malformed", 1L);
        assertThat(result).containsEntry("bytes", 2_370_789L);
    }

    @ParameterizedTest
    @EnumSource(PipelineMode.class)
    void gzipInputGivesTheSameReport(PipelineMode mode) throws IOException {
        byte[] plain = Files.readAllBytes(AccessLogs.shared("apache_logs"));
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
            gzip.write(plain);
        }
        Map<String, Object> fromGzip = Jobs.run(Jobs.bytes(packed.toByteArray()), seedSpec(mode));
        Map<String, Object> fromPlain = Jobs.run(Jobs.bytes(plain), seedSpec(mode));
        assertThat(fromGzip.get("gzip")).isEqualTo(true);
        assertThat(fromGzip.get("branches")).isEqualTo(fromPlain.get("branches"));
        assertThat(fromGzip.get("bytes")).isEqualTo(fromPlain.get("bytes"));
    }

    @Test
    void defaultReportIsGoAccessLayoutWithoutBranches() {
        Map<String, Object> result = Jobs.run(LogInput.file(AccessLogs.shared("apache_logs")), PipelineSpec.fromJson(Map.of()));
        assertThat(Jobs.branches(result)).isEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) result.get("report");
        assertThat(report).containsKeys("general", "visitors", "requests", "static_requests", "not_found", "hosts", "os",
                "browsers", "visit_time", "referring_sites", "referrers", "status_codes");
        @SuppressWarnings("unchecked")
        Map<String, Object> general = (Map<String, Object>) report.get("general");
        assertThat(general).containsEntry("valid_requests", 9_999L).containsEntry("failed_requests", 1L)
                .containsEntry("total_requests", 10_000L).containsEntry("start_date", "17/May/2015");
    }

    @Test
    void fixtureRunKeepsMalformedSamplesWithLineNumbers() {
        byte[] log = AccessLogs.fixtureBytes("apache_logs.pre-fix-excerpt.log");
        PipelineSettings settings = new PipelineSettings(2, 1024, 3, 1 << 20);
        TaskTracker tracker = new TaskTracker();
        Map<String, Object> result = Jobs.run(Jobs.bytes(log), PipelineSpec.defaults(), settings, tracker);
        assertThat(Jobs.lines(result)).containsEntry("read", 21L).containsEntry("parsed", 15L).containsEntry("malformed", 6L);
        @SuppressWarnings("unchecked")
        List<MalformedLine> samples = (List<MalformedLine>) Jobs.lines(result).get("samples");
        assertThat(samples).extracting(MalformedLine::line).containsExactly(7L, 14L, 15L);
        assertThat(samples.getFirst().text()).isEqualTo("46.161.41.24 - - [18/May/2015:19:05:46 +0000]\"");
        // parse, broadcast and the report stage, all done and none left counted
        assertThat(tracker.spawnedTotal(TaskKind.PIPELINE)).isEqualTo(3);
        assertThat(tracker.finishedTotal(TaskKind.PIPELINE, TaskOutcome.COMPLETED)).isEqualTo(3);
        assertThat(tracker.groups()).isEmpty();
    }
}
