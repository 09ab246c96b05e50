package dev.corojobs.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns an Apache {@code LogFormat} or nginx {@code log_format} string into the parts a {@link LayoutParser}
 * walks: literal text and fields. A field that appears twice keeps its first place; later ones become the
 * format's own fields (nginx) or are read and dropped (Apache).
 */
final class FormatCompiler {

    /** One piece of a format: literal bytes, or a field ({@code token} as written, {@code custom} its own name). */
    record Part(byte[] literal, LogField field, String token, String custom) {

        static Part text(String text) {
            return new Part(text.getBytes(StandardCharsets.UTF_8), null, null, null);
        }

        static Part field(LogField field, String token) {
            return new Part(null, field, token, null);
        }

        boolean isField() {
            return field != null;
        }
    }

    static final Map<String, LogField> NGINX = Map.ofEntries(
            Map.entry("remote_addr", LogField.CLIENT),
            Map.entry("remote_user", LogField.USER),
            Map.entry("time_local", LogField.TIME_CLF),
            Map.entry("time_iso8601", LogField.TIME_ISO),
            Map.entry("request", LogField.REQUEST),
            Map.entry("request_method", LogField.METHOD),
            Map.entry("request_uri", LogField.TARGET),
            Map.entry("uri", LogField.PATH),
            Map.entry("args", LogField.QUERY),
            Map.entry("query_string", LogField.QUERY),
            Map.entry("server_protocol", LogField.PROTOCOL),
            Map.entry("status", LogField.STATUS),
            Map.entry("body_bytes_sent", LogField.BYTES),
            Map.entry("bytes_sent", LogField.BYTES),
            Map.entry("request_time", LogField.REQUEST_SECONDS),
            Map.entry("upstream_response_time", LogField.UPSTREAM_SECONDS),
            Map.entry("http_referer", LogField.REFERRER),
            Map.entry("http_user_agent", LogField.USER_AGENT),
            Map.entry("http_x_forwarded_for", LogField.FORWARDED),
            Map.entry("host", LogField.VHOST),
            Map.entry("server_name", LogField.VHOST),
            Map.entry("server_port", LogField.PORT));

    private static final Map<Character, LogField> APACHE = Map.ofEntries(
            Map.entry('h', LogField.CLIENT),
            Map.entry('a', LogField.CLIENT),
            Map.entry('l', LogField.IDENT),
            Map.entry('u', LogField.USER),
            Map.entry('t', LogField.TIME_CLF),
            Map.entry('r', LogField.REQUEST),
            Map.entry('s', LogField.STATUS),
            Map.entry('b', LogField.BYTES),
            Map.entry('B', LogField.BYTES),
            Map.entry('O', LogField.BYTES),
            Map.entry('I', LogField.SKIP),
            Map.entry('S', LogField.SKIP),
            Map.entry('D', LogField.REQUEST_MICROS),
            Map.entry('T', LogField.REQUEST_SECONDS),
            Map.entry('v', LogField.VHOST),
            Map.entry('V', LogField.VHOST),
            Map.entry('p', LogField.PORT),
            Map.entry('H', LogField.PROTOCOL),
            Map.entry('m', LogField.METHOD),
            Map.entry('U', LogField.PATH),
            Map.entry('q', LogField.QUERY_MARKED));

    private static final Map<String, LogField> APACHE_HEADERS = Map.of(
            "referer", LogField.REFERRER,
            "user-agent", LogField.USER_AGENT,
            "x-forwarded-for", LogField.FORWARDED,
            "host", LogField.VHOST);

    private FormatCompiler() {
    }

    /** @throws IllegalArgumentException with a message fit for the user */
    static List<Part> apache(String format) {
        List<Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c != '%') {
                text.append(c);
                i++;
                continue;
            }
            int start = i++;
            if (i < format.length() && format.charAt(i) == '%') {
                text.append('%');
                i++;
                continue;
            }
            String argument = null;
            while (i < format.length() && (format.charAt(i) == '>' || format.charAt(i) == '<')) {
                i++;
            }
            if (i < format.length() && format.charAt(i) == '{') {
                int close = format.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed '{' at character " + (i + 1));
                }
                argument = format.substring(i + 1, close);
                i = close + 1;
            }
            if (i >= format.length()) {
                throw new IllegalArgumentException("'%' at the end of the format");
            }
            char directive = format.charAt(i++);
            String token = format.substring(start, i);
            LogField field;
            String custom = null;
            if (argument != null) {
                if (directive != 'i') {
                    throw new IllegalArgumentException("'" + token + "' is not supported; of the %{...} forms only "
                            + "%{Header}i is (Referer, User-Agent, X-Forwarded-For, Host, or any other header)");
                }
                String header = argument.toLowerCase(Locale.ROOT);
                field = APACHE_HEADERS.get(header);
                if (field == null) {
                    field = LogField.CUSTOM;
                    custom = "http_" + header.replace('-', '_');
                }
            } else {
                field = APACHE.get(directive);
                if (field == null) {
                    throw new IllegalArgumentException(token + " is not supported; directives are "
                            + "%h %a %l %u %t %r %>s %s %b %B %O %I %D %T %v %p %H %m %U %q %{Header}i and %%");
                }
            }
            if (field == LogField.TIME_CLF) {
                text.append('[');
                flush(text, parts);
                parts.add(Part.field(field, token));
                text.append(']');
            } else {
                flush(text, parts);
                parts.add(new Part(null, field, token, custom));
            }
        }
        flush(text, parts);
        return finish(parts, false);
    }

    /** @throws IllegalArgumentException with a message fit for the user */
    static List<Part> nginx(String format) {
        List<Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c != '$') {
                text.append(c);
                i++;
                continue;
            }
            int start = i++;
            String name;
            if (i < format.length() && format.charAt(i) == '{') {
                int close = format.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed '${' at character " + (start + 1));
                }
                name = format.substring(i + 1, close);
                i = close + 1;
            } else {
                int nameStart = i;
                while (i < format.length() && (Character.isLetterOrDigit(format.charAt(i)) || format.charAt(i) == '_')) {
                    i++;
                }
                name = format.substring(nameStart, i);
            }
            if (name.isEmpty() || !name.chars().allMatch(ch -> ch < 128 && (Character.isLetterOrDigit(ch) || ch == '_'))) {
                throw new IllegalArgumentException("'$' at character " + (start + 1) + " is not followed by a variable name");
            }
            flush(text, parts);
            LogField field = NGINX.getOrDefault(name, LogField.CUSTOM);
            parts.add(new Part(null, field, "$" + name, field == LogField.CUSTOM ? name : null));
        }
        flush(text, parts);
        return finish(parts, true);
    }

    private static void flush(StringBuilder text, List<Part> parts) {
        if (!text.isEmpty()) {
            parts.add(Part.text(text.toString()));
            text.setLength(0);
        }
    }

    /** Demotes repeated fields and checks that every two fields have text between them. */
    private static List<Part> finish(List<Part> parts, boolean nginx) {
        Set<LogField> seen = EnumSet.noneOf(LogField.class);
        Set<String> customs = new java.util.HashSet<>();
        List<Part> out = new ArrayList<>();
        for (Part part : parts) {
            if (!part.isField()) {
                out.add(part);
                continue;
            }
            LogField field = part.field();
            boolean timeTaken = (field == LogField.TIME_CLF || field == LogField.TIME_ISO)
                    && (seen.contains(LogField.TIME_CLF) || seen.contains(LogField.TIME_ISO));
            boolean requestTimeTaken = (field == LogField.REQUEST_SECONDS || field == LogField.REQUEST_MICROS)
                    && (seen.contains(LogField.REQUEST_SECONDS) || seen.contains(LogField.REQUEST_MICROS));
            boolean pathTaken = (field == LogField.PATH || field == LogField.TARGET || field == LogField.QUERY
                    || field == LogField.QUERY_MARKED) && seen.contains(LogField.REQUEST);
            if (field == LogField.REQUEST && (seen.contains(LogField.PATH) || seen.contains(LogField.TARGET))) {
                pathTaken = true;
            }
            if (field != LogField.CUSTOM && field != LogField.SKIP && field != LogField.IDENT
                    && (!seen.add(field) || timeTaken || requestTimeTaken || pathTaken)) {
                String name = part.token().replaceAll("[^A-Za-z0-9_]", "");
                out.add(nginx ? new Part(null, LogField.CUSTOM, part.token(), name) : Part.field(LogField.SKIP, part.token()));
                if (nginx) {
                    customs.add(name);
                }
                continue;
            }
            if (field == LogField.CUSTOM && !customs.add(part.custom())) {
                out.add(Part.field(LogField.SKIP, part.token()));
                continue;
            }
            out.add(part);
        }
        for (int i = 1; i < out.size(); i++) {
            Part before = out.get(i - 1);
            Part part = out.get(i);
            if (before.isField() && part.isField()
                    && !(before.field() == LogField.PATH && part.field() == LogField.QUERY_MARKED)) {
                throw new IllegalArgumentException("'" + before.token() + "' and '" + part.token()
                        + "' need text between them (only %U%q may touch)");
            }
        }
        if (out.stream().noneMatch(Part::isField)) {
            throw new IllegalArgumentException("has no fields");
        }
        return out;
    }
}
