package dev.corojobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seed article's analysis and the default report over {@code apache_logs-seed-excerpt.log} (lines 1-300 and
 * the truncated line 8899 of apache_logs), so the seed checks run without {@code ../shared}. The expected
 * figures come from awk over the excerpt, not from the code under test (LC_ALL=C, F = the excerpt):
 * <pre>
 *   wc -lc F                                                          -> 301 lines, 68954 bytes
 *   awk -v ip=IP 'index($1, ip) == 1' F | wc -l                       -> 23, 6 and 1 for the three seed IPs
 *   awk 'NR &lt;= 300 {print $1}' F | sort -u | wc -l                    -> 80 clients
 *   awk 'NR &lt;= 300 {print $1}' F | sort | uniq -c | sort -k1,1rn -k2,2 -> the top clients below
 *   awk 'NR &lt;= 300 {print $9}' F | sort | uniq -c                     -> 289 x 200, 6 x 304, 3 x 301, 2 x 404
 *   awk 'NR &lt;= 300 {print substr($4, 2, 14)}' F | sort | uniq -c      -> 74 / 111 / 115 in 17/May/2015:10, 11, 12
 *   awk 'NR &lt;= 300 {print $6}' F | sort -u                            -> "GET only
 * </pre>
 * Line 301 (8899 of the full log) has no closing quote on its user agent: read, not parsed.
 */
class SeedExcerptPipelineTest {

    private static final String EXCERPT = "apache_logs-seed-excerpt.log";

    private static PipelineSpec seedSpec(PipelineMode mode) {
        Map<String, Object> json = new HashMap<>(SeedPipelineTest.SEED_SPEC);
        json.put("mode", mode.json());
        return PipelineSpec.fromJson(json);
    }

    @ParameterizedTest
    @EnumSource(PipelineMode.class)
    void seedBranchCountsTheThreeClients(PipelineMode mode) {
        Map<String, Object> result = Jobs.run(Jobs.bytes(AccessLogs.fixtureBytes(EXCERPT)), seedSpec(mode));

        BranchResult seed = Jobs.branches(result).get("seed");
        assertThat(seed.counts()).containsExactly(
                Map.entry("83.149.9.216", 23L), Map.entry("93.114.45.13", 6L), Map.entry("207.241.237.101", 1L));
        assertThat(seed.distinct()).isEqualTo(3);
        assertThat(Jobs.lines(result)).containsEntry("read", 301L).containsEntry("parsed", 300L)
                .containsEntry("malformed", 1L);
        assertThat(result).containsEntry("bytes", 68_954L);
    }

    @ParameterizedTest
    @EnumSource(PipelineMode.class)
    void gzipInputGivesTheSameReport(PipelineMode mode) throws IOException {
        byte[] plain = AccessLogs.fixtureBytes(EXCERPT);
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
            gzip.write(plain);
        }

        Map<String, Object> fromGzip = Jobs.run(Jobs.bytes(packed.toByteArray()), seedSpec(mode));

        assertThat(fromGzip.get("gzip")).isEqualTo(true);
        assertThat(Jobs.branches(fromGzip).get("seed").counts()).containsExactly(
                Map.entry("83.149.9.216", 23L), Map.entry("93.114.45.13", 6L), Map.entry("207.241.237.101", 1L));
        assertThat(fromGzip).containsEntry("bytes", 68_954L);
    }

    @Test
    void defaultReportGivesTheCountsOfTheExcerpt() {
        Map<String, Object> result = Jobs.run(Jobs.bytes(AccessLogs.fixtureBytes(EXCERPT)), PipelineSpec.fromJson(Map.of()));

        Map<String, BranchResult> branches = Jobs.branches(result);
        assertThat(branches).containsOnlyKeys("ip", "status", "method", "path", "hour");
        assertThat(branches.get("ip").distinct()).isEqualTo(80);
        assertThat(branches.get("ip").counts()).hasSize(20).containsAllEntriesOf(Map.of(
                "83.149.9.216", 23L, "208.115.111.72", 22L, "66.249.73.135", 15L, "108.32.74.68", 14L,
                "218.30.103.62", 10L, "46.105.14.53", 10L, "134.76.249.10", 8L, "50.131.51.216", 7L));
        assertThat(List.copyOf(branches.get("ip").counts().keySet()).subList(0, 4))
                .containsExactly("83.149.9.216", "208.115.111.72", "66.249.73.135", "108.32.74.68");
        assertThat(branches.get("status").counts()).containsExactlyInAnyOrderEntriesOf(
                Map.of("200", 289L, "304", 6L, "301", 3L, "404", 2L));
        assertThat(branches.get("method").counts()).containsExactly(Map.entry("GET", 300L));
        assertThat(branches.get("hour").counts()).containsExactlyInAnyOrderEntriesOf(
                Map.of("2015-05-17T10", 74L, "2015-05-17T11", 111L, "2015-05-17T12", 115L));
    }
}
