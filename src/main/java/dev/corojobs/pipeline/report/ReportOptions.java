package dev.corojobs.pipeline.report;

import dev.corojobs.pipeline.InvalidSpecException;
import dev.corojobs.pipeline.PipelineSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the report is computed, from the spec's {@code report} object; every field is optional.
 *
 * @param queryString     keep the query string in request rows (GoAccess's default); false strips it
 * @param clientErrorsAsVisitors count lines with a 4xx status toward unique visitors (GoAccess's
 *                        {@code --4xx-to-unique-count}); off by default, as in GoAccess
 * @param from            only lines at or after this instant
 * @param to              only lines before this instant
 * @param excludeCrawlers leave out lines whose user agent is a crawler
 * @param excludeStatic   leave out static-file requests
 * @param excludeIps      leave out clients in these blocks (IPv4/IPv6 literals or CIDR)
 * @param rows            rows kept per panel, largest first (each panel's metadata tells how many there were)
 * @param exactLimit      distinct visitors (and visitor-row pairs) counted exactly; beyond, sketches
 */
public record ReportOptions(boolean queryString, boolean clientErrorsAsVisitors, Instant from, Instant to,
                            boolean excludeCrawlers, boolean excludeStatic, List<IpRange> excludeIps, int rows,
                            int exactLimit) {

    public static final int DEFAULT_ROWS = 366;
    public static final int MAX_ROWS = 100_000;
    public static final int DEFAULT_EXACT_LIMIT = 1_000_000;
    public static final int MAX_EXACT_LIMIT = 50_000_000;
    private static final int MAX_IP_RANGES = 10_000;

    public static final ReportOptions DEFAULTS = new ReportOptions(true, false, null, null, false, false, List.of(),
            DEFAULT_ROWS, DEFAULT_EXACT_LIMIT);

    public ReportOptions {
        excludeIps = List.copyOf(excludeIps);
    }

    /** Reads the {@code report} object found at JSON pointer {@code at}. */
    public static ReportOptions fromJson(Object json, String at) {
        if (json == null || Boolean.TRUE.equals(json)) {
            return DEFAULTS;
        }
        if (!(json instanceof Map<?, ?> map)) {
            throw new InvalidSpecException(at, "must be an object of report options (or true / false)");
        }
        known(map, at, Set.of("queryString", "clientErrorsAsVisitors", "from", "to", "exclude", "rows", "exactLimit"));
        boolean queryString = bool(map.get("queryString"), at + "/queryString", true);
        boolean clientErrors = bool(map.get("clientErrorsAsVisitors"), at + "/clientErrorsAsVisitors", false);
        Instant from = PipelineSpec.instant(map.get("from"), at + "/from");
        Instant to = PipelineSpec.instant(map.get("to"), at + "/to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidSpecException(at + "/to", "must be after from");
        }
        boolean crawlers = false;
        boolean statics = false;
        List<IpRange> ips = new ArrayList<>();
        Object exclude = map.get("exclude");
        if (exclude != null) {
            if (!(exclude instanceof Map<?, ?> ex)) {
                throw new InvalidSpecException(at + "/exclude", "must be an object with crawlers, static, ipRanges");
            }
            known(ex, at + "/exclude", Set.of("crawlers", "static", "ipRanges"));
            crawlers = bool(ex.get("crawlers"), at + "/exclude/crawlers", false);
            statics = bool(ex.get("static"), at + "/exclude/static", false);
            Object ranges = ex.get("ipRanges");
            if (ranges != null) {
                List<?> list = ranges instanceof List<?> l ? l : List.of(ranges);
                if (list.size() > MAX_IP_RANGES) {
                    throw new InvalidSpecException(at + "/exclude/ipRanges", "at most " + MAX_IP_RANGES + " ranges");
                }
                for (int i = 0; i < list.size(); i++) {
                    String place = at + "/exclude/ipRanges" + (ranges instanceof List<?> ? "/" + i : "");
                    if (!(list.get(i) instanceof String cidr)) {
                        throw new InvalidSpecException(place, "must be a string such as 10.0.0.0/8 or 2001:db8::/32");
                    }
                    try {
                        ips.add(IpRange.parse(cidr.strip()));
                    } catch (IllegalArgumentException e) {
                        throw new InvalidSpecException(place, e.getMessage());
                    }
                }
            }
        }
        int rows = integer(map.get("rows"), at + "/rows", DEFAULT_ROWS, 1, MAX_ROWS);
        int exactLimit = integer(map.get("exactLimit"), at + "/exactLimit", DEFAULT_EXACT_LIMIT, 1000, MAX_EXACT_LIMIT);
        return new ReportOptions(queryString, clientErrors, from, to, crawlers, statics, ips, rows, exactLimit);
    }

    private static boolean bool(Object json, String at, boolean fallback) {
        if (json == null) {
            return fallback;
        }
        if (json instanceof Boolean b) {
            return b;
        }
        throw new InvalidSpecException(at, "must be true or false, got " + json);
    }

    private static int integer(Object json, String at, int fallback, int min, int max) {
        if (json == null) {
            return fallback;
        }
        if (!(json instanceof Integer || json instanceof Long || json instanceof Short)
                || ((Number) json).longValue() < min || ((Number) json).longValue() > max) {
            throw new InvalidSpecException(at, "must be an integer from " + min + " to " + max + ", got " + json);
        }
        return ((Number) json).intValue();
    }

    private static void known(Map<?, ?> map, String at, Set<String> known) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw new InvalidSpecException(at + "/" + key, "unknown field; expected one of " + new TreeSet<>(known));
            }
        }
    }
}
