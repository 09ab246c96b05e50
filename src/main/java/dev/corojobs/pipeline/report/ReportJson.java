package dev.corojobs.pipeline.report;

import static dev.corojobs.pipeline.report.ReportAggregator.BROWSERS;
import static dev.corojobs.pipeline.report.ReportAggregator.HOSTS;
import static dev.corojobs.pipeline.report.ReportAggregator.NOT_FOUND;
import static dev.corojobs.pipeline.report.ReportAggregator.OS;
import static dev.corojobs.pipeline.report.ReportAggregator.PANEL_NAMES;
import static dev.corojobs.pipeline.report.ReportAggregator.REFERRERS;
import static dev.corojobs.pipeline.report.ReportAggregator.REFERRING_SITES;
import static dev.corojobs.pipeline.report.ReportAggregator.REQUESTS;
import static dev.corojobs.pipeline.report.ReportAggregator.STATIC_REQUESTS;
import static dev.corojobs.pipeline.report.ReportAggregator.STATUS_CODES;
import static dev.corojobs.pipeline.report.ReportAggregator.VISITORS;
import static dev.corojobs.pipeline.report.ReportAggregator.VISIT_TIME;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.datasketches.kll.KllDoublesSketch;

/** Renders an aggregator's figures as GoAccess's JSON layout: plain maps and lists, ready for any JSON writer. */
final class ReportJson {

    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    };

    private final ReportAggregator report;
    private final long totalLines;
    private final long failed;
    private final long logSize;
    private final long uniqueVisitors;

    ReportJson(ReportAggregator report, long totalLines, long failed, long logSize) {
        this.report = report;
        this.totalLines = totalLines;
        this.failed = failed;
        this.logSize = logSize;
        this.uniqueVisitors = report.visitors().count();
    }

    /** One row before rendering: its id in the panel, figures, and how it sorts. */
    private record Row(int id, String data, long hits, long visitors, long bytes) {
    }

    Map<String, Object> render() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("general", general());
        json.put(PANEL_NAMES[VISITORS], panel(VISITORS, id -> Integer.toString(report.date(id)),
                Comparator.comparing(Row::data).reversed()));
        json.put(PANEL_NAMES[REQUESTS], panel(REQUESTS, id -> report.requests().text(id, 2), null));
        json.put(PANEL_NAMES[STATIC_REQUESTS], panel(STATIC_REQUESTS, id -> report.requests().text(id, 2), null));
        json.put(PANEL_NAMES[NOT_FOUND], panel(NOT_FOUND, id -> report.requests().text(id, 2), null));
        json.put(PANEL_NAMES[HOSTS], panel(HOSTS, report.hosts()::text, null));
        json.put(PANEL_NAMES[OS], grouped(OS, report.systems()::parent, report.systems()::item, report.systems().size()));
        json.put(PANEL_NAMES[BROWSERS], grouped(BROWSERS, report.browsers()::parent, report.browsers()::item,
                report.browsers().size()));
        json.put(PANEL_NAMES[VISIT_TIME], panel(VISIT_TIME, id -> String.format(Locale.ROOT, "%02d", id),
                Comparator.comparing(Row::data)));
        json.put(PANEL_NAMES[REFERRING_SITES], panel(REFERRING_SITES, report.sites()::text, null));
        json.put(PANEL_NAMES[REFERRERS], panel(REFERRERS, report.referrers()::text, null));
        json.put(PANEL_NAMES[STATUS_CODES], grouped(STATUS_CODES, StatusCodes::classLabel, StatusCodes::label, 1000));
        json.put("metadata", metadata());
        return json;
    }

    private Map<String, Object> general() {
        Map<String, Object> general = new LinkedHashMap<>();
        general.put("start_date", date(report.minDate()));
        general.put("end_date", date(report.maxDate()));
        general.put("total_requests", totalLines);
        general.put("valid_requests", report.valid());
        general.put("failed_requests", failed);
        general.put("unique_visitors", uniqueVisitors);
        general.put("unique_files", rowCount(REQUESTS));
        general.put("excluded_hits", report.excluded());
        general.put("unique_referrers", rowCount(REFERRERS));
        general.put("unique_not_found", rowCount(NOT_FOUND));
        general.put("unique_static_files", rowCount(STATIC_REQUESTS));
        general.put("log_size", logSize);
        general.put("bandwidth", report.bandwidth());
        if (report.times() != null) {
            general.put("response_time_us", times(report.times()));
        }
        return general;
    }

    private static String date(int yyyymmdd) {
        if (yyyymmdd < 0) {
            return null;
        }
        int day = yyyymmdd % 100;
        int month = yyyymmdd / 100 % 100;
        return String.format(Locale.ROOT, "%02d/%s/%d", day, MONTHS[month - 1], yyyymmdd / 10_000);
    }

    private int rowCount(int panel) {
        return report.panel(panel).rows(Integer.MAX_VALUE).length;
    }

    private List<Row> rows(int panel, IntFunction<String> data, int bound) {
        PanelStats stats = report.panel(panel);
        List<Row> rows = new ArrayList<>();
        for (int id : stats.rows(bound)) {
            rows.add(new Row(id, data.apply(id), stats.hits(id), report.rowVisitors(panel, id), stats.bytes(id)));
        }
        return rows;
    }

    private static final Comparator<Row> BY_HITS = Comparator.comparingLong(Row::hits).reversed()
            .thenComparing(Row::data);

    private Map<String, Object> panel(int panel, IntFunction<String> data, Comparator<Row> order) {
        List<Row> rows = rows(panel, data, Integer.MAX_VALUE);
        boolean requests = panel == REQUESTS || panel == STATIC_REQUESTS || panel == NOT_FOUND;
        Comparator<Row> sort = order == null ? BY_HITS : order;
        if (requests) {
            // rows of one path differ by method and protocol; their ids follow the order lines came in, which
            // differs between modes, so ids must not decide
            sort = sort.thenComparingInt(r -> report.requests().byteAt(r.id(), 0))
                    .thenComparingInt(r -> report.requests().byteAt(r.id(), 1));
        }
        rows.sort(sort);
        List<Object> out = new ArrayList<>();
        for (Row row : rows.subList(0, Math.min(rows.size(), report.options().rows()))) {
            Map<String, Object> json = metrics(row);
            if (requests) {
                int method = report.requests().byteAt(row.id(), 0) - 1;
                int protocol = report.requests().byteAt(row.id(), 1) - 1;
                json.put("method", method < 0 ? "---" : ReportAggregator.METHODS[method]);
                json.put("protocol", protocol < 0 ? "---" : ReportAggregator.PROTOCOLS[protocol]);
                KllDoublesSketch times = report.panel(panel).times(row.id());
                if (times != null) {
                    json.put("response_time_us", times(times));
                }
            }
            json.put("data", row.data());
            out.add(json);
        }
        return panelJson(rows, out);
    }

    private Map<String, Object> grouped(int panel, IntFunction<String> parent, IntFunction<String> item, int bound) {
        List<Row> items = rows(panel, item, bound);
        items.sort(BY_HITS);
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row row : items) {
            groups.computeIfAbsent(parent.apply(row.id()), k -> new ArrayList<>()).add(row);
        }
        List<Row> parents = new ArrayList<>();
        groups.forEach((name, children) -> parents.add(new Row(-1, name,
                children.stream().mapToLong(Row::hits).sum(),
                children.stream().mapToLong(Row::visitors).sum(),
                children.stream().mapToLong(Row::bytes).sum())));
        parents.sort(BY_HITS);
        List<Object> out = new ArrayList<>();
        for (Row group : parents.subList(0, Math.min(parents.size(), report.options().rows()))) {
            Map<String, Object> json = metrics(group);
            json.put("data", group.data());
            List<Object> children = new ArrayList<>();
            List<Row> members = groups.get(group.data());
            for (Row child : members.subList(0, Math.min(members.size(), report.options().rows()))) {
                Map<String, Object> childJson = metrics(child);
                childJson.put("data", child.data());
                children.add(childJson);
            }
            json.put("items", children);
            out.add(json);
        }
        return panelJson(items, out);
    }

    private Map<String, Object> panelJson(List<Row> all, List<Object> data) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("bytes", summary(all.stream().mapToLong(Row::bytes).toArray()));
        metadata.put("visitors", summary(all.stream().mapToLong(Row::visitors).toArray()));
        metadata.put("hits", summary(all.stream().mapToLong(Row::hits).toArray()));
        metadata.put("data", Map.of("total", Map.of("value", all.size())));
        Map<String, Object> panel = new LinkedHashMap<>();
        panel.put("metadata", metadata);
        panel.put("data", data);
        return panel;
    }

    private static Map<String, Object> summary(long[] values) {
        long total = 0;
        long max = 0;
        long min = values.length == 0 ? 0 : Long.MAX_VALUE;
        for (long v : values) {
            total += v;
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        long avg = values.length == 0 ? 0 : total / values.length;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("total", Map.of("value", total));
        json.put("avg", value(avg, total));
        json.put("max", value(max, total));
        json.put("min", value(min, total));
        return json;
    }

    private static Map<String, Object> value(long value, long total) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("value", value);
        json.put("percent", percent(value, total));
        return json;
    }

    private Map<String, Object> metrics(Row row) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("hits", count(row.hits(), report.valid()));
        json.put("visitors", count(row.visitors(), uniqueVisitors));
        json.put("bytes", count(row.bytes(), report.bandwidth()));
        return json;
    }

    private static Map<String, Object> count(long count, long total) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", count);
        json.put("percent", percent(count, total));
        return json;
    }

    /** As GoAccess writes it: two decimals, at least two integer digits ({@code "04.88"}). */
    static String percent(long value, long total) {
        double percent = total <= 0 ? 0 : value * 100.0 / total;
        return String.format(Locale.ROOT, "%05.2f", percent);
    }

    private static Map<String, Object> times(KllDoublesSketch sketch) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("p50", Math.round(sketch.getQuantile(0.50)));
        json.put("p90", Math.round(sketch.getQuantile(0.90)));
        json.put("p99", Math.round(sketch.getQuantile(0.99)));
        json.put("max", Math.round(sketch.getMaxItem()));
        json.put("count", sketch.getN());
        return json;
    }

    private Map<String, Object> metadata() {
        ReportOptions options = report.options();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("generator", "corojobs");
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("queryString", options.queryString());
        opts.put("clientErrorsAsVisitors", options.clientErrorsAsVisitors());
        opts.put("from", options.from() == null ? null : options.from().toString());
        opts.put("to", options.to() == null ? null : options.to().toString());
        opts.put("exclude", Map.of("crawlers", options.excludeCrawlers(), "static", options.excludeStatic(),
                "ipRanges", options.excludeIps().size()));
        opts.put("rows", options.rows());
        opts.put("exactLimit", options.exactLimit());
        json.put("options", opts);
        Map<String, Object> unique = new LinkedHashMap<>();
        unique.put("exact", report.visitors().exact());
        unique.put("sketch", report.visitors().exact() ? null : "DataSketches HLL, lgK " + UniqueCount.LG_K);
        unique.put("relativeError95", report.visitors().relativeError());
        json.put("uniqueVisitors", unique);
        Map<String, Object> rows = new LinkedHashMap<>();
        int level = report.samplerLevel();
        rows.put("exact", level == 0);
        rows.put("sampleRate", 1.0 / (1L << level));
        rows.put("note", level == 0 ? "every row's visitors are exact"
                : "each row's visitors are sampled at 1 in " + (1L << level)
                + "; relative standard error about 1/sqrt(visitors / " + (1L << level) + ")");
        json.put("rowVisitors", rows);
        if (report.times() != null) {
            json.put("responseTime", Map.of("sketch", "DataSketches KLL, k " + PanelStats.KLL_K,
                    "normalizedRankError99", report.times().getNormalizedRankError(false)));
        }
        json.put("differencesFromGoAccess", List.of(
                "lines are parsed by corojobs' combined/common grammar: a line GoAccess accepts may be malformed here",
                "browsers and operating systems come from ua-parser (uap-core rules), not GoAccess's own lists",
                "status code labels are the RFC 9110 reason phrases",
                "hosts may be names as well as IP addresses"));
        return json;
    }
}
