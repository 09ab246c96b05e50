package dev.corojobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corojobs.runtime.TaskTracker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a job makes of the format: auto-detection, warnings, the FAILED outcome, fields a format lacks. */
class FormatOutcomeTest {

    /** The seed's branches: the default without branches is the report, which has no per-branch counts. */
    private static final String BRANCHES = """
            {"branches": [{"name": "ip", "groupBy": "ip", "top": 20}, {"name": "status", "groupBy": "status"},
                          {"name": "hour", "groupBy": "hour"}]}""";


    private static final String COMBINED = "10.0.0.%d - - [17/May/2015:10:05:%02d +0000] \"GET /p%d?q=%d HTTP/1.1\" %d 100 \"-\" \"ua\"";

    private static byte[] lines(String template, int count, int malformedEvery) {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (malformedEvery > 0 && i % malformedEvery == 0) {
                log.append("garbage line ").append(i).append('\n');
            } else {
                log.append(String.format(template, i % 7, i % 60, i % 3, i % 2, i % 5 == 0 ? 404 : 200)).append('\n');
            }
        }
        return log.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static PipelineSpec spec(String json) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = new tools.jackson.databind.json.JsonMapper().readValue(json, Map.class);
        return PipelineSpec.fromJson(map);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            combined       | %s
            nginx_main     | %s "198.51.100.1"
            vhost_combined | www.example:80 %s
            """)
    void autoPicksThePresetThatParsesTheFirstLines(String expected, String wrap) {
        byte[] log = lines(wrap.formatted(COMBINED), 200, 0);
        Map<String, Object> result = Jobs.run(Jobs.bytes(log), spec(BRANCHES));
        assertThat(result).containsEntry("format", expected).containsEntry("formatDetected", true);
        assertThat(Jobs.lines(result)).containsEntry("parsed", 200L);
        assertThat(Jobs.branches(result).get("status").counts()).containsEntry("404", 40L).containsEntry("200", 160L);
    }

    @Test
    void autoPicksJsonLines() {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            log.append("{\"remote_addr\":\"10.0.0.").append(i % 4).append("\",\"time_iso8601\":\"2024-05-17T10:0")
                    .append(i % 10).append(":00+02:00\",\"request\":\"GET /a HTTP/1.1\",\"status\":\"200\",")
                    .append("\"body_bytes_sent\":\"5\",\"request_time\":\"0.002\"}\n");
        }
        Map<String, Object> result = Jobs.run(Jobs.bytes(log.toString().getBytes(StandardCharsets.UTF_8)), spec(BRANCHES));
        assertThat(result).containsEntry("format", "json");
        assertThat(Jobs.branches(result).get("hour").counts()).containsExactly(Map.entry("2024-05-17T10", 50L));
        assertThat(Jobs.branches(result).get("ip").distinct()).isEqualTo(4);
    }

    @Test
    void mixedSampleGoesToTheMajorityAndWarnsAboutTheRest() {
        StringBuilder log = new StringBuilder();
        byte[] combined = lines(COMBINED, 90, 0);
        log.append(new String(combined, StandardCharsets.UTF_8));
        for (int i = 0; i < 10; i++) {
            log.append("{\"remote_addr\":\"h\",\"status\":\"200\"}\n");
        }
        Map<String, Object> result = Jobs.run(Jobs.bytes(log.toString().getBytes(StandardCharsets.UTF_8)), spec("{}"));
        assertThat(result).containsEntry("format", "combined");
        assertThat(Jobs.lines(result)).containsEntry("parsed", 90L).containsEntry("malformed", 10L);
        @SuppressWarnings("unchecked")
        List<String> warnings = (List<String>) result.get("warnings");
        assertThat(warnings).singleElement().asString().startsWith("10 of 100 lines (10.0%) did not parse as combined");
    }

    @Test
    void wrongFormatFailsNamingTheFormatSamplesAndBetterPresets() {
        byte[] log = lines(COMBINED + " \"198.51.100.1\"", 100, 0);
        assertThatThrownBy(() -> Jobs.run(Jobs.bytes(log), spec("{\"format\": \"combined\"}")))
                .isInstanceOfSatisfying(LogFormatMismatchException.class, e -> {
                    assertThat(e.format()).isEqualTo("combined");
                    assertThat(e.linesRead()).isEqualTo(100);
                    assertThat(e.malformed()).isEqualTo(100);
                    assertThat(e.samples()).hasSize(10).allSatisfy(s -> assertThat(s.text()).hasSizeLessThanOrEqualTo(201));
                    assertThat(e.samples().getFirst().line()).isEqualTo(1);
                    assertThat(e.betterPresets().getFirst()).containsEntry("format", "nginx_main")
                            .containsEntry("parsed", 100).containsEntry("of", 100);
                    assertThat(e.getMessage()).contains("100 of 100 lines did not parse as combined")
                            .contains("try \"format\": \"nginx_main\"");
                });
    }

    @Test
    void maxMalformedShareDecides() {
        byte[] log = lines(COMBINED, 100, 2); // half of the lines are garbage
        Map<String, Object> atTheLimit = Jobs.run(Jobs.bytes(log), spec("{}"));
        assertThat(Jobs.lines(atTheLimit)).containsEntry("malformed", 50L);
        assertThatThrownBy(() -> Jobs.run(Jobs.bytes(log), spec("{\"maxMalformedShare\": 0.4}")))
                .isInstanceOf(LogFormatMismatchException.class)
                .hasMessageContaining("more than the 40% allowed");
    }

    @Test
    void anEmptyLogSucceedsWithAWarning() {
        Map<String, Object> result = Jobs.run(Jobs.bytes(new byte[0]), spec("{}"));
        assertThat(result.get("warnings")).asString().contains("the log is empty");
    }

    @Test
    void pathQueryAndPathWithQueryAreSeparateKeys() {
        byte[] log = lines(COMBINED, 60, 0);
        Map<String, Object> result = Jobs.run(Jobs.bytes(log), spec("""
                {"branches": [{"name": "p", "groupBy": "path"}, {"name": "pq", "groupBy": "pathWithQuery"},
                              {"name": "q", "groupBy": "query"}, {"name": "re", "groupBy": "path", "where": {"pathRegex": "q="}}]}"""));
        assertThat(Jobs.branches(result).get("p").counts()).containsOnlyKeys("/p0", "/p1", "/p2");
        assertThat(Jobs.branches(result).get("pq").counts()).containsKeys("/p0?q=0", "/p1?q=1").hasSize(6);
        assertThat(Jobs.branches(result).get("q").counts()).containsOnlyKeys("q=0", "q=1");
        assertThat(Jobs.branches(result).get("re").counts()).as("pathRegex sees the path without its query").isEmpty();
    }

    @Test
    void ownFieldsAndTimesGroupAndForwardedClientCounts() {
        String log = """
                10.0.0.1 [17/May/2015:10:05:00 +0000] "GET / HTTP/1.1" 200 1 0.120 a:1 "198.51.100.1, 10.0.0.1"
                10.0.0.1 [17/May/2015:11:05:00 +0000] "GET / HTTP/1.1" 200 1 0.080 a:2 "-"
                10.0.0.2 [17/May/2015:11:06:00 +0000] "GET / HTTP/1.1" 502 1 1.5 a:1 "198.51.100.1"
                """;
        Map<String, Object> result = Jobs.run(Jobs.bytes(log.getBytes(StandardCharsets.UTF_8)), spec("""
                {"format": {"nginx": "$remote_addr [$time_local] \\"$request\\" $status $bytes_sent $request_time $upstream_addr \\"$http_x_forwarded_for\\""},
                 "client": "forwarded",
                 "branches": [{"name": "up", "groupBy": "$upstream_addr"}, {"name": "ip", "groupBy": "ip"},
                              {"name": "hour", "groupBy": "hour"}, {"name": "xff", "groupBy": "forwardedFor"}]}"""));
        assertThat(result).containsEntry("format", "nginx");
        assertThat(Jobs.branches(result).get("up").counts()).containsExactly(Map.entry("a:1", 2L), Map.entry("a:2", 1L));
        assertThat(Jobs.branches(result).get("ip").counts()).containsExactly(Map.entry("198.51.100.1", 2L), Map.entry("10.0.0.1", 1L));
        assertThat(Jobs.branches(result).get("hour").counts()).containsExactly(Map.entry("2015-05-17T11", 2L), Map.entry("2015-05-17T10", 1L));
        assertThat(Jobs.branches(result).get("xff").counts()).containsKeys("-", "198.51.100.1", "198.51.100.1, 10.0.0.1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"format": "common", "branches": [{"name": "a", "groupBy": "userAgent"}]}                 | /branches/0/groupBy | is not in preset
            {"format": {"nginx": "$remote_addr $status"}, "branches": [{"name": "a", "groupBy": "hour"}]} | /branches/0/groupBy | it can group by [ip, status]
            {"format": {"nginx": "$remote_addr $status"}, "branches": [{"name": "a", "groupBy": "$nope"}]} | /branches/0/groupBy | is not a field of nginx format
            {"branches": [{"name": "a", "groupBy": "$upstream_addr"}]}                                 | /branches/0/groupBy | give the format that has it
            {"format": "combined", "client": "forwarded"}                                              | /client             | needs an X-Forwarded-For field
            {"format": {"apache": "%h %Q"}}                                                            | /format/apache      | %Q is not supported
            {"format": {"json": {}}}                                                                   | /format/json        | must map field names
            {"maxMalformedShare": 2}                                                                   | /maxMalformedShare  | from 0 to 1
            """)
    void fieldsAFormatCannotGiveAreRefused(String json, String pointer, String message) {
        assertThatThrownBy(() -> spec(json)).isInstanceOfSatisfying(InvalidSpecException.class, e -> {
            assertThat(e.pointer()).isEqualTo(pointer);
            assertThat(e.detail()).contains(message);
        });
    }

    /** The last progress a threaded job yields (what the job keeps) counts every line, as its result does. */
    @RepeatedTest(5)
    void threadedFinalProgressEqualsTheResult() {
        byte[] log = lines(COMBINED, 5000, 0);
        PipelineSpec spec = spec("{\"mode\": \"threaded\"}");
        LogAnalysisWork work = new LogAnalysisWork(Jobs.bytes(log), spec, new PipelineSettings(2, 1024, 10, 1 << 20),
                new TaskTracker(), "test");
        Map<String, Object> last = null;
        while (work.resume(null)) {
            last = work.yielded();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) work.returnValue();
        assertThat(last).containsEntry("linesRead", Jobs.lines(result).get("read")).containsEntry("linesRead", 5000L);
    }
}
