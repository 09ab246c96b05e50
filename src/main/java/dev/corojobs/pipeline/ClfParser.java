package dev.corojobs.pipeline;

import static dev.corojobs.pipeline.LogBatch.*;

/**
 * The built-in parser of the Combined and Common formats
 * ({@code host ident user [time] "request" status bytes ["referer" "user-agent"]}), hand-written for speed:
 * each line is matched as a whole with SWAR scans that stop at a newline.
 */
final class ClfParser implements LineGrammar {

    /** Which of the two shapes a line may have. */
    enum Mode { EITHER, COMBINED, COMMON }

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

    private final Mode mode;

    ClfParser(Mode mode) {
        this.mode = mode;
    }

    @Override
    public String reason(int code) {
        return REASONS[code - 1];
    }

    /**
     * Parses the line at {@code s}, writing its fields at {@code f[base...]} and its size into the batch. The
     * scans stop at a newline, so a line is read once: its end is where its last field is.
     *
     * @return where the next line starts, or {@code -reason} (1-based index into {@link #REASONS})
     */
    @Override
    public int parseLine(byte[] d, int s, int end, int[] f, int base, LogBatch batch) {
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
        if (open + 28 > end || d[open] != '[' || d[open + 27] != ']' || !LogTime.clf(d, open + 1, true)) {
            return -TIME;
        }
        int quote = open + 28;
        if (quote + 2 > end || d[quote] != ' ' || d[quote + 1] != '"') {
            return -REQUEST;
        }
        int requestStart = quote + 2;
        int requestEnd = AccessLogParser.closingQuote(d, requestStart, end);
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
        int next = AccessLogParser.lineEndAt(d, p, end);
        if (next >= 0) {
            if (mode == Mode.COMBINED) {
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
            if (mode == Mode.COMMON) {
                return -TRAILING;
            }
            if (p + 2 >= end || d[p + 1] != '"') {
                return -REFERRER;
            }
            int referrerStart = p + 2;
            int referrerEnd = AccessLogParser.closingQuote(d, referrerStart, end);
            if (referrerEnd < 0) {
                return -REFERRER;
            }
            if (referrerEnd + 3 > end || d[referrerEnd + 1] != ' ' || d[referrerEnd + 2] != '"') {
                return -AGENT;
            }
            int agentStart = referrerEnd + 3;
            int agentEnd = AccessLogParser.closingQuote(d, agentStart, end);
            if (agentEnd < 0) {
                return -AGENT;
            }
            next = AccessLogParser.lineEndAt(d, agentEnd + 1, end);
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
        f[base + TIME_END] = open + 27;
        f[base + USER_START] = identEnd + 1;
        f[base + USER_END] = userEnd;
        f[base + REQUEST_START] = requestStart;
        f[base + REQUEST_END] = requestEnd;
        f[base + VHOST_START] = -1;
        f[base + VHOST_END] = -1;
        f[base + PORT_START] = -1;
        f[base + PORT_END] = -1;
        f[base + FORWARDED_START] = -1;
        f[base + FORWARDED_END] = -1;
        AccessLogParser.locateRequestParts(d, requestStart, requestEnd, f, base);
        batch.sizes[batch.parsed] = size;
        return next;
    }


    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }
}
