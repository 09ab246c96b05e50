package dev.corojobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corojobs.runtime.TaskTracker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Specs written to hurt: a pattern that backtracks, keys without end. Each ends, or fails naming its limit. */
class HostileSpecTest {

    private static byte[] log(int lines, String path) {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            log.append("10.0.").append(i / 250).append('.').append(i % 250)
                    .append(" - - [17/May/2015:10:05:03 +0000] \"GET ").append(path).append(" HTTP/1.1\" 200 1 \"-\" \"-\"\n");
        }
        return log.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> run(byte[] log, Map<String, Object> spec, PipelineSettings settings) {
        LogAnalysisWork work = new LogAnalysisWork(Jobs.bytes(log), PipelineSpec.fromJson(spec), settings,
                new TaskTracker(), "hostile");
        while (work.resume(null)) {
            // one slice per step
        }
        return (Map<String, Object>) work.returnValue();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a backtracking engine needs minutes here
    void aCatastrophicPatternRunsInLinearTime() {
        byte[] log = log(200, "/" + "a".repeat(5_000));
        Map<String, Object> spec = Map.of("branches", List.of(
                Map.of("name", "evil", "groupBy", "path", "where", Map.of("pathRegex", "(.*a){8}x"))));

        Map<String, Object> result = run(log, spec, PipelineSettings.DEFAULTS);

        BranchResult evil = (BranchResult) ((Map<String, Object>) result.get("branches")).get("evil");
        assertThat(evil.distinct()).isZero();
    }

    @Test
    void aPatternOutsideLinearTimeRegexesIsRefusedWithItsField() {
        Map<String, Object> spec = Map.of("branches", List.of(
                Map.of("name", "back", "groupBy", "path", "where", Map.of("pathRegex", "(?=a)b"))));

        assertThatThrownBy(() -> PipelineSpec.fromJson(spec))
                .isInstanceOf(InvalidSpecException.class)
                .satisfies(e -> assertThat(((InvalidSpecException) e).pointer()).isEqualTo("/branches/0/where/pathRegex"));
    }

    @Test
    void aBranchPastItsDistinctKeysFailsNamingTheLimit() {
        byte[] log = log(1_000, "/");
        Map<String, Object> spec = Map.of("branches", List.of(Map.of("name", "clients", "groupBy", "ip")));

        assertThatThrownBy(() -> run(log, spec, new PipelineSettings(8, 4096, 5, 1 << 20, 999, 1 << 20)))
                .hasMessageContaining("branch 'clients'")
                .hasMessageContaining("more than 999 distinct keys (corojobs.pipeline.max-distinct-keys)");
        assertThatThrownBy(() -> run(log, spec, new PipelineSettings(8, 4096, 5, 1 << 20, 100_000, 5_000)))
                .hasMessageContaining("more than 5000 bytes of distinct keys (corojobs.pipeline.max-key-bytes)");
        assertThat(run(log, spec, new PipelineSettings(8, 4096, 5, 1 << 20, 1_000, 1 << 20))).isNotNull();
    }

    @Test
    void theMemoryBudgetFollowsTheBranchesAndTheMode() {
        PipelineSettings settings = PipelineSettings.DEFAULTS;

        List<GroupBy> one = List.of(GroupBy.PATH);
        assertThat(settings.memoryBudget(List.of(GroupBy.PATH, GroupBy.IP), false)).isGreaterThan(settings.memoryBudget(one, false));
        assertThat(settings.memoryBudget(one, true)).isGreaterThan(settings.memoryBudget(one, false));
        assertThat(settings.memoryBudget(one, false))
                .isGreaterThanOrEqualTo(settings.maxDistinctKeys() * 48L + settings.maxKeyBytes());
        assertThat(settings.memoryBudget(List.of(GroupBy.PATH, GroupBy.STATUS), false) - settings.memoryBudget(one, false))
                .as("status codes are few").isLessThan(1 << 20);
    }
}
