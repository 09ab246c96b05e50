package dev.corojobs.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which access-log lines the parser accepts: a preset ({@code auto}, {@code common}, {@code combined},
 * {@code vhost_combined}, {@code nginx_main}, {@code json}), an Apache {@code LogFormat} string, an nginx
 * {@code log_format} string, or JSON lines with a key mapping. Format strings are compiled once into the parts
 * a byte-level parser walks. {@code auto} stands for "try the presets on the first lines".
 */
public final class LogFormat {

    private enum Kind { AUTO, CLF_EITHER, COMBINED, COMMON, LAYOUT, JSON }

    /** Detect from the first lines; parsed alone it takes Combined or Common lines, decided per line. */
    public static final LogFormat AUTO = new LogFormat("auto", null, Kind.AUTO, null, null, Map.of(), List.of());
    /** {@code host ident user [time] "request" status bytes "referer" "user-agent"} only. */
    public static final LogFormat COMBINED = new LogFormat("combined", null, Kind.COMBINED, null, null, Map.of(), List.of());
    /** The Common Log Format only: the same line ending after {@code bytes}. */
    public static final LogFormat COMMON = new LogFormat("common", null, Kind.COMMON, null, null, Map.of(), List.of());
    /** Apache's {@code vhost_combined}: {@code %v:%p} before the combined fields. */
    public static final LogFormat VHOST_COMBINED = preset("vhost_combined",
            FormatCompiler.apache("%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\""));
    /** nginx's default {@code main}: combined and {@code "$http_x_forwarded_for"}. */
    public static final LogFormat NGINX_MAIN = preset("nginx_main", FormatCompiler.nginx(
            "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
                    + "\"$http_referer\" \"$http_user_agent\" \"$http_x_forwarded_for\""));
    /** JSON lines keyed by nginx variable names. */
    public static final LogFormat JSON = new LogFormat("json", null, Kind.JSON, null, jsonPresetKeys(), Map.of(), List.of());

    /** {@code combined} as {@code auto} picks it: Common lines are taken too. */
    static final LogFormat COMBINED_OR_COMMON = new LogFormat("combined", null, Kind.CLF_EITHER, null, null, Map.of(),
            List.of());

    /** The presets a failed job suggests, in order of preference on a tie. */
    static final List<LogFormat> PRESETS = List.of(COMBINED, VHOST_COMBINED, NGINX_MAIN, JSON, COMMON);
    /** What {@code auto} tries on the first lines, in order of preference on a tie. */
    static final List<LogFormat> AUTO_CANDIDATES = List.of(COMBINED_OR_COMMON, VHOST_COMBINED, NGINX_MAIN, JSON);

    private static final Map<String, LogField> JSON_FIELDS = jsonFields();

    private final String name;
    private final String definition;
    private final Kind kind;
    private final List<FormatCompiler.Part> parts;
    private final Map<String, LogField> jsonKeys;
    /** Custom field name to JSON key (JSON formats only). */
    private final Map<String, String> customKeys;
    private final List<String> customFields;

    private LogFormat(String name, String definition, Kind kind, List<FormatCompiler.Part> parts,
                      Map<String, LogField> jsonKeys, Map<String, String> customKeys, List<String> customFields) {
        this.name = name;
        this.definition = definition;
        this.kind = kind;
        this.parts = parts;
        this.jsonKeys = jsonKeys;
        this.customKeys = customKeys;
        this.customFields = customFields;
    }

    private static LogFormat preset(String name, List<FormatCompiler.Part> parts) {
        return new LogFormat(name, null, Kind.LAYOUT, parts, null, Map.of(), customNames(parts));
    }

    private static List<String> customNames(List<FormatCompiler.Part> parts) {
        return parts.stream().filter(p -> p.field() == LogField.CUSTOM).map(FormatCompiler.Part::custom).toList();
    }

    /** An Apache {@code LogFormat} string. @throws IllegalArgumentException saying what is wrong */
    public static LogFormat apache(String format) {
        List<FormatCompiler.Part> parts = FormatCompiler.apache(format);
        return new LogFormat("apache", format, Kind.LAYOUT, parts, null, Map.of(), customNames(parts));
    }

    /** An nginx {@code log_format} string. @throws IllegalArgumentException saying what is wrong */
    public static LogFormat nginx(String format) {
        List<FormatCompiler.Part> parts = FormatCompiler.nginx(format);
        return new LogFormat("nginx", format, Kind.LAYOUT, parts, null, Map.of(), customNames(parts));
    }

    /**
     * JSON lines whose keys are named by {@code mapping} (field to key): fields are {@code client}, {@code user},
     * {@code time}, {@code request}, {@code method}, {@code path}, {@code query}, {@code pathWithQuery},
     * {@code protocol}, {@code status}, {@code bytes}, {@code requestTime} (seconds), {@code requestTimeMicros},
     * {@code upstreamTime}, {@code referrer}, {@code userAgent}, {@code forwardedFor}, {@code vhost}, {@code port};
     * any other name is a field of its own.
     */
    public static LogFormat json(Map<String, String> mapping) {
        Map<String, LogField> keys = new LinkedHashMap<>();
        Map<String, String> custom = new LinkedHashMap<>();
        mapping.forEach((field, key) -> {
            LogField known = JSON_FIELDS.get(field);
            if (known == null) {
                custom.put(field, key);
            } else {
                keys.put(key, known);
            }
        });
        return new LogFormat("json", mapping.toString(), Kind.JSON, null, keys, custom, List.copyOf(custom.keySet()));
    }

    /**
     * This JSON format with more fields of its own, read from keys of the same names (for a branch that groups
     * by a key the mapping does not name); other formats are returned as they are.
     */
    LogFormat withJsonFields(Set<String> names) {
        if (kind != Kind.JSON || customFields.containsAll(names)) {
            return this;
        }
        Map<String, String> custom = new LinkedHashMap<>(customKeys);
        names.forEach(n -> custom.putIfAbsent(n, n));
        return new LogFormat(name, definition, kind, parts, jsonKeys, custom, List.copyOf(custom.keySet()));
    }

    private static Map<String, LogField> jsonFields() {
        Map<String, LogField> fields = new LinkedHashMap<>();
        for (LogField field : List.of(LogField.CLIENT, LogField.USER, LogField.TIME_ANY, LogField.REQUEST,
                LogField.METHOD, LogField.PATH, LogField.QUERY, LogField.TARGET, LogField.PROTOCOL, LogField.STATUS,
                LogField.BYTES, LogField.REQUEST_SECONDS, LogField.UPSTREAM_SECONDS, LogField.REFERRER,
                LogField.USER_AGENT, LogField.FORWARDED, LogField.VHOST, LogField.PORT)) {
            fields.put(field.name, field);
        }
        fields.put("requestTimeMicros", LogField.REQUEST_MICROS);
        return Collections.unmodifiableMap(fields);
    }

    private static Map<String, LogField> jsonPresetKeys() {
        Map<String, LogField> keys = new LinkedHashMap<>();
        FormatCompiler.NGINX.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> keys.put(e.getKey(),
                e.getValue() == LogField.TIME_CLF || e.getValue() == LogField.TIME_ISO ? LogField.TIME_ANY : e.getValue()));
        return Collections.unmodifiableMap(keys);
    }

    /** A preset by name, or null. */
    static LogFormat preset(String name) {
        if (AUTO.name.equals(name)) {
            return AUTO;
        }
        return PRESETS.stream().filter(p -> p.name.equals(name)).findFirst().orElse(null);
    }

    static List<String> presetNames() {
        List<String> names = new ArrayList<>();
        names.add(AUTO.name);
        PRESETS.forEach(p -> names.add(p.name));
        return names;
    }

    /** The name shown in results: a preset's name, or {@code apache}, {@code nginx}, {@code json}. */
    public String json() {
        return name;
    }

    /** The format string or mapping given, or null for a preset. */
    public String definition() {
        return definition;
    }

    public boolean isAuto() {
        return kind == Kind.AUTO;
    }

    /** The format as a user would name it in a message. */
    public String describe() {
        return definition == null ? "preset '" + name + "'" : name + " format '" + definition + "'";
    }

    /** The format's own fields, groupable by name, in slot order. */
    public List<String> customFields() {
        return customFields;
    }

    /** What a line of this format can be grouped by; for {@code auto}, everything (absent fields count as "-"). */
    public Set<GroupBy> groupable() {
        Set<LogField> fields = fields();
        Set<GroupBy> out = EnumSet.noneOf(GroupBy.class);
        boolean request = fields.contains(LogField.REQUEST);
        boolean path = request || fields.contains(LogField.PATH) || fields.contains(LogField.TARGET);
        boolean time = fields.contains(LogField.TIME_CLF) || fields.contains(LogField.TIME_ISO)
                || fields.contains(LogField.TIME_ANY);
        add(out, GroupBy.IP, fields.contains(LogField.CLIENT) || fields.contains(LogField.FORWARDED));
        add(out, GroupBy.STATUS, fields.contains(LogField.STATUS));
        add(out, GroupBy.METHOD, request || fields.contains(LogField.METHOD));
        add(out, GroupBy.PATH, path);
        add(out, GroupBy.PATH_WITH_QUERY, path);
        add(out, GroupBy.QUERY, path || fields.contains(LogField.QUERY) || fields.contains(LogField.QUERY_MARKED));
        add(out, GroupBy.PROTOCOL, request || fields.contains(LogField.PROTOCOL));
        add(out, GroupBy.REQUEST, request);
        add(out, GroupBy.HOUR, time);
        add(out, GroupBy.DAY, time);
        add(out, GroupBy.USER, fields.contains(LogField.USER));
        add(out, GroupBy.USER_AGENT, fields.contains(LogField.USER_AGENT));
        add(out, GroupBy.REFERRER, fields.contains(LogField.REFERRER));
        add(out, GroupBy.FORWARDED_FOR, fields.contains(LogField.FORWARDED));
        add(out, GroupBy.VHOST, fields.contains(LogField.VHOST));
        add(out, GroupBy.PORT, fields.contains(LogField.PORT));
        add(out, GroupBy.FIELD, !customFields.isEmpty() || kind == Kind.JSON);
        return out;
    }

    /** Whether lines carry a request time, an upstream time, an X-Forwarded-For chain. */
    public boolean hasRequestTime() {
        Set<LogField> fields = fields();
        return fields.contains(LogField.REQUEST_SECONDS) || fields.contains(LogField.REQUEST_MICROS);
    }

    public boolean hasUpstreamTime() {
        return fields().contains(LogField.UPSTREAM_SECONDS);
    }

    public boolean hasForwardedFor() {
        return fields().contains(LogField.FORWARDED);
    }

    private static void add(Set<GroupBy> set, GroupBy groupBy, boolean present) {
        if (present) {
            set.add(groupBy);
        }
    }

    private Set<LogField> fields() {
        Set<LogField> fields = EnumSet.noneOf(LogField.class);
        switch (kind) {
            case AUTO -> fields.addAll(EnumSet.allOf(LogField.class));
            case CLF_EITHER, COMBINED -> fields.addAll(EnumSet.of(LogField.CLIENT, LogField.USER, LogField.TIME_CLF,
                    LogField.REQUEST, LogField.STATUS, LogField.BYTES, LogField.REFERRER, LogField.USER_AGENT));
            case COMMON -> fields.addAll(EnumSet.of(LogField.CLIENT, LogField.USER, LogField.TIME_CLF,
                    LogField.REQUEST, LogField.STATUS, LogField.BYTES));
            case LAYOUT -> parts.stream().filter(FormatCompiler.Part::isField).forEach(p -> fields.add(p.field()));
            case JSON -> {
                fields.addAll(jsonKeys.values());
                if (!customKeys.isEmpty()) {
                    fields.add(LogField.CUSTOM);
                }
            }
        }
        return fields;
    }

    /** The line grammar this format compiles to; {@code auto} parses Combined or Common per line. */
    LineGrammar grammar(boolean forwardedClient) {
        return switch (kind) {
            case AUTO, CLF_EITHER -> new ClfParser(ClfParser.Mode.EITHER);
            case COMBINED -> new ClfParser(ClfParser.Mode.COMBINED);
            case COMMON -> new ClfParser(ClfParser.Mode.COMMON);
            case LAYOUT -> new LayoutParser(parts, customFields, forwardedClient);
            case JSON -> new JsonLineParser(jsonKeys, customKeys, customFields, forwardedClient);
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogFormat that && name.equals(that.name) && kind == that.kind
                && java.util.Objects.equals(definition, that.definition) && customFields.equals(that.customFields);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, kind, definition, customFields);
    }

    @Override
    public String toString() {
        return definition == null ? name : name + ":" + definition;
    }
}
