package dev.corojobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PipelineSpecTest {

    @Test
    void readsTheIssueExample() {
        PipelineSpec spec = PipelineSpec.fromJson(Map.of(
                "mode", "threaded",
                "branches", List.of(
                        Map.of("name", "seed", "where", Map.of("ipPrefix", List.of("83.149.9.216")), "groupBy", "ip"),
                        Map.of("name", "errors", "where", Map.of("status", List.of("4xx", "5xx")), "groupBy", "path",
                                "top", 10))));
        assertThat(spec.mode()).isEqualTo(PipelineMode.THREADED);
        assertThat(spec.format()).isEqualTo(LogFormat.AUTO);
        assertThat(spec.branches()).extracting(PipelineSpec.Branch::name).containsExactly("seed", "errors");
        assertThat(spec.branches().get(1).top()).isEqualTo(10);
        assertThat(spec.branches().get(1).where().status()).containsExactly("4xx", "5xx");
        assertThat(spec.branches().get(0).aggregate()).isEqualTo(Aggregate.COUNT);
    }

    @Test
    void withoutBranchesItIsTheDefaultReport() {
        PipelineSpec spec = PipelineSpec.fromJson(Map.of("format", "common"));
        assertThat(spec.format()).isEqualTo(LogFormat.COMMON);
        assertThat(spec.branches()).isEmpty();
        assertThat(spec.report()).isEqualTo(dev.corojobs.pipeline.report.ReportOptions.DEFAULTS);
    }

    @Test
    void branchesComeWithoutTheReportUnlessAsked() {
        Map<String, Object> branch = Map.of("name", "b", "groupBy", "ip");
        assertThat(PipelineSpec.fromJson(Map.of("branches", java.util.List.of(branch))).report()).isNull();
        assertThat(PipelineSpec.fromJson(Map.of("branches", java.util.List.of(branch), "report", true)).report())
                .isEqualTo(dev.corojobs.pipeline.report.ReportOptions.DEFAULTS);
        assertThatThrownBy(() -> PipelineSpec.fromJson(Map.of("report", false)))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.pointer()).isEqualTo("/report"));
        assertThatThrownBy(() -> PipelineSpec.fromJson(Map.of("report", Map.of("exclude", Map.of("ipRanges", "10.0.0.0/33")))))
                .isInstanceOfSatisfying(InvalidSpecException.class,
                        e -> assertThat(e.pointer()).isEqualTo("/report/exclude/ipRanges"));
        assertThatThrownBy(() -> PipelineSpec.fromJson(Map.of("report", Map.of("exclude", Map.of("ipRanges", "example.com")))))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.detail()).contains("example.com"));
    }

    @Test
    void readsEveryFilter() {
        PipelineSpec spec = PipelineSpec.fromJson(Map.of("branches", List.of(Map.of("name", "x", "groupBy", "day",
                "aggregate", "bytes", "where", Map.of("ipPrefix", "10.", "status", 404, "method", "get",
                        "pathRegex", "^/api", "from", "2015-05-17", "to", "2015-05-18T10:00:00+02:00")))));
        PipelineSpec.Where where = spec.branches().getFirst().where();
        assertThat(where.ipPrefix()).containsExactly("10.");
        assertThat(where.status()).containsExactly("404");
        assertThat(where.method()).containsExactly("GET");
        assertThat(where.pathRegex().pattern()).isEqualTo("^/api");
        assertThat(where.from()).isEqualTo(Instant.parse("2015-05-17T00:00:00Z"));
        assertThat(where.to()).isEqualTo(Instant.parse("2015-05-18T08:00:00Z"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"mode": "fast"}                                                         | /mode
            {"format": "xml"}                                                        | /format
            {"colour": "red"}                                                        | /colour
            {"branches": []}                                                         | /branches
            {"branches": {"name": "a"}}                                              | /branches
            {"branches": [{"name": "a", "groupBy": "ip"}, {"name": "b", "groupBy": "country"}]} | /branches/1/groupBy
            {"branches": [{"name": "a", "groupBy": "ip"}, {"name": "b"}]}             | /branches/1/groupBy
            {"branches": [{"groupBy": "ip"}]}                                         | /branches/0/name
            {"branches": [{"name": "a b", "groupBy": "ip"}]}                          | /branches/0/name
            {"branches": [{"name": "a", "groupBy": "ip"}, {"name": "a", "groupBy": "ip"}]} | /branches/1/name
            {"branches": [{"name": "a", "groupBy": "ip", "top": 0}]}                  | /branches/0/top
            {"branches": [{"name": "a", "groupBy": "ip", "top": "5"}]}                | /branches/0/top
            {"branches": [{"name": "a", "groupBy": "ip", "aggregate": "avg"}]}        | /branches/0/aggregate
            {"branches": [{"name": "a", "groupBy": "ip", "where": {"status": ["4xx", "6"]}}]} | /branches/0/where/status/1
            {"branches": [{"name": "a", "groupBy": "ip", "where": {"pathRegex": "("}}]} | /branches/0/where/pathRegex
            {"branches": [{"name": "a", "groupBy": "ip", "where": {"from": "yesterday"}}]} | /branches/0/where/from
            {"branches": [{"name": "a", "groupBy": "ip", "where": {"from": "2015-05-18", "to": "2015-05-17"}}]} | /branches/0/where/to
            {"branches": [{"name": "a", "groupBy": "ip", "where": {"ipPrefix": ["1.", 2]}}]} | /branches/0/where/ipPrefix/1
            {"branches": [{"name": "a", "groupBy": "ip", "where": {"host": "x"}}]}    | /branches/0/where/host
            """)
    void namesTheFieldThatIsWrong(String json, String pointer) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = new tools.jackson.databind.json.JsonMapper().readValue(json, Map.class);
        assertThatThrownBy(() -> PipelineSpec.fromJson(map))
                .isInstanceOf(InvalidSpecException.class)
                .satisfies(e -> assertThat(((InvalidSpecException) e).pointer()).isEqualTo(pointer))
                .hasMessageStartingWith(pointer + ": ");
    }
}
