package dev.corojobs.pipeline.report;

import java.util.List;
import java.util.Map;

/**
 * Reads a rendered report (GoAccess's JSON layout, as maps and lists: fresh from {@link ReportAggregator#toJson} or
 * read back from stored JSON) for the HTML and CSV views.
 */
public final class ReportDocument {

    /** The panels, in GoAccess's order. */
    public static final List<String> PANELS = List.of("visitors", "requests", "static_requests", "not_found", "hosts",
            "os", "browsers", "visit_time", "referring_sites", "referrers", "status_codes");

    static final Map<String, String> TITLES = Map.ofEntries(
            Map.entry("visitors", "Unique visitors per day"),
            Map.entry("requests", "Requested files (URLs)"),
            Map.entry("static_requests", "Static requests"),
            Map.entry("not_found", "Not found URLs (404s)"),
            Map.entry("hosts", "Visitor hostnames and IPs"),
            Map.entry("os", "Operating systems"),
            Map.entry("browsers", "Browsers"),
            Map.entry("visit_time", "Time distribution (hour of day)"),
            Map.entry("referring_sites", "Referring sites"),
            Map.entry("referrers", "Referrer URLs"),
            Map.entry("status_codes", "HTTP status codes"));

    private final Map<?, ?> report;

    private ReportDocument(Map<?, ?> report) {
        this.report = report;
    }

    /** The {@code report} of a log-analysis result, or null when the result has none. */
    public static ReportDocument of(Object result) {
        if (result instanceof Map<?, ?> map && map.get("report") instanceof Map<?, ?> report) {
            return new ReportDocument(report);
        }
        return null;
    }

    Map<?, ?> general() {
        return report.get("general") instanceof Map<?, ?> m ? m : Map.of();
    }

    List<?> rows(String panel) {
        return report.get(panel) instanceof Map<?, ?> p && p.get("data") instanceof List<?> rows ? rows : List.of();
    }

    static Object metric(Object row, String metric, String field) {
        return row instanceof Map<?, ?> r && r.get(metric) instanceof Map<?, ?> m ? m.get(field) : null;
    }

    static long count(Object row, String metric) {
        return metric(row, metric, "count") instanceof Number n ? n.longValue() : 0;
    }

    static String text(Object row, String field) {
        return row instanceof Map<?, ?> r && r.get(field) != null ? String.valueOf(r.get(field)) : "";
    }

    static List<?> items(Object row) {
        return row instanceof Map<?, ?> r && r.get("items") instanceof List<?> items ? items : null;
    }

    /** The panel as CSV (RFC 4180): one line per row; grouped panels list their items under a {@code group} column. */
    public String csv(String panel) {
        if (!PANELS.contains(panel)) {
            throw new IllegalArgumentException("unknown panel '" + panel + "'; panels are " + String.join(", ", PANELS));
        }
        boolean requests = panel.equals("requests") || panel.equals("static_requests") || panel.equals("not_found");
        StringBuilder out = new StringBuilder();
        out.append("group,data,hits,hits_percent,visitors,visitors_percent,bytes,bytes_percent");
        out.append(requests ? ",method,protocol\r\n" : "\r\n");
        for (Object row : rows(panel)) {
            List<?> items = items(row);
            if (items == null) {
                csvRow(out, "", row, requests);
            } else {
                for (Object item : items) {
                    csvRow(out, text(row, "data"), item, false);
                }
            }
        }
        return out.toString();
    }

    private static void csvRow(StringBuilder out, String group, Object row, boolean requests) {
        out.append(csvField(group)).append(',').append(csvField(text(row, "data")));
        for (String metric : List.of("hits", "visitors", "bytes")) {
            out.append(',').append(count(row, metric)).append(',').append(metric(row, metric, "percent"));
        }
        if (requests) {
            out.append(',').append(csvField(text(row, "method"))).append(',').append(csvField(text(row, "protocol")));
        }
        out.append("\r\n");
    }

    private static String csvField(String value) {
        // a leading = + - @ would make a spreadsheet evaluate the cell: prefix an apostrophe and quote it
        boolean formula = value.length() > 1 && "=+-@".indexOf(value.charAt(0)) >= 0;
        String safe = formula ? "'" + value : value;
        if (formula || safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0
                || safe.indexOf('\r') >= 0) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }

    /** A self-contained HTML page (no scripts, no external resources): the general figures, then every panel. */
    public String html(String title) {
        return new ReportHtml(this).render(title);
    }
}
