package dev.corojobs.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.corojobs.pipeline.AccessLogParser;
import dev.corojobs.pipeline.LogBatch;
import dev.corojobs.pipeline.LogFormat;
import dev.corojobs.pipeline.PipelineSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReportAggregatorTest {

    private static final String UA = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";

    private static String line(String ip, String time, String request, int status, String agent) {
        return ip + " - - [" + time + " +0000] \"" + request + "\" " + status + " 100 \"-\" \"" + agent + "\"";
    }

    private static Map<String, Object> report(ReportOptions options, String... lines) {
        ReportAggregator aggregator = new ReportAggregator(options);
        byte[] data = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        LogBatch batch = new LogBatch(data, 0, data.length);
        new AccessLogParser(LogFormat.AUTO).parse(batch, (n, reason, d, s, e) -> { });
        aggregator.accept(batch);
        return aggregator.toJson(lines.length, lines.length - batch.parsed(), data.length);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> general(Map<String, Object> report) {
        return (Map<String, Object>) report.get("general");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> report, String panel) {
        return (List<Map<String, Object>>) ((Map<String, Object>) report.get(panel)).get("data");
    }

    @SuppressWarnings("unchecked")
    private static long count(Map<String, Object> row, String metric) {
        return (Long) ((Map<String, Object>) row.get(metric)).get("count");
    }

    @Test
    void aVisitorIsOneClientDateAndUserAgentAnd4xxLinesCountTowardNone() {
        Map<String, Object> report = report(ReportOptions.DEFAULTS,
                line("10.0.0.1", "01/Dec/2026:10:00:00", "GET / HTTP/1.1", 200, UA),
                line("10.0.0.1", "01/Dec/2026:11:00:00", "GET /a HTTP/1.1", 200, UA),      // same visitor
                line("10.0.0.1", "01/Dec/2026:12:00:00", "GET / HTTP/1.1", 200, "curl/8.4.0"), // other agent
                line("10.0.0.1", "02/Dec/2026:10:00:00", "GET / HTTP/1.1", 200, UA),      // other date
                line("10.0.0.2", "02/Dec/2026:10:00:00", "GET / HTTP/1.1", 403, UA));     // 4xx: no visitor
        assertThat(general(report)).containsEntry("unique_visitors", 3L).containsEntry("valid_requests", 5L);
        Map<String, Object> host2 = rows(report, "hosts").stream().filter(r -> r.get("data").equals("10.0.0.2")).findFirst()
                .orElseThrow();
        assertThat(count(host2, "hits")).isEqualTo(1);
        assertThat(count(host2, "visitors")).isZero();

        Map<String, Object> asked = report(new ReportOptions(true, true, null, null, false, false, List.of(), 366, 1000),
                line("10.0.0.2", "02/Dec/2026:10:00:00", "GET / HTTP/1.1", 403, UA));
        assertThat(general(asked)).containsEntry("unique_visitors", 1L);
    }

    @Test
    void a404GoesToNotFoundAndStaticFilesToStaticRequests() {
        Map<String, Object> report = report(ReportOptions.DEFAULTS,
                line("10.0.0.1", "01/Dec/2026:10:00:00", "GET /style.CSS HTTP/1.1", 200, UA),
                line("10.0.0.1", "01/Dec/2026:10:00:00", "GET /style.css?v=2 HTTP/1.1", 200, UA),
                line("10.0.0.1", "01/Dec/2026:10:00:00", "GET /gone.png HTTP/1.1", 404, UA),
                line("10.0.0.1", "01/Dec/2026:10:00:00", "get /caf%C3%A9 HTTP/2.0", 200, UA));
        assertThat(rows(report, "static_requests")).extracting(r -> r.get("data")).containsExactly("/style.CSS");
        assertThat(rows(report, "not_found")).extracting(r -> r.get("data")).containsExactly("/gone.png");
        assertThat(rows(report, "requests")).extracting(r -> r.get("data") + " " + r.get("method") + " " + r.get("protocol"))
                .containsExactlyInAnyOrder("/style.css?v=2 GET HTTP/1.1", "/café GET HTTP/2");
        assertThat(StaticFiles.isStatic("/a.js")).isTrue();
        assertThat(StaticFiles.isStatic("/a.json")).isFalse();
        assertThat(StaticFiles.isStatic(".js")).isFalse();
    }

    @Test
    void queryStringIsKeptUnlessAsked() {
        String request = line("10.0.0.1", "01/Dec/2026:10:00:00", "GET /search?q=x HTTP/1.1", 200, UA);
        assertThat(rows(report(ReportOptions.DEFAULTS, request), "requests")).extracting(r -> r.get("data"))
                .containsExactly("/search?q=x");
        ReportOptions stripped = ReportOptions.fromJson(Map.of("queryString", false), "/report");
        assertThat(rows(report(stripped, request), "requests")).extracting(r -> r.get("data")).containsExactly("/search");
    }

    @Test
    void fromIsInclusiveToIsExclusiveAndExcludedLinesAreCounted() {
        ReportOptions options = PipelineSpec.fromJson(Map.of("report",
                Map.of("from", "2026-12-01T10:00:00Z", "to", "2026-12-01T11:00:00Z"))).report();
        Map<String, Object> report = report(options,
                line("10.0.0.1", "01/Dec/2026:09:59:59", "GET / HTTP/1.1", 200, UA),
                line("10.0.0.1", "01/Dec/2026:10:00:00", "GET / HTTP/1.1", 200, UA),
                line("10.0.0.1", "01/Dec/2026:10:59:59", "GET / HTTP/1.1", 200, UA),
                line("10.0.0.1", "01/Dec/2026:11:00:00", "GET / HTTP/1.1", 200, UA));
        assertThat(general(report)).containsEntry("valid_requests", 2L).containsEntry("excluded_hits", 2L)
                .containsEntry("total_requests", 4L);
    }

    @Test
    void crawlersStaticFilesAndIpRangesCanBeExcluded() {
        ReportOptions options = PipelineSpec.fromJson(Map.of("report", Map.of("exclude",
                Map.of("crawlers", true, "static", true, "ipRanges", List.of("192.168.0.0/16", "2001:db8::/32"))))).report();
        Map<String, Object> report = report(options,
                line("10.0.0.1", "01/Dec/2026:10:00:00", "GET / HTTP/1.1", 200, UA),
                line("10.0.0.1", "01/Dec/2026:10:00:00", "GET / HTTP/1.1", 200,
                        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
                line("10.0.0.1", "01/Dec/2026:10:00:00", "GET /a.png HTTP/1.1", 200, UA),
                line("192.168.4.4", "01/Dec/2026:10:00:00", "GET / HTTP/1.1", 200, UA),
                line("2001:db8::1", "01/Dec/2026:10:00:00", "GET / HTTP/1.1", 200, UA));
        assertThat(general(report)).containsEntry("valid_requests", 1L).containsEntry("excluded_hits", 4L);
    }

    @Test
    void uniqueCountIsExactUpToItsLimitThenWithinTheHllErrorBound() {
        UniqueCount exact = new UniqueCount(10_000);
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < 10_000; i++) {
            exact.add(random.nextLong());
        }
        assertThat(exact.exact()).isTrue();
        assertThat(exact.count()).isEqualTo(10_000);

        UniqueCount sketched = new UniqueCount(1_000);
        for (int i = 0; i < 200_000; i++) {
            sketched.add(random.nextLong());
            sketched.add(random.nextLong() & 0); // one repeated value: counted once
        }
        assertThat(sketched.exact()).isFalse();
        assertThat(sketched.count()).isCloseTo(200_001, within((long) (200_001 * sketched.relativeError())));
    }

    @Test
    void rowVisitorsAreExactUpToTheLimitThenSampledWithinTheirError() {
        VisitorSampler sampler = new VisitorSampler(2, 20_000);
        SplittableRandom random = new SplittableRandom(7);
        // row 0: 100,000 distinct visitors seen three times each; row 1: 1,000 visitors
        for (int round = 0; round < 3; round++) {
            SplittableRandom same = new SplittableRandom(99);
            for (int i = 0; i < 100_000; i++) {
                sampler.add(same.nextLong(), 0, 0);
            }
        }
        for (int i = 0; i < 1_000; i++) {
            sampler.add(random.nextLong(), 1, 1);
        }
        assertThat(sampler.level()).isPositive();
        // relative standard error about 1/sqrt(n / 2^level); allow four of them
        double rate = 1.0 / (1L << sampler.level());
        assertThat(sampler.visitors(0, 0)).isCloseTo(100_000, within((long) (4 * Math.sqrt(100_000 / rate))));
        VisitorSampler small = new VisitorSampler(1, 20_000);
        for (int i = 0; i < 5_000; i++) {
            small.add(random.nextLong(), 0, i % 10);
        }
        assertThat(small.level()).isZero();
        long total = 0;
        for (int row = 0; row < 10; row++) {
            total += small.visitors(0, row);
        }
        assertThat(total).isEqualTo(5_000);
    }

    private static Map<String, Object> report(Object format, String... lines) {
        PipelineSpec spec = PipelineSpec.fromJson(Map.of("format", format));
        ReportAggregator aggregator = new ReportAggregator(spec.report());
        byte[] data = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        LogBatch batch = new LogBatch(data, 0, data.length);
        new AccessLogParser(spec.format(), false).parse(batch, (n, reason, d, s, e) -> { });
        assertThat(batch.parsed()).as("every line parses").isEqualTo(lines.length);
        aggregator.accept(batch);
        return aggregator.toJson(lines.length, 0, data.length);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> times(Map<String, Object> holder) {
        return (Map<String, Object>) holder.get("response_time_us");
    }

    @Test
    void responseTimePercentilesComeFromNginxRequestTime() {
        Map<String, Object> report = report(Map.of("nginx",
                        "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" "
                                + "\"$http_user_agent\" $request_time"),
                "10.0.0.1 - - [01/Dec/2026:10:00:00 +0000] \"GET /a HTTP/1.1\" 200 100 \"-\" \"" + UA + "\" 0.010",
                "10.0.0.2 - - [01/Dec/2026:10:00:01 +0000] \"GET /a HTTP/1.1\" 200 100 \"-\" \"" + UA + "\" 0.030",
                "10.0.0.3 - - [01/Dec/2026:10:00:02 +0000] \"GET /b HTTP/1.1\" 200 100 \"-\" \"" + UA + "\" 2.000",
                "10.0.0.4 - - [01/Dec/2026:10:00:03 +0000] \"GET /b HTTP/1.1\" 200 100 \"-\" \"" + UA + "\" -");
        Map<String, Object> general = times(general(report));
        assertThat(general).containsEntry("count", 3L).containsEntry("max", 2_000_000L).containsEntry("p50", 30_000L);
        Map<String, Object> a = rows(report, "requests").stream().filter(r -> r.get("data").equals("/a")).findFirst().orElseThrow();
        assertThat(times(a)).containsEntry("count", 2L).containsEntry("max", 30_000L);
        Map<String, Object> b = rows(report, "requests").stream().filter(r -> r.get("data").equals("/b")).findFirst().orElseThrow();
        assertThat(times(b)).as("'-' is no time").containsEntry("count", 1L);
    }

    @Test
    void responseTimesFromApacheMicroseconds() {
        Map<String, Object> report = report(Map.of("apache", "%h %l %u %t \"%r\" %>s %b %D"),
                "10.0.0.1 - - [01/Dec/2026:10:00:00 +0000] \"GET /a HTTP/1.1\" 200 100 1500",
                "10.0.0.2 - - [02/Dec/2026:23:59:59 +0000] \"GET /a HTTP/1.1\" 200 100 500");
        assertThat(times(general(report))).containsEntry("count", 2L).containsEntry("max", 1500L);
    }

    @Test
    void isoTimesFillDaysAndHours() {
        Map<String, Object> report = report(Map.of("nginx", "$remote_addr [$time_iso8601] \"$request\" $status $body_bytes_sent"),
                "10.0.0.1 [2026-12-01T10:00:00+00:00] \"GET /a HTTP/1.1\" 200 100",
                "10.0.0.2 [2026-12-02T23:59:59+02:00] \"GET /a HTTP/1.1\" 200 100");
        assertThat(general(report)).containsEntry("start_date", "01/Dec/2026").containsEntry("end_date", "02/Dec/2026");
        assertThat(rows(report, "visitors")).extracting(r -> r.get("data")).containsExactlyInAnyOrder("20261201", "20261202");
        assertThat(rows(report, "visit_time")).extracting(r -> r.get("data")).containsExactlyInAnyOrder("10", "23");
    }

    @Test
    void linesWithoutATimeCountButAreInNoDayOrHourRow() {
        Map<String, Object> report = report(Map.of("nginx", "$remote_addr \"$request\" $status $body_bytes_sent"),
                "10.0.0.1 \"GET /a HTTP/1.1\" 200 100", "10.0.0.2 \"GET /b HTTP/1.1\" 404 50");
        assertThat(general(report)).containsEntry("valid_requests", 2L).containsEntry("bandwidth", 150L);
        assertThat(rows(report, "visitors")).isEmpty();
        assertThat(rows(report, "visit_time")).isEmpty();
        assertThat(rows(report, "hosts")).hasSize(2);
    }
}
