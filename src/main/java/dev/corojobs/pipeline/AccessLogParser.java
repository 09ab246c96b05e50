package dev.corojobs.pipeline;

import static dev.corojobs.pipeline.LogBatch.AGENT_END;
import static dev.corojobs.pipeline.LogBatch.AGENT_START;
import static dev.corojobs.pipeline.LogBatch.CLIENT_END;
import static dev.corojobs.pipeline.LogBatch.CLIENT_START;
import static dev.corojobs.pipeline.LogBatch.METHOD_END;
import static dev.corojobs.pipeline.LogBatch.METHOD_START;
import static dev.corojobs.pipeline.LogBatch.PATH_END;
import static dev.corojobs.pipeline.LogBatch.PATH_START;
import static dev.corojobs.pipeline.LogBatch.REFERRER_END;
import static dev.corojobs.pipeline.LogBatch.REFERRER_START;
import static dev.corojobs.pipeline.LogBatch.STATUS;
import static dev.corojobs.pipeline.LogBatch.STATUS_AT;
import static dev.corojobs.pipeline.LogBatch.TIME_START;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Parses Apache/nginx access-log lines straight from bytes: {@code combined}
 * ({@code host ident user [time] "request" status bytes "referer" "user-agent"}) and {@code common} (the
 * same, ending after {@code bytes}), each matched against the whole line. Quoted fields may hold backslash
 * escapes ({@code \"}); any other bytes, invalid UTF-8 included, are kept as they are. A line that does not
 * match is reported with a reason and skipped; nothing here throws on bad input.
 */
public final class AccessLogParser {

    /** Receives the lines that did not parse. */
    @FunctionalInterface
    public interface MalformedSink {
        void malformed(long lineNumber, String reason, byte[] data, int start, int end);
    }

    static final String[] REASONS = {
        "empty line",
        "no client field",
        "bad ident field",
        "bad user field",
        "bad or missing [timestamp]",
        "bad or unterminated \"request\"",
        "bad status (3 digits expected)",
        "bad byte count (digits or - expected)",
        "Common line, but the format is combined",
        "bad or unterminated \"referer\"",
        "bad or unterminated \"user-agent\"",
        "unexpected data after the last field",
    };
    private static final int EMPTY = 1;
    private static final int CLIENT = 2;
    private static final int IDENT = 3;
    private static final int USER = 4;
    private static final int TIME = 5;
    private static final int REQUEST = 6;
    private static final int STATUS_CODE = 7;
    private static final int BYTES = 8;
    private static final int NOT_COMBINED = 9;
    private static final int REFERRER = 10;
    private static final int AGENT = 11;
    private static final int TRAILING = 12;

    /** Longest method token accepted ({@code PROPPATCH}, {@code MKCALENDAR}, ...). */
    private static final int MAX_METHOD = 20;

    private final LogFormat format;

    public AccessLogParser(LogFormat format) {
        this.format = format;
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
        while (pos < end) {
            int base = batch.claimLine();
            int next = parseLine(data, pos, end, batch.fields, base, batch);
            if (next >= 0) {
                sizeTotal += batch.sizes[batch.parsed];
                batch.parsed++;
                pos = next;
            } else {
                int lineEnd = ByteScan.newline(data, pos, end);
                int textEnd = lineEnd > pos && data[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
                sink.malformed(lineNumber, REASONS[-next - 1], data, pos, textEnd);
                pos = lineEnd + 1;
            }
            lines++;
            lineNumber++;
        }
        batch.lines = lines;
        batch.sizeTotal = sizeTotal;
    }

    /**
     * Parses the line at {@code s}, writing its fields at {@code f[base...]} and its size into the batch. The
     * scans stop at a newline, so a line is read once: its end is where its last field is.
     *
     * @return where the next line starts, or {@code -reason} (1-based index into {@link #REASONS})
     */
    private int parseLine(byte[] d, int s, int end, int[] f, int base, LogBatch batch) {
        if (d[s] == '\n' || (d[s] == '\r' && (s + 1 == end || d[s + 1] == '\n'))) {
            return -EMPTY;
        }
        int clientEnd = ByteScan.spaceOrNewline(d, s, end);
        if (clientEnd == s || clientEnd >= end || d[clientEnd] != ' ') {
            return -CLIENT;
        }
        int identEnd = ByteScan.spaceOrNewline(d, clientEnd + 1, end);
        if (identEnd == clientEnd + 1 || identEnd >= end || d[identEnd] != ' ') {
            return -IDENT;
        }
        int userEnd = ByteScan.spaceOrNewline(d, identEnd + 1, end);
        if (userEnd == identEnd + 1 || userEnd >= end || d[userEnd] != ' ') {
            return -USER;
        }
        int open = userEnd + 1;
        if (open + 28 > end || d[open] != '[' || d[open + 27] != ']' || !validTimestamp(d, open + 1)) {
            return -TIME;
        }
        int quote = open + 28;
        if (quote + 2 > end || d[quote] != ' ' || d[quote + 1] != '"') {
            return -REQUEST;
        }
        int requestStart = quote + 2;
        int requestEnd = closingQuote(d, requestStart, end);
        if (requestEnd < 0) {
            return -REQUEST;
        }
        int p = requestEnd + 1;
        if (p + 5 > end || d[p] != ' ' || !digit(d[p + 1]) || !digit(d[p + 2]) || !digit(d[p + 3]) || d[p + 4] != ' ') {
            return -STATUS_CODE;
        }
        int status = (d[p + 1] - '0') * 100 + (d[p + 2] - '0') * 10 + (d[p + 3] - '0');
        p += 5;
        long size = 0;
        if (p < end && d[p] == '-') {
            p++;
        } else {
            int digitsStart = p;
            while (p < end && digit(d[p])) {
                size = size * 10 + (d[p] - '0');
                p++;
            }
            if (p == digitsStart || p - digitsStart > 18) {
                return -BYTES;
            }
        }
        int next = lineEndAt(d, p, end);
        if (next >= 0) {
            if (format == LogFormat.COMBINED) {
                return -NOT_COMBINED;
            }
            f[base + REFERRER_START] = -1;
            f[base + REFERRER_END] = -1;
            f[base + AGENT_START] = -1;
            f[base + AGENT_END] = -1;
        } else {
            if (d[p] != ' ') {
                return -BYTES;
            }
            if (format == LogFormat.COMMON) {
                return -TRAILING;
            }
            if (p + 2 >= end || d[p + 1] != '"') {
                return -REFERRER;
            }
            int referrerStart = p + 2;
            int referrerEnd = closingQuote(d, referrerStart, end);
            if (referrerEnd < 0) {
                return -REFERRER;
            }
            if (referrerEnd + 3 > end || d[referrerEnd + 1] != ' ' || d[referrerEnd + 2] != '"') {
                return -AGENT;
            }
            int agentStart = referrerEnd + 3;
            int agentEnd = closingQuote(d, agentStart, end);
            if (agentEnd < 0) {
                return -AGENT;
            }
            next = lineEndAt(d, agentEnd + 1, end);
            if (next < 0) {
                return -TRAILING;
            }
            f[base + REFERRER_START] = referrerStart;
            f[base + REFERRER_END] = referrerEnd;
            f[base + AGENT_START] = agentStart;
            f[base + AGENT_END] = agentEnd;
        }
        f[base + CLIENT_START] = s;
        f[base + CLIENT_END] = clientEnd;
        f[base + TIME_START] = open + 1;
        f[base + STATUS] = status;
        f[base + STATUS_AT] = requestEnd + 2;
        locateRequestParts(d, requestStart, requestEnd, f, base);
        batch.sizes[batch.parsed] = size;
        return next;
    }

    /** If the line ends at {@code p} ({@code \n}, {@code \r\n} or the end of the data), where the next starts; else -1. */
    private static int lineEndAt(byte[] d, int p, int end) {
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
    private static int closingQuote(byte[] d, int from, int end) {
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

    /** Method and path (the target without its query) when the request is {@code METHOD SP TARGET [SP PROTOCOL]}. */
    private static void locateRequestParts(byte[] d, int start, int end, int[] f, int base) {
        int m = start;
        while (m < end && d[m] >= 'A' && d[m] <= 'Z') {
            m++;
        }
        if (m == start || m - start > MAX_METHOD || m + 1 >= end || d[m] != ' ' || d[m + 1] == ' ') {
            f[base + METHOD_START] = start;
            f[base + METHOD_END] = -1;
            f[base + PATH_START] = -1;
            f[base + PATH_END] = -1;
            return;
        }
        f[base + METHOD_START] = start;
        f[base + METHOD_END] = m;
        f[base + PATH_START] = m + 1;
        f[base + PATH_END] = ByteScan.spaceOrQuery(d, m + 1, end);
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** {@code dd/MMM/yyyy:HH:mm:ss +zzzz} at {@code t}. */
    private static boolean validTimestamp(byte[] d, int t) {
        return digit(d[t]) && digit(d[t + 1]) && d[t + 2] == '/' && month(d, t + 3) != 0 && d[t + 6] == '/'
                && digit(d[t + 7]) && digit(d[t + 8]) && digit(d[t + 9]) && digit(d[t + 10]) && d[t + 11] == ':'
                && digit(d[t + 12]) && digit(d[t + 13]) && d[t + 14] == ':'
                && digit(d[t + 15]) && digit(d[t + 16]) && d[t + 17] == ':'
                && digit(d[t + 18]) && digit(d[t + 19]) && d[t + 20] == ' '
                && (d[t + 21] == '+' || d[t + 21] == '-')
                && digit(d[t + 22]) && digit(d[t + 23]) && digit(d[t + 24]) && digit(d[t + 25]);
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

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
    private static long daysFromCivil(int year, int month, int day) {
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

    /** One parsed line with its fields decoded: for tests and tools, not for the hot path. */
    public record Entry(String client, OffsetDateTime time, String method, String path, int status, long bytes,
                        String referrer, String userAgent) {

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
        int offsetSeconds = (twoDigits(line, t + 22) * 3600 + twoDigits(line, t + 24) * 60)
                * (line[t + 21] == '-' ? -1 : 1);
        OffsetDateTime time = Instant.ofEpochSecond(epochSecond(line, t))
                .atOffset(ZoneOffset.ofTotalSeconds(offsetSeconds));
        boolean hasRequest = batch.field(0, METHOD_END) >= 0;
        return Optional.of(new Entry(
                text(line, batch.field(0, CLIENT_START), batch.field(0, CLIENT_END)),
                time,
                hasRequest ? text(line, batch.field(0, METHOD_START), batch.field(0, METHOD_END)) : null,
                hasRequest ? text(line, batch.field(0, PATH_START), batch.field(0, PATH_END)) : null,
                batch.field(0, STATUS),
                batch.sizes[0],
                batch.field(0, REFERRER_START) < 0 ? null
                        : text(line, batch.field(0, REFERRER_START), batch.field(0, REFERRER_END)),
                batch.field(0, AGENT_START) < 0 ? null
                        : text(line, batch.field(0, AGENT_START), batch.field(0, AGENT_END))));
    }

    private static String text(byte[] d, int start, int end) {
        return new String(d, start, end - start, StandardCharsets.UTF_8);
    }
}
