package dev.corojobs.pipeline;

import static dev.corojobs.pipeline.LogBatch.*;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses access-log lines straight from bytes in the grammar of a {@link LogFormat}: the built-in
 * {@code combined} / {@code common} parser, a compiled Apache or nginx format string, or JSON lines. Every line
 * is matched as a whole and its fields recorded as offsets. Quoted fields may hold backslash escapes
 * ({@code \"}); any other bytes, invalid UTF-8 included, are kept as they are. A line that does not match is
 * reported with a reason and skipped; nothing here throws on bad input.
 */
public final class AccessLogParser {

    /** Receives the lines that did not parse. */
    @FunctionalInterface
    public interface MalformedSink {
        void malformed(long lineNumber, String reason, byte[] data, int start, int end);
    }

    /** Longest method token accepted ({@code PROPPATCH}, {@code MKCALENDAR}, ...). */
    private static final int MAX_METHOD = 20;

    private final LogFormat format;
    private final LineGrammar grammar;

    /** A parser of {@code format} that takes the client from {@code $remote_addr} / {@code %h}. */
    public AccessLogParser(LogFormat format) {
        this(format, false);
    }

    /** @param forwardedClient take the client from the first X-Forwarded-For address when a line has one */
    public AccessLogParser(LogFormat format, boolean forwardedClient) {
        this.format = format;
        this.grammar = format.grammar(forwardedClient);
    }

    public LogFormat format() {
        return format;
    }

    /** Locates the fields of every line in the batch; lines that do not parse go to {@code sink}. */
    public void parse(LogBatch batch, MalformedSink sink) {
        byte[] data = batch.data;
        int end = batch.end;
        int pos = batch.start;
        long lineNumber = batch.firstLineNumber;
        int lines = 0;
        long sizeTotal = 0;
        LineGrammar grammar = this.grammar;
        batch.layout(grammar.stride(), grammar.timings());
        while (pos < end) {
            int base = batch.claimLine();
            int next = grammar.parseLine(data, pos, end, batch.fields, base, batch);
            if (next >= 0) {
                sizeTotal += batch.sizes[batch.parsed];
                batch.parsed++;
                pos = next;
            } else {
                int lineEnd = ByteScan.newline(data, pos, end);
                int textEnd = lineEnd > pos && data[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
                sink.malformed(lineNumber, grammar.reason(-next), data, pos, textEnd);
                pos = lineEnd + 1;
            }
            lines++;
            lineNumber++;
        }
        batch.lines = lines;
        batch.sizeTotal = sizeTotal;
    }

    /** If the line ends at {@code p} ({@code \n}, {@code \r\n} or the end of the data), where the next starts; else -1. */
    static int lineEndAt(byte[] d, int p, int end) {
        if (p >= end) {
            return end;
        }
        if (d[p] == '\n') {
            return p + 1;
        }
        if (d[p] == '\r') {
            if (p + 1 == end) {
                return end;
            }
            if (d[p + 1] == '\n') {
                return p + 2;
            }
        }
        return -1;
    }

    /** The index of the quote closing a field that starts at {@code from}, skipping escaped ones; -1 if the line ends first. */
    static int closingQuote(byte[] d, int from, int end) {
        int i = from;
        for (;;) {
            int q = ByteScan.quoteOrNewline(d, i, end);
            if (q >= end || d[q] == '\n') {
                return -1;
            }
            int backslashes = 0;
            while (q - backslashes - 1 >= from && d[q - backslashes - 1] == '\\') {
                backslashes++;
            }
            if ((backslashes & 1) == 0) {
                return q;
            }
            i = q + 1;
        }
    }

    /**
     * Method, path (the target without its query), query and protocol when the request is
     * {@code METHOD SP TARGET [SP PROTOCOL]}; otherwise only the method start, the rest -1.
     */
    static void locateRequestParts(byte[] d, int start, int end, int[] f, int base) {
        int m = start;
        while (m < end && d[m] >= 'A' && d[m] <= 'Z') {
            m++;
        }
        if (m == start || m - start > MAX_METHOD || m + 1 >= end || d[m] != ' ' || d[m + 1] == ' ') {
            f[base + METHOD_START] = start;
            f[base + METHOD_END] = -1;
            f[base + PATH_START] = -1;
            f[base + PATH_END] = -1;
            f[base + TARGET_END] = -1;
            f[base + QUERY_START] = -1;
            f[base + QUERY_END] = -1;
            f[base + PROTOCOL_START] = -1;
            f[base + PROTOCOL_END] = -1;
            return;
        }
        int pathEnd = ByteScan.spaceOrQuery(d, m + 1, end);
        int targetEnd = pathEnd;
        if (pathEnd < end && d[pathEnd] == '?') {
            targetEnd = ByteScan.space(d, pathEnd, end);
            f[base + QUERY_START] = targetEnd > pathEnd + 1 ? pathEnd + 1 : -1;
            f[base + QUERY_END] = targetEnd > pathEnd + 1 ? targetEnd : -1;
        } else {
            f[base + QUERY_START] = -1;
            f[base + QUERY_END] = -1;
        }
        f[base + METHOD_START] = start;
        f[base + METHOD_END] = m;
        f[base + PATH_START] = m + 1;
        f[base + PATH_END] = pathEnd;
        f[base + TARGET_END] = targetEnd;
        boolean protocol = targetEnd + 1 < end;
        f[base + PROTOCOL_START] = protocol ? targetEnd + 1 : -1;
        f[base + PROTOCOL_END] = protocol ? end : -1;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** 1..12 for an English month abbreviation at {@code i}, else 0. */
    static int month(byte[] d, int i) {
        int key = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
        return switch (key) {
            case ('J' << 16) | ('a' << 8) | 'n' -> 1;
            case ('F' << 16) | ('e' << 8) | 'b' -> 2;
            case ('M' << 16) | ('a' << 8) | 'r' -> 3;
            case ('A' << 16) | ('p' << 8) | 'r' -> 4;
            case ('M' << 16) | ('a' << 8) | 'y' -> 5;
            case ('J' << 16) | ('u' << 8) | 'n' -> 6;
            case ('J' << 16) | ('u' << 8) | 'l' -> 7;
            case ('A' << 16) | ('u' << 8) | 'g' -> 8;
            case ('S' << 16) | ('e' << 8) | 'p' -> 9;
            case ('O' << 16) | ('c' << 8) | 't' -> 10;
            case ('N' << 16) | ('o' << 8) | 'v' -> 11;
            case ('D' << 16) | ('e' << 8) | 'c' -> 12;
            default -> 0;
        };
    }

    private static int twoDigits(byte[] d, int i) {
        return (d[i] - '0') * 10 + (d[i + 1] - '0');
    }

    /** Seconds since the epoch of a validated timestamp at {@code t}. */
    static long epochSecond(byte[] d, int t) {
        int day = twoDigits(d, t);
        int month = month(d, t + 3);
        int year = twoDigits(d, t + 7) * 100 + twoDigits(d, t + 9);
        long seconds = daysFromCivil(year, month, day) * 86_400L
                + twoDigits(d, t + 12) * 3600L + twoDigits(d, t + 15) * 60L + twoDigits(d, t + 18);
        int offset = twoDigits(d, t + 22) * 3600 + twoDigits(d, t + 24) * 60;
        return d[t + 21] == '-' ? seconds + offset : seconds - offset;
    }

    /** Seconds since the epoch of a timestamp at {@code t} without an offset, taken as UTC. */
    static long localEpochSecond(byte[] d, int t) {
        return daysFromCivil(twoDigits(d, t + 7) * 100 + twoDigits(d, t + 9), month(d, t + 3), twoDigits(d, t)) * 86_400L
                + twoDigits(d, t + 12) * 3600L + twoDigits(d, t + 15) * 60L + twoDigits(d, t + 18);
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
    static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }

    /** {@code 2015-05-17} from the timestamp at {@code t} (the log's local date). */
    static String dayKey(byte[] d, int t) {
        return new String(new char[] {
            (char) d[t + 7], (char) d[t + 8], (char) d[t + 9], (char) d[t + 10], '-',
            (char) ('0' + month(d, t + 3) / 10), (char) ('0' + month(d, t + 3) % 10), '-',
            (char) d[t], (char) d[t + 1]});
    }

    /** {@code 2015-05-17T10} from the timestamp at {@code t} (the log's local hour). */
    static String hourKey(byte[] d, int t) {
        return dayKey(d, t) + 'T' + (char) d[t + 12] + (char) d[t + 13];
    }

    /**
     * One parsed line with its fields decoded: for tests and tools, not for the hot path. Absent fields are null
     * (times of -1 microseconds); {@code pathWithQuery} is the request target, {@code query} without its '?'.
     */
    public record Entry(String client, OffsetDateTime time, String method, String path, int status, long bytes,
                        String referrer, String userAgent, String user, String pathWithQuery, String query,
                        String protocol, String vhost, String port, String forwardedFor, long requestMicros,
                        long upstreamMicros, Map<String, String> fields) {

        public boolean combined() {
            return userAgent != null;
        }
    }

    /** Parses one line (without its newline); empty if it does not parse. */
    public Optional<Entry> parseLine(byte[] line) {
        LogBatch batch = new LogBatch(line, 0, line.length);
        parse(batch, (number, reason, data, start, end) -> { });
        if (batch.parsed != 1 || batch.lines != 1) {
            return Optional.empty();
        }
        int t = batch.field(0, TIME_START);
        OffsetDateTime time = null;
        if (t >= 0) {
            int timeEnd = batch.field(0, TIME_END);
            time = Instant.ofEpochSecond(LogTime.epochSecond(line, t, timeEnd))
                    .atOffset(ZoneOffset.ofTotalSeconds(LogTime.offsetSeconds(line, t, timeEnd)));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> names = format.customFields();
        for (int k = 0; k < names.size(); k++) {
            fields.put(names.get(k), batch.text(0, LogBatch.custom(k), LogBatch.custom(k) + 1));
        }
        int pathStart = batch.field(0, PATH_START);
        return Optional.of(new Entry(
                batch.text(0, CLIENT_START, CLIENT_END),
                time,
                batch.text(0, METHOD_START, METHOD_END),
                batch.text(0, PATH_START, PATH_END),
                batch.field(0, STATUS),
                batch.sizes[0],
                batch.text(0, REFERRER_START, REFERRER_END),
                batch.text(0, AGENT_START, AGENT_END),
                batch.text(0, USER_START, USER_END),
                pathStart < 0 || batch.field(0, TARGET_END) < 0 ? null
                        : new String(line, pathStart, batch.field(0, TARGET_END) - pathStart, StandardCharsets.UTF_8),
                batch.text(0, QUERY_START, QUERY_END),
                batch.text(0, PROTOCOL_START, PROTOCOL_END),
                batch.text(0, VHOST_START, VHOST_END),
                batch.text(0, PORT_START, PORT_END),
                batch.text(0, FORWARDED_START, FORWARDED_END),
                batch.requestMicros(0),
                batch.upstreamMicros(0),
                Map.copyOf(fields)));
    }
}
