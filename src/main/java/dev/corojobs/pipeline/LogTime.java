package dev.corojobs.pipeline;

/**
 * The timestamps a log line may carry, read straight from bytes. Two shapes: Apache's
 * {@code dd/MMM/yyyy:HH:mm:ss +zzzz} (26 bytes; 20 without the offset) and ISO 8601
 * {@code yyyy-MM-ddTHH:mm:ss[.fraction][Z|+HH:MM|+HHMM]} (a space may stand for the {@code T}). A time without
 * an offset is taken as UTC. Hours and days are keyed by the local time as written.
 */
final class LogTime {

    static final int CLF_LENGTH = 26;
    static final int CLF_LOCAL_LENGTH = 20;
    /** Length of {@code 17/May/2015:10} and {@code 17/May/2015} at the start of an Apache timestamp. */
    static final int CLF_HOUR = 14;
    static final int CLF_DAY = 11;
    /** Length of {@code 2015-05-17T10} and {@code 2015-05-17} at the start of an ISO timestamp. */
    static final int ISO_HOUR = 13;
    static final int ISO_DAY = 10;

    private LogTime() {
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int twoDigits(byte[] d, int i) {
        return (d[i] - '0') * 10 + (d[i + 1] - '0');
    }

    /** Whether {@code d[start, end)} is a timestamp of either shape. */
    static boolean valid(byte[] d, int start, int end) {
        int length = end - start;
        if (length >= 19 && d[start + 4] == '-') {
            return iso(d, start, end);
        }
        return (length == CLF_LENGTH || length == CLF_LOCAL_LENGTH) && clf(d, start, length == CLF_LENGTH);
    }

    static boolean clf(byte[] d, int t, boolean offset) {
        boolean local = digit(d[t]) && digit(d[t + 1]) && d[t + 2] == '/' && AccessLogParser.month(d, t + 3) != 0
                && d[t + 6] == '/' && digit(d[t + 7]) && digit(d[t + 8]) && digit(d[t + 9]) && digit(d[t + 10])
                && d[t + 11] == ':' && digit(d[t + 12]) && digit(d[t + 13]) && d[t + 14] == ':'
                && digit(d[t + 15]) && digit(d[t + 16]) && d[t + 17] == ':' && digit(d[t + 18]) && digit(d[t + 19]);
        return local && (!offset || (d[t + 20] == ' ' && (d[t + 21] == '+' || d[t + 21] == '-')
                && digit(d[t + 22]) && digit(d[t + 23]) && digit(d[t + 24]) && digit(d[t + 25])));
    }

    private static boolean iso(byte[] d, int t, int end) {
        if (!(digit(d[t]) && digit(d[t + 1]) && digit(d[t + 2]) && digit(d[t + 3]) && d[t + 4] == '-'
                && digit(d[t + 5]) && digit(d[t + 6]) && d[t + 7] == '-' && digit(d[t + 8]) && digit(d[t + 9])
                && (d[t + 10] == 'T' || d[t + 10] == ' ') && digit(d[t + 11]) && digit(d[t + 12]) && d[t + 13] == ':'
                && digit(d[t + 14]) && digit(d[t + 15]) && d[t + 16] == ':' && digit(d[t + 17]) && digit(d[t + 18]))) {
            return false;
        }
        int month = twoDigits(d, t + 5);
        if (month < 1 || month > 12) {
            return false;
        }
        int p = t + 19;
        if (p < end && (d[p] == '.' || d[p] == ',')) {
            p++;
            int digits = p;
            while (p < end && digit(d[p])) {
                p++;
            }
            if (p == digits) {
                return false;
            }
        }
        if (p == end) {
            return true;
        }
        if (d[p] == 'Z') {
            return p + 1 == end;
        }
        if (d[p] != '+' && d[p] != '-') {
            return false;
        }
        if (end - p == 6) {
            return digit(d[p + 1]) && digit(d[p + 2]) && d[p + 3] == ':' && digit(d[p + 4]) && digit(d[p + 5]);
        }
        return end - p == 5 && digit(d[p + 1]) && digit(d[p + 2]) && digit(d[p + 3]) && digit(d[p + 4]);
    }

    private static boolean isIso(byte[] d, int t) {
        return d[t + 4] == '-';
    }

    /** Seconds since the epoch of a validated timestamp. */
    static long epochSecond(byte[] d, int start, int end) {
        if (!isIso(d, start)) {
            return end - start == CLF_LENGTH ? AccessLogParser.epochSecond(d, start)
                    : AccessLogParser.localEpochSecond(d, start);
        }
        int year = twoDigits(d, start) * 100 + twoDigits(d, start + 2);
        long seconds = AccessLogParser.daysFromCivil(year, twoDigits(d, start + 5), twoDigits(d, start + 8)) * 86_400L
                + twoDigits(d, start + 11) * 3600L + twoDigits(d, start + 14) * 60L + twoDigits(d, start + 17);
        return seconds - offsetSeconds(d, start, end);
    }

    /** The offset from UTC written in a validated timestamp, 0 when it has none. */
    static int offsetSeconds(byte[] d, int start, int end) {
        if (!isIso(d, start)) {
            if (end - start != CLF_LENGTH) {
                return 0;
            }
            int offset = twoDigits(d, start + 22) * 3600 + twoDigits(d, start + 24) * 60;
            return d[start + 21] == '-' ? -offset : offset;
        }
        int p = start + 19;
        while (p < end && d[p] != 'Z' && d[p] != '+' && d[p] != '-') {
            p++;
        }
        if (p >= end - 1) {
            return 0;
        }
        int minutesAt = d[p + 3] == ':' ? p + 4 : p + 3;
        int offset = twoDigits(d, p + 1) * 3600 + twoDigits(d, minutesAt) * 60;
        return d[p] == '-' ? -offset : offset;
    }

    /** End of the hour-key slice of a validated timestamp that starts at {@code start}. */
    static int hourEnd(byte[] d, int start) {
        return start + (isIso(d, start) ? ISO_HOUR : CLF_HOUR);
    }

    static int dayEnd(byte[] d, int start) {
        return start + (isIso(d, start) ? ISO_DAY : CLF_DAY);
    }

    /** {@code 2015-05-17T10} from an hour-key slice of either shape. */
    static String hourKey(byte[] d, int start, int length) {
        if (length == CLF_HOUR) {
            return AccessLogParser.hourKey(d, start);
        }
        return dayKey(d, start, ISO_DAY) + 'T' + (char) d[start + 11] + (char) d[start + 12];
    }

    /** {@code 2015-05-17} from a day-key slice of either shape. */
    static String dayKey(byte[] d, int start, int length) {
        if (length == CLF_DAY) {
            return AccessLogParser.dayKey(d, start);
        }
        return new String(d, start, ISO_DAY, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
