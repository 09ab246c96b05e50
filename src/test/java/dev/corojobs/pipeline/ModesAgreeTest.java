package dev.corojobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property-style: for random specs over every fixture log (and the real logs when present), inline, threaded
 * and parallel runs (1 to 3 workers, small batches so that many go to each) give the same report, samples and
 * top-N ties included, and the GoAccess report beside the branches), and agree with a plain per-line reference computation.
 */
class ModesAgreeTest {

    private static final List<String> FIXTURES = List.of(
            "apache_logs-excerpt.log", "apache_logs.pre-fix-excerpt.log", "hackers-access-excerpt.log",
            "nasa-jul95-excerpt.log", "beats-apache-test.log", "beats-nginx-test.log",
            "crowdsec-nginx-http-malformed.log", "crowdsec-apache2-malformed.log", "crowdsec-nginx_http-logs.log");
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String fixture : FIXTURES) {
            for (long seed = 1; seed <= 6; seed++) {
                cases.add(Arguments.of(fixture, seed));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, spec #{1}")
    @MethodSource("cases")
    void fixturesAgree(String fixture, long seed) {
        check(AccessLogs.fixtureBytes(fixture), seed);
    }

    @ParameterizedTest(name = "{0}, spec #{1}")
    @MethodSource("realLogs")
    void realLogsAgree(String file, long seed) throws IOException {
        check(Files.readAllBytes(AccessLogs.shared(file)), seed);
    }

    static Stream<Arguments> realLogs() {
        return Stream.of("apache_logs", "apache_logs.pre-fix-2017-07", "hackers-access.log", "nasa-jul95-first4000.log")
                .flatMap(f -> Stream.of(Arguments.of(f, 11L), Arguments.of(f, 12L), Arguments.of(f, 13L)));
    }

    private void check(byte[] log, long seed) {
        Random random = new Random(seed);
        List<AccessLogParser.Entry> entries = entries(log);
        Map<String, Object> json = randomSpec(random, entries);
        PipelineSettings settings = new PipelineSettings(1 + random.nextInt(4), 1024 << random.nextInt(6), 5, 1 << 20,
                1 + random.nextInt(3));
        json.put("mode", "inline");
        json.put("maxMalformedShare", 1.0); // edge-case fixtures are mostly malformed on purpose
        json.put("report", true); // the report beside the branches must come out the same in every mode
        Map<String, Object> inline = Jobs.run(Jobs.bytes(log), PipelineSpec.fromJson(json), settings, new dev.corojobs.runtime.TaskTracker());
        json.put("mode", "threaded");
        Map<String, Object> threaded = Jobs.run(Jobs.bytes(log), PipelineSpec.fromJson(json), settings, new dev.corojobs.runtime.TaskTracker());
        json.put("mode", "parallel");
        Map<String, Object> parallel = Jobs.run(Jobs.bytes(log), PipelineSpec.fromJson(json), settings, new dev.corojobs.runtime.TaskTracker());
        inline.remove("mode");
        threaded.remove("mode");
        parallel.remove("mode");
        assertThat(threaded).as("spec %s", json).isEqualTo(inline);
        assertThat(parallel).as("parallel, %s, spec %s", settings, json).isEqualTo(inline);
        PipelineSpec spec = PipelineSpec.fromJson(json);
        for (PipelineSpec.Branch branch : spec.branches()) {
            BranchResult expected = reference(entries, branch);
            BranchResult actual = Jobs.branches(inline).get(branch.name());
            assertThat(actual).as("branch %s of %s", branch, json).isEqualTo(expected);
            assertThat(List.copyOf(actual.counts().entrySet())).as("order").isEqualTo(List.copyOf(expected.counts().entrySet()));
        }
    }

    private static List<AccessLogParser.Entry> entries(byte[] log) {
        AccessLogParser parser = new AccessLogParser(LogFormat.AUTO);
        List<AccessLogParser.Entry> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= log.length; i++) {
            if (i == log.length || log[i] == '\n') {
                if (i > start || i < log.length) {
                    parser.parseLine(java.util.Arrays.copyOfRange(log, start, i)).ifPresent(entries::add);
                }
                start = i + 1;
            }
        }
        return entries;
    }

    private static Map<String, Object> randomSpec(Random random, List<AccessLogParser.Entry> entries) {
        List<Map<String, Object>> branches = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        GroupBy[] groups = java.util.Arrays.stream(GroupBy.values())
                .filter(g -> g != GroupBy.FIELD && g != GroupBy.REQUEST && LogFormat.COMBINED.groupable().contains(g))
                .toArray(GroupBy[]::new);
        for (int b = 0; b < count; b++) {
            Map<String, Object> branch = new LinkedHashMap<>();
            branch.put("name", "b" + b);
            branch.put("groupBy", groups[random.nextInt(groups.length)].json());
            if (random.nextBoolean()) {
                branch.put("aggregate", "bytes");
            }
            if (random.nextInt(3) == 0) {
                branch.put("top", 1 + random.nextInt(5));
            }
            Map<String, Object> where = new LinkedHashMap<>();
            if (!entries.isEmpty() && random.nextInt(3) == 0) {
                String client = entries.get(random.nextInt(entries.size())).client();
                where.put("ipPrefix", List.of(client.substring(0, 1 + random.nextInt(client.length())), "10."));
            }
            if (random.nextInt(3) == 0) {
                where.put("status", random.nextBoolean() ? List.of("2xx", 404) : List.of("4xx", "5xx", "304"));
            }
            if (random.nextInt(4) == 0) {
                where.put("method", random.nextBoolean() ? "get" : List.of("POST", "HEAD"));
            }
            if (random.nextInt(4) == 0) {
                where.put("pathRegex", List.of("^/images", "\\.png$", "join", "^/$").get(random.nextInt(4)));
            }
            if (!entries.isEmpty() && random.nextInt(4) == 0) {
                var time = entries.get(random.nextInt(entries.size())).time();
                where.put(random.nextBoolean() ? "from" : "to", time.toString());
            }
            if (!where.isEmpty()) {
                branch.put("where", where);
            }
            branches.add(branch);
        }
        Map<String, Object> json = new HashMap<>();
        json.put("branches", branches);
        return json;
    }

    private static BranchResult reference(List<AccessLogParser.Entry> entries, PipelineSpec.Branch branch) {
        PipelineSpec.Where where = branch.where();
        Map<String, Long> sums = new HashMap<>();
        for (AccessLogParser.Entry e : entries) {
            if (!where.ipPrefix().isEmpty() && where.ipPrefix().stream().noneMatch(e.client()::startsWith)) {
                continue;
            }
            String status = String.valueOf(e.status());
            if (!where.status().isEmpty() && where.status().stream()
                    .noneMatch(s -> s.equals(status) || (s.endsWith("xx") && s.charAt(0) == status.charAt(0)))) {
                continue;
            }
            if (!where.method().isEmpty() && (e.method() == null || !where.method().contains(e.method()))) {
                continue;
            }
            if (where.from() != null && e.time().toInstant().isBefore(where.from())) {
                continue;
            }
            if (where.to() != null && !e.time().toInstant().isBefore(where.to())) {
                continue;
            }
            if (where.pathRegex() != null && !where.pathRegex().matcher(Optional.ofNullable(e.path()).orElse("-")).find()) {
                continue;
            }
            String key = switch (branch.groupBy()) {
                case IP -> e.client();
                case STATUS -> status;
                case METHOD -> Optional.ofNullable(e.method()).orElse("-");
                case PATH -> Optional.ofNullable(e.path()).orElse("-");
                case HOUR -> e.time().format(HOUR);
                case DAY -> e.time().format(DAY);
                case USER_AGENT -> Optional.ofNullable(e.userAgent()).orElse("-");
                case REFERRER -> Optional.ofNullable(e.referrer()).orElse("-");
                case PATH_WITH_QUERY -> Optional.ofNullable(e.pathWithQuery()).orElse("-");
                case QUERY -> Optional.ofNullable(e.query()).orElse("-");
                case PROTOCOL -> Optional.ofNullable(e.protocol()).orElse("-");
                case USER -> Optional.ofNullable(e.user()).orElse("-");
                case VHOST -> Optional.ofNullable(e.vhost()).orElse("-");
                case PORT -> Optional.ofNullable(e.port()).orElse("-");
                case FORWARDED_FOR -> Optional.ofNullable(e.forwardedFor()).orElse("-");
                case REQUEST, FIELD -> throw new IllegalArgumentException("not drawn: " + branch.groupBy());
            };
            sums.merge(key, branch.aggregate() == Aggregate.BYTES ? e.bytes() : 1L, Long::sum);
        }
        List<Map.Entry<String, Long>> sorted = sums.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(branch.top() == null ? Long.MAX_VALUE : branch.top())
                .toList();
        Map<String, Long> counts = new LinkedHashMap<>();
        sorted.forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
        return new BranchResult(counts, sums.size());
    }

    static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }
}
