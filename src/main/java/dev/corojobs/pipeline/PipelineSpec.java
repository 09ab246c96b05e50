package dev.corojobs.pipeline;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.corojobs.pipeline.report.ReportOptions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a log-analysis job computes: how to drive the stages, which line format to accept, and the branches
 * (each a filter, a grouping and an aggregation) that every parsed line is broadcast to, and the report
 * (GoAccess's panels; null for none), which the spec gets when it names no branches.
 *
 * @param forwardedClient the client is the first X-Forwarded-For address when a line has one ({@code "client": "forwarded"})
 * @param maxMalformedShare past this share of malformed lines the job fails instead of succeeding
 */
public record PipelineSpec(PipelineMode mode, LogFormat format, List<Branch> branches, ReportOptions report,
                           boolean forwardedClient, double maxMalformedShare) {

    public PipelineSpec(PipelineMode mode, LogFormat format, List<Branch> branches, ReportOptions report) {
        this(mode, format, branches, report, false, DEFAULT_MAX_MALFORMED_SHARE);
    }

    public PipelineSpec(PipelineMode mode, LogFormat format, List<Branch> branches, boolean forwardedClient,
                        double maxMalformedShare) {
        this(mode, format, branches, null, forwardedClient, maxMalformedShare);
    }

    public static final int MAX_BRANCHES = 32;
    public static final int MAX_TOP = 100_000;
    public static final double DEFAULT_MAX_MALFORMED_SHARE = 0.5;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public PipelineSpec {
        branches = List.copyOf(branches);
    }

    public PipelineSpec(PipelineMode mode, LogFormat format, List<Branch> branches) {
        this(mode, format, branches, null, false, DEFAULT_MAX_MALFORMED_SHARE);
    }

    /**
     * One branch: lines matching {@code where} are grouped by {@code groupBy} and aggregated; {@code field} names
     * the format's own field when {@code groupBy} is {@link GroupBy#FIELD} (null otherwise).
     */
    public record Branch(String name, Where where, GroupBy groupBy, Aggregate aggregate, Integer top, String field) {

        public Branch(String name, Where where, GroupBy groupBy, Aggregate aggregate, Integer top) {
            this(name, where, groupBy, aggregate, top, null);
        }
    }

    /**
     * Conditions on a line, all optional, combined with AND. A list matches when any of its values does.
     * {@code status} holds codes ({@code 404}) and classes ({@code 4xx}); {@code from} is inclusive and
     * {@code to} exclusive; {@code pathRegex} is searched for anywhere in the path (anchor it with ^ and $).
     */
    public record Where(List<String> ipPrefix, List<String> status, List<String> method, Pattern pathRegex,
                        Instant from, Instant to) {

        public static final Where ANY = new Where(List.of(), List.of(), List.of(), null, null, null);

        public Where {
            ipPrefix = List.copyOf(ipPrefix);
            status = List.copyOf(status);
            method = List.copyOf(method);
        }
    }

    /** The report without branches: {@code ip} (top 20), {@code status}, {@code method}, {@code path} (top 20), {@code hour}. */
    public static List<Branch> defaultBranches() {
        return List.of(
                new Branch("ip", Where.ANY, GroupBy.IP, Aggregate.COUNT, 20),
                new Branch("status", Where.ANY, GroupBy.STATUS, Aggregate.COUNT, null),
                new Branch("method", Where.ANY, GroupBy.METHOD, Aggregate.COUNT, null),
                new Branch("path", Where.ANY, GroupBy.PATH, Aggregate.COUNT, 20),
                new Branch("hour", Where.ANY, GroupBy.HOUR, Aggregate.COUNT, null));
    }

    /** The default report: GoAccess's panels, no branches. */
    public static PipelineSpec defaults() {
        return new PipelineSpec(PipelineMode.INLINE, LogFormat.AUTO, List.of(), ReportOptions.DEFAULTS);
    }

    /**
     * Reads a spec from parsed JSON (maps, lists, strings, numbers). Unknown fields are refused.
     *
     * @throws InvalidSpecException naming the field (a JSON pointer such as {@code /branches/1/groupBy})
     */
    public static PipelineSpec fromJson(Map<String, ?> json) {
        if (json == null) {
            return defaults();
        }
        onlyKnownFields(json, "", Set.of("mode", "format", "branches", "report", "client", "maxMalformedShare"));
        PipelineMode mode = choice(json.get("mode"), "/mode", PipelineMode.values(), PipelineMode::json,
                PipelineMode.INLINE);
        LogFormat format = format(json.get("format"));
        boolean forwarded = "forwarded".equals(choice(json.get("client"), "/client", new String[] {"remote", "forwarded"},
                s -> s, "remote"));
        if (forwarded && !format.isAuto() && !format.hasForwardedFor()) {
            throw new InvalidSpecException("/client", "'forwarded' needs an X-Forwarded-For field, which "
                    + format.describe() + " does not have");
        }
        double maxMalformedShare = DEFAULT_MAX_MALFORMED_SHARE;
        if (json.get("maxMalformedShare") != null) {
            if (!(json.get("maxMalformedShare") instanceof Number share) || share.doubleValue() < 0
                    || share.doubleValue() > 1) {
                throw new InvalidSpecException("/maxMalformedShare", "must be a number from 0 to 1, got "
                        + json.get("maxMalformedShare"));
            }
            maxMalformedShare = share.doubleValue();
        }
        Object branchesJson = json.get("branches");
        Object reportJson = json.get("report");
        if (branchesJson == null) {
            if (Boolean.FALSE.equals(reportJson)) {
                throw new InvalidSpecException("/report", "can be false only when the spec has branches");
            }
            return new PipelineSpec(mode, format, List.of(), ReportOptions.fromJson(reportJson, "/report"), forwarded,
                    maxMalformedShare);
        }
        if (!(branchesJson instanceof List<?> list)) {
            throw new InvalidSpecException("/branches", "must be an array of branches");
        }
        if (list.isEmpty() || list.size() > MAX_BRANCHES) {
            throw new InvalidSpecException("/branches", "must hold 1 to " + MAX_BRANCHES + " branches");
        }
        List<Branch> branches = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Branch branch = branch(list.get(i), "/branches/" + i);
            if (!names.add(branch.name())) {
                throw new InvalidSpecException("/branches/" + i + "/name", "duplicate branch name '" + branch.name() + "'");
            }
            branches.add(branch);
        }
        Set<String> ownFields = new java.util.LinkedHashSet<>();
        branches.stream().filter(b -> b.groupBy() == GroupBy.FIELD).forEach(b -> ownFields.add(b.field()));
        format = format.withJsonFields(ownFields);
        for (int i = 0; i < branches.size(); i++) {
            Branch branch = branches.get(i);
            String at = "/branches/" + i + "/groupBy";
            if (branch.groupBy() == GroupBy.FIELD && !format.customFields().contains(branch.field())) {
                throw new InvalidSpecException(at, format.isAuto()
                        ? "'" + branch.field() + "' is not a field of the presets; give the format that has it "
                                + "(\"format\": {\"nginx\": \"...$" + branch.field() + "...\"})"
                        : "'" + branch.field() + "' is not a field of " + format.describe() + "; its own fields are "
                                + format.customFields());
            }
            if (branch.groupBy() != GroupBy.FIELD && !format.groupable().contains(branch.groupBy())) {
                throw new InvalidSpecException(at, "'" + branch.groupBy().json() + "' is not in " + format.describe()
                        + "; it can group by " + format.groupable().stream().map(GroupBy::json).toList());
            }
        }
        ReportOptions report = reportJson == null || Boolean.FALSE.equals(reportJson) ? null
                : ReportOptions.fromJson(reportJson, "/report");
        return new PipelineSpec(mode, format, branches, report, forwarded, maxMalformedShare);
    }

    /** A preset name, or {@code {"apache": "..."}}, {@code {"nginx": "..."}}, {@code {"json": {"field": "key"}}}. */
    private static LogFormat format(Object json) {
        if (json == null) {
            return LogFormat.AUTO;
        }
        if (json instanceof String name) {
            LogFormat preset = LogFormat.preset(name);
            if (preset == null) {
                throw new InvalidSpecException("/format", "must be one of " + String.join(", ", LogFormat.presetNames())
                        + ", or {\"apache\": \"...\"}, {\"nginx\": \"...\"}, {\"json\": {...}}; got " + name);
            }
            return preset;
        }
        if (!(json instanceof Map<?, ?> map) || map.size() != 1) {
            throw new InvalidSpecException("/format", "must be a preset name or an object with one of apache, nginx, json");
        }
        Map.Entry<?, ?> entry = map.entrySet().iterator().next();
        String kind = String.valueOf(entry.getKey());
        String at = "/format/" + kind;
        try {
            return switch (kind) {
                case "apache", "nginx" -> {
                    if (!(entry.getValue() instanceof String text) || text.isBlank()) {
                        throw new InvalidSpecException(at, "must be the format string");
                    }
                    yield kind.equals("apache") ? LogFormat.apache(text) : LogFormat.nginx(text);
                }
                case "json" -> {
                    if (!(entry.getValue() instanceof Map<?, ?> mapping) || mapping.isEmpty()) {
                        throw new InvalidSpecException(at, "must map field names to JSON keys, e.g. {\"client\": \"ip\"}");
                    }
                    Map<String, String> keys = new java.util.LinkedHashMap<>();
                    for (Map.Entry<?, ?> e : mapping.entrySet()) {
                        if (!(e.getValue() instanceof String key) || key.isEmpty()
                                || !FIELD_NAME.matcher(String.valueOf(e.getKey())).matches()) {
                            throw new InvalidSpecException(at + "/" + e.getKey(), "must be a JSON key (a non-empty string)");
                        }
                        keys.put(String.valueOf(e.getKey()), key);
                    }
                    yield LogFormat.json(keys);
                }
                default -> throw new InvalidSpecException("/format/" + kind, "unknown kind of format; use apache, nginx or json");
            };
        } catch (InvalidSpecException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException(at, e.getMessage());
        }
    }

    private static Branch branch(Object json, String at) {
        if (!(json instanceof Map<?, ?> map)) {
            throw new InvalidSpecException(at, "must be an object with name, groupBy and optional where, aggregate, top");
        }
        onlyKnownFields(map, at, Set.of("name", "where", "groupBy", "aggregate", "top", "field"));
        if (!(map.get("name") instanceof String name) || !NAME.matcher(name).matches()) {
            throw new InvalidSpecException(at + "/name", "required: 1 to 64 letters, digits, '_', '-' or '.'");
        }
        if (map.get("groupBy") == null) {
            throw new InvalidSpecException(at + "/groupBy", "required: one of " + names(GroupBy.values(), GroupBy::json));
        }
        String field = null;
        GroupBy groupBy;
        Object groupByJson = map.get("groupBy");
        if (groupByJson instanceof String own && own.startsWith("$")) {
            groupByJson = "field";
            field = own.substring(1);
        }
        groupBy = choice(groupByJson, at + "/groupBy", GroupBy.values(), GroupBy::json, null);
        if (groupBy == GroupBy.FIELD) {
            if (field == null) {
                if (!(map.get("field") instanceof String named) || !FIELD_NAME.matcher(named).matches()) {
                    throw new InvalidSpecException(at + "/field", "required with groupBy 'field': the name of one of "
                            + "the format's own fields");
                }
                field = named;
            }
        } else if (map.get("field") != null) {
            throw new InvalidSpecException(at + "/field", "only with groupBy 'field'");
        }
        Aggregate aggregate = choice(map.get("aggregate"), at + "/aggregate", Aggregate.values(), Aggregate::json,
                Aggregate.COUNT);
        Integer top = null;
        Object topJson = map.get("top");
        if (topJson != null) {
            if (!(topJson instanceof Integer || topJson instanceof Long || topJson instanceof Short)
                    || ((Number) topJson).longValue() < 1 || ((Number) topJson).longValue() > MAX_TOP) {
                throw new InvalidSpecException(at + "/top", "must be an integer from 1 to " + MAX_TOP);
            }
            top = ((Number) topJson).intValue();
        }
        Where where = where(map.get("where"), at + "/where");
        return new Branch(name, where, groupBy, aggregate, top, field);
    }

    private static Where where(Object json, String at) {
        if (json == null) {
            return Where.ANY;
        }
        if (!(json instanceof Map<?, ?> map)) {
            throw new InvalidSpecException(at, "must be an object");
        }
        onlyKnownFields(map, at, Set.of("ipPrefix", "status", "method", "pathRegex", "from", "to"));
        List<String> prefixes = strings(map.get("ipPrefix"), at + "/ipPrefix");
        List<String> statuses = new ArrayList<>();
        List<?> statusJson = map.get("status") instanceof List<?> l ? l : map.get("status") == null ? List.of()
                : List.of(map.get("status"));
        for (int i = 0; i < statusJson.size(); i++) {
            String status = String.valueOf(statusJson.get(i)).toLowerCase(Locale.ROOT);
            boolean number = statusJson.get(i) instanceof Number || statusJson.get(i) instanceof String;
            if (!number || !status.matches("[1-9](\\d\\d|xx)")) {
                throw new InvalidSpecException(at + "/status" + (map.get("status") instanceof List<?> ? "/" + i : ""),
                        "must be a status code (404) or class (4xx), got " + statusJson.get(i));
            }
            statuses.add(status);
        }
        List<String> methods = strings(map.get("method"), at + "/method").stream()
                .map(m -> m.toUpperCase(Locale.ROOT)).toList();
        Pattern pathRegex = null;
        if (map.get("pathRegex") != null) {
            if (!(map.get("pathRegex") instanceof String regex)) {
                throw new InvalidSpecException(at + "/pathRegex", "must be a regular expression string");
            }
            try {
                pathRegex = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new InvalidSpecException(at + "/pathRegex", "not a valid regular expression: " + e.getDescription());
            }
        }
        Instant from = instant(map.get("from"), at + "/from");
        Instant to = instant(map.get("to"), at + "/to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidSpecException(at + "/to", "must be after from");
        }
        return new Where(prefixes, statuses, methods, pathRegex, from, to);
    }

    private static List<String> strings(Object json, String at) {
        if (json == null) {
            return List.of();
        }
        List<?> list = json instanceof List<?> l ? l : List.of(json);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s) || s.isEmpty()) {
                throw new InvalidSpecException(json instanceof List<?> ? at + "/" + i : at, "must be a non-empty string");
            }
            out.add(s);
        }
        return out;
    }

    /** ISO-8601: an instant or offset date-time; a local date-time or date is taken as UTC. */
    public static Instant instant(Object json, String at) {
        if (json == null) {
            return null;
        }
        if (json instanceof String text) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notLocal) {
                    try {
                        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                    } catch (DateTimeParseException ignored) {
                        // fall through to the error below
                    }
                }
            }
        }
        throw new InvalidSpecException(at, "must be an ISO-8601 timestamp such as 2015-05-17T10:05:00Z, got " + json);
    }

    private static void onlyKnownFields(Map<?, ?> map, String at, Set<String> known) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw new InvalidSpecException(at + "/" + key, "unknown field; expected one of " + known.stream().sorted().toList());
            }
        }
    }

    private static <E> E choice(Object json, String at, E[] values, Function<E, String> name, E fallback) {
        if (json == null) {
            return fallback;
        }
        for (E value : values) {
            if (name.apply(value).equals(json)) {
                return value;
            }
        }
        throw new InvalidSpecException(at, "must be one of " + names(values, name) + ", got " + json);
    }

    private static <E> String names(E[] values, Function<E, String> name) {
        List<String> names = new ArrayList<>();
        for (E value : values) {
            names.add(name.apply(value));
        }
        return String.join(", ", names);
    }
}
