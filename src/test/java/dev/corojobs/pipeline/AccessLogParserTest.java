package dev.corojobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessLogParserTest {

    private final AccessLogParser auto = new AccessLogParser(LogFormat.AUTO);

    private AccessLogParser.Entry parse(String line) {
        return auto.parseLine(line.getBytes(StandardCharsets.ISO_8859_1)).orElseThrow();
    }

    @Test
    void parsesACombinedLine() {
        AccessLogParser.Entry entry = parse("83.149.9.216 - - [17/May/2015:10:05:03 +0000] "
                + "\"GET /presentations/logstash-monitorama-2013/images/kibana-search.png?x=1 HTTP/1.1\" 200 203023 "
                + "\"http://semicomplete.com/presentations/logstash-monitorama-2013/\" \"Mozilla/5.0 (Macintosh)\"");
        assertThat(entry.client()).isEqualTo("83.149.9.216");
        assertThat(entry.time()).hasToString("2015-05-17T10:05:03Z");
        assertThat(entry.method()).isEqualTo("GET");
        assertThat(entry.path()).isEqualTo("/presentations/logstash-monitorama-2013/images/kibana-search.png");
        assertThat(entry.status()).isEqualTo(200);
        assertThat(entry.bytes()).isEqualTo(203023);
        assertThat(entry.referrer()).isEqualTo("http://semicomplete.com/presentations/logstash-monitorama-2013/");
        assertThat(entry.userAgent()).isEqualTo("Mozilla/5.0 (Macintosh)");
        assertThat(entry.combined()).isTrue();
    }

    @Test
    void parsesACommonLineWithAnIpv6ClientAndNoByteCount() {
        AccessLogParser.Entry entry = parse("::1 - - [26/Dec/2016:16:16:48 +0200] \"-\" 408 -");
        assertThat(entry.client()).isEqualTo("::1");
        assertThat(entry.time()).hasToString("2016-12-26T16:16:48+02:00");
        assertThat(entry.method()).isNull();
        assertThat(entry.bytes()).isZero();
        assertThat(entry.combined()).isFalse();
    }

    @Test
    void keepsEscapedQuotesInsideTheRequest() {
        AccessLogParser.Entry entry = parse("1.2.3.4 - - [29/Jul/2023:10:26:06 -0700] "
                + "\"GET /a\\\"b\\\\ HTTP/1.1\" 404 12 \"-\" \"say \\\"hi\\\"\"");
        assertThat(entry.path()).isEqualTo("/a\\\"b\\\\");
        assertThat(entry.userAgent()).isEqualTo("say \\\"hi\\\"");
        assertThat(entry.time()).hasToString("2023-07-29T10:26:06-07:00");
    }

    @Test
    void survivesInvalidUtf8AndBinaryJunk() {
        byte[] line = "9.9.9.9 - - [01/Jan/2020:00:00:00 +0000] \"GET /\u00ff\u0000\u00c3( HTTP/1.1\" 200 1 \"\u00fe\" \"\u0001\u0080\""
                .getBytes(StandardCharsets.ISO_8859_1);
        AccessLogParser.Entry entry = auto.parseLine(line).orElseThrow();
        assertThat(entry.path()).startsWith("/").contains("\uFFFD");
        assertThat(entry.status()).isEqualTo(200);
        assertThat(auto.parseLine(new byte[] {0, 1, 2, (byte) 0xff, '"', ' ', '['})).isEmpty();
    }

    @Test
    void requestsThatAreNotMethodTargetProtocolHaveNoMethodOrPath() {
        assertThat(parse("1.2.3.4 - - [29/Jul/2023:10:26:06 -0700] \"HELP\" 400 157 \"-\" \"-\"").method()).isNull();
        assertThat(parse("1.2.3.4 - - [29/Jul/2023:10:26:06 -0700] \"\\x16\\x03\\x01\" 400 157 \"-\" \"-\"").method()).isNull();
        assertThat(parse("1.2.3.4 - - [12/Apr/2018:09:48:40 +0200] \"\" 400 0 \"-\" \"-\"").method()).isNull();
        AccessLogParser.Entry http09 = parse("columbia.acc.brad.ac.uk - - [01/Jul/1995:00:51:31 -0400] \"GET /ksc.html\" 200 7074");
        assertThat(http09.method()).isEqualTo("GET");
        assertThat(http09.path()).isEqualTo("/ksc.html");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            # a missing field, a bad timestamp, a bad status, extra fields, unterminated quotes, an empty line
            1.2.3.4 - [08/Jun/2020:08:04:43 +0000] "GET / HTTP/1.1" 200 1 "-" "-"     | bad or missing [timestamp]
            1.2.3.4 - - [08/Foo/2020:08:04:43 +0000] "GET / HTTP/1.1" 200 1 "-" "-"   | bad or missing [timestamp]
            1.2.3.4 - - [08/Jun/2020:08:04:43 +0000] "GET / HTTP/1.1" 2000 1 "-" "-"  | bad status (3 digits expected)
            1.2.3.4 - - [08/Jun/2020:08:04:43 +0000] "GET / HTTP/1.1" 200 1x "-" "-"  | bad byte count (digits or - expected)
            1.2.3.4 - - [08/Jun/2020:08:04:43 +0000] "GET / HTTP/1.1" 200 1 "-" "-" "-" | unexpected data after the last field
            1.2.3.4 - - [08/Jun/2020:08:04:43 +0000] "GET / HTTP/1.1" 200 1 "-" "Mozilla | bad or unterminated "user-agent"
            1.2.3.4 - - [08/Jun/2020:08:04:43 +0000] "GET / HTTP/1.1 200 1           | bad or unterminated "request"
            46.161.41.24 - - [18/May/2015:19:05:46 +0000]"                           | bad or unterminated "request"
            """)
    void reportsWhyALineDoesNotParse(String line, String reason) {
        AccessLogs.Parsed parsed = AccessLogs.parse(
                new ByteArrayInputStream((line.strip() + "\n").getBytes(StandardCharsets.UTF_8)), LogFormat.AUTO, 1024);
        assertThat(parsed.parsed()).isZero();
        assertThat(parsed.malformed()).singleElement()
                .satisfies(m -> assertThat(m.reason()).isEqualTo(reason))
                .satisfies(m -> assertThat(m.line()).isEqualTo(1));
    }

    @Test
    void aBrokenLineNeverSwallowsTheNextOne() {
        String valid = "1.2.3.4 - - [08/Jun/2020:08:04:43 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"\n";
        String text = "1.2.3.4 - - [08/Jun/2020:08:04:43 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"Mozilla\n"
                + "x\"\n" + "x\n" + valid + "5.6.7.8 - - [08/Jun/2020:08:04:43 +0000] \"GET /a\\\n" + valid;
        AccessLogs.Parsed parsed = AccessLogs.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                LogFormat.AUTO, 1024);
        assertThat(parsed.lines()).isEqualTo(6);
        assertThat(parsed.parsed()).isEqualTo(2);
        assertThat(parsed.malformedLineNumbers()).containsExactly(1L, 2L, 3L, 5L);
    }

    @Test
    void emptyLinesAreMalformedAndCrLfIsTolerated() {
        String text = "1.2.3.4 - - [08/Jun/2020:08:04:43 +0000] \"GET / HTTP/1.1\" 200 1\r\n\n"
                + "1.2.3.4 - - [08/Jun/2020:08:04:43 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"\r\n";
        AccessLogs.Parsed parsed = AccessLogs.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                LogFormat.AUTO, 1024);
        assertThat(parsed.lines()).isEqualTo(3);
        assertThat(parsed.parsed()).isEqualTo(2);
        assertThat(parsed.malformed()).extracting(MalformedLine::line, MalformedLine::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, "empty line"));
    }

    @ParameterizedTest(name = "{0} as {1}: {2} of {3} lines")
    @CsvSource(textBlock = """
            crowdsec-nginx-http-malformed.log, COMBINED, 12, 12
            crowdsec-apache2-malformed.log,    COMBINED, 11, 11
            crowdsec-nginx_http-logs.log,      COMBINED, 4,  9
            crowdsec-nginx_http-logs.log,      AUTO,     4,  9
            beats-nginx-test.log,              COMBINED, 2,  7
            beats-nginx-test.log,              AUTO,     2,  7
            beats-apache-test.log,             COMBINED, 2,  7
            beats-apache-test.log,             COMMON,   2,  7
            beats-apache-test.log,             AUTO,     4,  7
            apache_logs-excerpt.log,           AUTO,     43, 44
            apache_logs.pre-fix-excerpt.log,   AUTO,     15, 21
            hackers-access-excerpt.log,        COMBINED, 23, 23
            nasa-jul95-excerpt.log,            COMBINED, 0,  23
            nasa-jul95-excerpt.log,            COMMON,   23, 23
            nasa-jul95-excerpt.log,            AUTO,     23, 23
            """)
    void fixturesParseAsTheirReadmeSays(String file, String formatName, long parsed, long lines) {
        LogFormat format = LogFormat.preset(formatName.toLowerCase(java.util.Locale.ROOT));
        for (int batchBytes : new int[] {64, 1024, 1 << 16}) {
            AccessLogs.Parsed result = AccessLogs.parse(AccessLogs.fixture(file), format, batchBytes);
            assertThat(result.lines()).as("lines, batches of %d", batchBytes).isEqualTo(lines);
            assertThat(result.parsed()).as("parsed, batches of %d", batchBytes).isEqualTo(parsed);
            assertThat(result.malformed()).hasSize((int) (lines - parsed));
        }
    }

    @Test
    void malformedLinesKeepTheirNumbers() {
        AccessLogs.Parsed preFix = AccessLogs.parse(AccessLogs.fixture("apache_logs.pre-fix-excerpt.log"), LogFormat.AUTO, 1024);
        assertThat(preFix.malformedLineNumbers()).containsExactly(7L, 14L, 15L, 16L, 19L, 20L);
        assertThat(preFix.malformed().getFirst().text()).isEqualTo("46.161.41.24 - - [18/May/2015:19:05:46 +0000]\"");
        AccessLogs.Parsed truncated = AccessLogs.parse(AccessLogs.fixture("apache_logs-excerpt.log"), LogFormat.AUTO, 1024);
        assertThat(truncated.malformed()).singleElement()
                .satisfies(m -> assertThat(m.line()).isEqualTo(44))
                .satisfies(m -> assertThat(m.reason()).isEqualTo("bad or unterminated \"user-agent\""));
    }

    @Test
    void ipv6ClientsAreWholeTokens() throws IOException {
        List<String> ipv6 = clients(AccessLogs.fixture("hackers-access-excerpt.log")).stream()
                .filter(c -> c.contains(":")).distinct().toList();
        assertThat(ipv6).containsExactly("2001:41d0:8:f69::1");
    }

    private List<String> clients(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                .map(line -> auto.parseLine(line.getBytes(StandardCharsets.UTF_8)))
                .flatMap(java.util.Optional::stream).map(AccessLogParser.Entry::client).toList();
    }

    @ParameterizedTest(name = "{0} as {1}: {2} of {3}")
    @CsvSource(textBlock = """
            apache_logs,                 AUTO,     9999, 10000
            apache_logs,                 COMBINED, 9999, 10000
            apache_logs.pre-fix-2017-07, AUTO,     9986, 10000
            hackers-access.log,          COMBINED, 3456, 3456
            nasa-jul95-first4000.log,    COMBINED, 0,    4000
            nasa-jul95-first4000.log,    AUTO,     4000, 4000
            """)
    void realLogsParseAsTheirReadmeSays(String file, String formatName, long parsed, long lines) throws IOException {
        LogFormat format = LogFormat.preset(formatName.toLowerCase(java.util.Locale.ROOT));
        Path path = AccessLogs.shared(file);
        AccessLogs.Parsed result = AccessLogs.parse(Files.newInputStream(path), format, 64 * 1024);
        assertThat(result.lines()).isEqualTo(lines);
        assertThat(result.parsed()).isEqualTo(parsed);
        if (file.equals("apache_logs")) {
            assertThat(result.malformedLineNumbers()).containsExactly(8899L);
        }
        if (file.startsWith("apache_logs.pre-fix")) {
            assertThat(result.malformedLineNumbers()).containsExactly(
                    4031L, 4192L, 8897L, 8898L, 8899L, 9064L, 9952L, 9953L, 9954L, 9955L, 9956L, 9957L, 9996L, 9997L);
        }
    }

    @Test
    void realLogsHaveTheDocumentedShapes() throws IOException {
        Path hackers = AccessLogs.shared("hackers-access.log");
        List<String> ipv6 = clients(Files.newInputStream(hackers)).stream().filter(c -> c.contains(":")).toList();
        assertThat(ipv6).hasSize(12);
        assertThat(ipv6).containsOnly("2001:41d0:8:f69::1", "2400:8900::f03c:91ff:fe50:5089");
        Path nasa = AccessLogs.shared("nasa-jul95-first4000.log");
        long noProtocol = Files.readAllLines(nasa, StandardCharsets.ISO_8859_1).stream()
                .map(line -> auto.parseLine(line.getBytes(StandardCharsets.ISO_8859_1)).orElseThrow())
                .filter(e -> e.method() != null).count();
        assertThat(noProtocol).isEqualTo(4000);
    }
}
