package dev.corojobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Presets, Apache and nginx format strings, JSON lines: hand-written lines with known fields. */
class LogFormatTest {

    private static AccessLogParser.Entry parse(LogFormat format, String line) {
        return parse(format, false, line);
    }

    private static AccessLogParser.Entry parse(LogFormat format, boolean forwarded, String line) {
        return new AccessLogParser(format, forwarded).parseLine(line.getBytes(StandardCharsets.UTF_8))
                .orElseThrow(() -> new AssertionError("did not parse as " + format + ": " + line));
    }

    private static boolean parses(LogFormat format, String line) {
        return new AccessLogParser(format).parseLine(line.getBytes(StandardCharsets.UTF_8)).isPresent();
    }

    private static final String COMBINED_LINE = "10.1.2.3 - alice [10/Oct/2000:13:55:36 -0700] "
            + "\"GET /a/b.html?x=1&y=2 HTTP/1.1\" 200 2326 \"http://ref.example/\" \"Mozilla/5.0 (X11)\"";

    @Test
    void combinedPresetLocatesEveryRequestPart() {
        AccessLogParser.Entry e = parse(LogFormat.COMBINED, COMBINED_LINE);
        assertThat(e.client()).isEqualTo("10.1.2.3");
        assertThat(e.user()).isEqualTo("alice");
        assertThat(e.time()).isEqualTo(OffsetDateTime.parse("2000-10-10T13:55:36-07:00"));
        assertThat(e.method()).isEqualTo("GET");
        assertThat(e.path()).isEqualTo("/a/b.html");
        assertThat(e.pathWithQuery()).isEqualTo("/a/b.html?x=1&y=2");
        assertThat(e.query()).isEqualTo("x=1&y=2");
        assertThat(e.protocol()).isEqualTo("HTTP/1.1");
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.bytes()).isEqualTo(2326);
        assertThat(e.referrer()).isEqualTo("http://ref.example/");
        assertThat(e.userAgent()).isEqualTo("Mozilla/5.0 (X11)");
        assertThat(e.vhost()).isNull();
        assertThat(e.requestMicros()).isEqualTo(-1);
    }

    @Test
    void commonPresetTakesOnlyCommonLines() {
        String common = "h - - [10/Oct/2000:13:55:36 +0000] \"GET / HTTP/1.0\" 304 -";
        assertThat(parse(LogFormat.COMMON, common).bytes()).isZero();
        assertThat(parses(LogFormat.COMMON, COMBINED_LINE)).isFalse();
        assertThat(parses(LogFormat.COMBINED, common)).isFalse();
    }

    @Test
    void vhostCombinedPreset() {
        AccessLogParser.Entry e = parse(LogFormat.VHOST_COMBINED, "www.example.org:443 " + COMBINED_LINE);
        assertThat(e.vhost()).isEqualTo("www.example.org");
        assertThat(e.port()).isEqualTo("443");
        assertThat(e.client()).isEqualTo("10.1.2.3");
        assertThat(e.userAgent()).isEqualTo("Mozilla/5.0 (X11)");
        assertThat(parses(LogFormat.VHOST_COMBINED, COMBINED_LINE)).isFalse();
    }

    @Test
    void nginxMainPresetAndForwardedClient() {
        String line = COMBINED_LINE + " \"198.51.100.9, 10.0.0.1\"";
        AccessLogParser.Entry e = parse(LogFormat.NGINX_MAIN, line);
        assertThat(e.client()).isEqualTo("10.1.2.3");
        assertThat(e.forwardedFor()).isEqualTo("198.51.100.9, 10.0.0.1");
        assertThat(parse(LogFormat.NGINX_MAIN, true, line).client()).isEqualTo("198.51.100.9");
        assertThat(parse(LogFormat.NGINX_MAIN, true, COMBINED_LINE + " \"-\"").client()).isEqualTo("10.1.2.3");
        assertThat(parses(LogFormat.COMBINED, line)).isFalse();
    }

    @Test
    void jsonPresetReadsNginxVariableNamesWithStringValues() {
        String line = "{\"time_iso8601\":\"2024-03-01T12:30:45+01:00\",\"remote_addr\":\"2001:db8::1\","
                + "\"request\":\"POST /api/v1/x?debug=1 HTTP/2.0\",\"status\":\"201\",\"body_bytes_sent\":\"17\","
                + "\"request_time\":\"0.012\",\"upstream_response_time\":\"0.010\",\"http_referer\":\"\","
                + "\"http_user_agent\":\"curl/8.0 \\\"quoted\\\"\",\"host\":\"api.example\",\"extra\":{\"nested\":1}}";
        assertThat(parses(LogFormat.JSON, line)).as("nested values are refused").isFalse();
        String flat = line.replace(",\"extra\":{\"nested\":1}", ",\"extra\":null");
        AccessLogParser.Entry e = parse(LogFormat.JSON, flat);
        assertThat(e.client()).isEqualTo("2001:db8::1");
        assertThat(e.time()).isEqualTo(OffsetDateTime.parse("2024-03-01T12:30:45+01:00"));
        assertThat(e.method()).isEqualTo("POST");
        assertThat(e.pathWithQuery()).isEqualTo("/api/v1/x?debug=1");
        assertThat(e.status()).isEqualTo(201);
        assertThat(e.bytes()).isEqualTo(17);
        assertThat(e.requestMicros()).isEqualTo(12_000);
        assertThat(e.upstreamMicros()).isEqualTo(10_000);
        assertThat(e.referrer()).isEmpty();
        assertThat(e.userAgent()).isEqualTo("curl/8.0 \\\"quoted\\\"");
        assertThat(e.vhost()).isEqualTo("api.example");
        assertThat(parse(LogFormat.JSON, "{\"status\": 404, \"request_time\": 1.5, \"remote_addr\": \"h\"}")
                .requestMicros()).isEqualTo(1_500_000);
        assertThat(parses(LogFormat.JSON, "{\"remote_addr\": \"h\"}")).as("status is required").isFalse();
        assertThat(parses(LogFormat.JSON, COMBINED_LINE)).isFalse();
    }

    @Test
    void jsonWithOwnKeyNames() {
        LogFormat format = LogFormat.json(Map.of("client", "ip", "status", "code", "time", "ts", "path", "url",
                "tenant", "tenant_id"));
        AccessLogParser.Entry e = parse(format,
                "{\"ip\":\"1.2.3.4\",\"code\":503,\"ts\":\"2024-03-01 12:30:45\",\"url\":\"/x\",\"tenant_id\":\"acme\"}");
        assertThat(e.client()).isEqualTo("1.2.3.4");
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.time()).isEqualTo(OffsetDateTime.parse("2024-03-01T12:30:45Z"));
        assertThat(e.path()).isEqualTo("/x");
        assertThat(e.fields()).containsEntry("tenant", "acme");
    }

    /** A dozen custom format strings against hand-written lines; each answer is written down by hand. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', textBlock = """
            apache ¦ %h %l %u %t "%r" %>s %b ¦ 1.2.3.4 - - [01/Jan/2024:00:00:01 +0000] "GET /x?q=1 HTTP/1.1" 200 512 ¦ client=1.2.3.4 path=/x query=q=1 status=200 bytes=512
            apache ¦ %h %l %u %t "%r" %>s %b %D ¦ 1.2.3.4 - - [01/Jan/2024:00:00:01 +0000] "GET / HTTP/1.1" 200 - 1534 ¦ requestMicros=1534 bytes=0
            apache ¦ %v:%p %a %t "%r" %s %O %T ¦ shop.example:8443 2001:db8::7 [01/Jan/2024:00:00:01 +0100] "PUT /cart HTTP/2.0" 204 0 3 ¦ vhost=shop.example port=8443 client=2001:db8::7 requestMicros=3000000 method=PUT
            apache ¦ %{X-Forwarded-For}i %h %t "%r" %>s %b "%{User-Agent}i" ¦ 203.0.113.5 10.0.0.2 [01/Jan/2024:00:00:01 +0000] "GET / HTTP/1.1" 200 1 "ua" ¦ forwardedFor=203.0.113.5 client=10.0.0.2 userAgent=ua
            apache ¦ %h|%t|%m|%U%q|%H|%>s|%B|%{X-Request-Id}i ¦ 1.2.3.4|[01/Jan/2024:10:00:00 +0000]|GET|/p?a=b|HTTP/1.1|404|0|abc-1 ¦ method=GET path=/p query=a=b pathWithQuery=/p?a=b protocol=HTTP/1.1 status=404 field:http_x_request_id=abc-1
            apache ¦ %h %l %u %t "%m %U%q %H" %>s %b ¦ 1.2.3.4 - bob [01/Jan/2024:00:00:01 +0000] "DELETE /item/7 HTTP/1.1" 410 0 ¦ user=bob method=DELETE path=/item/7 pathWithQuery=/item/7 status=410
            nginx ¦ $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $upstream_response_time ¦ 1.2.3.4 - - [01/Jan/2024:00:00:01 +0000] "GET / HTTP/1.1" 502 157 "-" "ua" 0.251 0.100, 0.150 ¦ requestMicros=251000 upstreamMicros=250000 status=502
            nginx ¦ $remote_addr [$time_local] $host "$request" $status $bytes_sent $request_time $upstream_response_time ¦ 1.2.3.4 [01/Jan/2024:00:00:01 +0000] api.example "GET /v1 HTTP/1.1" 200 99 0.003 - ¦ vhost=api.example requestMicros=3000 upstreamMicros=-1
            nginx ¦ $time_iso8601 $remote_addr $request_method $request_uri $status $body_bytes_sent ¦ 2024-01-01T00:00:01+00:00 1.2.3.4 GET /s?q=corojobs 200 10 ¦ method=GET path=/s query=q=corojobs pathWithQuery=/s?q=corojobs
            nginx ¦ $remote_addr|$time_iso8601|$request|$status|$upstream_addr|$request_time ¦ 1.2.3.4|2024-01-01T00:00:01Z|GET /x HTTP/1.1|200|10.0.0.9:8080|0.5 ¦ field:upstream_addr=10.0.0.9:8080 requestMicros=500000
            nginx ¦ $server_name:$server_port $remote_addr "$request" $status "$http_x_forwarded_for" ¦ www.example:80 10.0.0.2 "GET /x HTTP/1.1" 301 "198.51.100.1, 10.0.0.1" ¦ vhost=www.example port=80 forwardedFor=198.51.100.1, 10.0.0.1 status=301
            nginx ¦ ${remote_addr} ${uri} ${args} ${status} ${request_time} ¦ 1.2.3.4 /find id=9 200 0 ¦ path=/find query=id=9 status=200 requestMicros=0
            """)
    void customFormats(String kind, String format, String line, String expected) {
        LogFormat compiled = kind.equals("apache") ? LogFormat.apache(format) : LogFormat.nginx(format);
        AccessLogParser.Entry e = parse(compiled, line);
        Map<String, String> actual = new LinkedHashMap<>();
        actual.put("client", e.client());
        actual.put("user", e.user());
        actual.put("method", e.method());
        actual.put("path", e.path());
        actual.put("query", e.query());
        actual.put("pathWithQuery", e.pathWithQuery());
        actual.put("protocol", e.protocol());
        actual.put("status", String.valueOf(e.status()));
        actual.put("bytes", String.valueOf(e.bytes()));
        actual.put("requestMicros", String.valueOf(e.requestMicros()));
        actual.put("upstreamMicros", String.valueOf(e.upstreamMicros()));
        actual.put("vhost", e.vhost());
        actual.put("port", e.port());
        actual.put("forwardedFor", e.forwardedFor());
        actual.put("userAgent", e.userAgent());
        e.fields().forEach((name, value) -> actual.put("field:" + name, value));
        for (String pair : expected.split(" (?=[A-Za-z:_]+=)")) {
            String key = pair.substring(0, pair.indexOf('='));
            assertThat(actual.get(key)).as("%s in %s", key, line).isEqualTo(pair.substring(pair.indexOf('=') + 1));
        }
    }

    @Test
    void timesWithAndWithoutOffsets() {
        LogFormat iso = LogFormat.nginx("$time_iso8601 $status");
        assertThat(parse(iso, "2024-01-01T00:00:01.250-05:00 200").time())
                .isEqualTo(OffsetDateTime.parse("2024-01-01T00:00:01-05:00"));
        assertThat(parse(iso, "2024-01-01T00:00:01+0530 200").time())
                .isEqualTo(OffsetDateTime.parse("2024-01-01T00:00:01+05:30"));
        assertThat(parse(iso, "2024-01-01T00:00:01 200").time()).isEqualTo(OffsetDateTime.parse("2024-01-01T00:00:01Z"));
        LogFormat local = LogFormat.apache("%t %>s");
        assertThat(parse(local, "[10/Oct/2000:13:55:36] 200").time()).isEqualTo(OffsetDateTime.parse("2000-10-10T13:55:36Z"));
        assertThat(parses(iso, "2024-13-01T00:00:01Z 200")).isFalse();
        assertThat(parses(local, "[10/Foo/2000:13:55:36 +0000] 200")).isFalse();
    }

    @Test
    void malformedLinesSayWhereTheyBroke() {
        LogFormat format = LogFormat.nginx("$remote_addr [$time_local] $status");
        List<String> reasons = new java.util.ArrayList<>();
        byte[] log = "1.2.3.4 [01/Jan/2024:00:00:01 +0000] 2000\n1.2.3.4 01/Jan/2024\n".getBytes(StandardCharsets.UTF_8);
        new AccessLogParser(format).parse(new LogBatch(log, 0, log.length), (n, reason, d, s, e) -> reasons.add(reason));
        assertThat(reasons).containsExactly("bad $status (3 digits expected)", "expected ' [' after $remote_addr");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '¦', textBlock = """
            apache ¦ %h %Z ¦ %Z is not supported
            apache ¦ %h %{%Y}t ¦ is not supported
            apache ¦ %h%u ¦ need text between them
            nginx ¦ $remote_addr$status ¦ need text between them
            nginx ¦ $ ¦ is not followed by a variable name
            nginx ¦ just text ¦ has no fields
            """)
    void badFormatStringsAreRefusedWithAReason(String kind, String format, String message) {
        assertThatThrownBy(() -> {
            if (kind.equals("apache")) {
                LogFormat.apache(format);
            } else {
                LogFormat.nginx(format);
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
