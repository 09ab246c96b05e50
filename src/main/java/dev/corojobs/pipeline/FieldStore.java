package dev.corojobs.pipeline;

import static dev.corojobs.pipeline.LogBatch.CLIENT_END;
import static dev.corojobs.pipeline.LogBatch.CLIENT_START;
import static dev.corojobs.pipeline.LogBatch.FORWARDED_END;
import static dev.corojobs.pipeline.LogBatch.FORWARDED_START;
import static dev.corojobs.pipeline.LogBatch.METHOD_END;
import static dev.corojobs.pipeline.LogBatch.METHOD_START;
import static dev.corojobs.pipeline.LogBatch.PATH_END;
import static dev.corojobs.pipeline.LogBatch.PATH_START;
import static dev.corojobs.pipeline.LogBatch.PORT_END;
import static dev.corojobs.pipeline.LogBatch.PORT_START;
import static dev.corojobs.pipeline.LogBatch.PROTOCOL_END;
import static dev.corojobs.pipeline.LogBatch.PROTOCOL_START;
import static dev.corojobs.pipeline.LogBatch.QUERY_END;
import static dev.corojobs.pipeline.LogBatch.QUERY_START;
import static dev.corojobs.pipeline.LogBatch.REFERRER_END;
import static dev.corojobs.pipeline.LogBatch.REFERRER_START;
import static dev.corojobs.pipeline.LogBatch.REQUEST_END;
import static dev.corojobs.pipeline.LogBatch.REQUEST_START;
import static dev.corojobs.pipeline.LogBatch.STATUS;
import static dev.corojobs.pipeline.LogBatch.STATUS_AT;
import static dev.corojobs.pipeline.LogBatch.TARGET_END;
import static dev.corojobs.pipeline.LogBatch.TIME_END;
import static dev.corojobs.pipeline.LogBatch.TIME_START;
import static dev.corojobs.pipeline.LogBatch.USER_END;
import static dev.corojobs.pipeline.LogBatch.USER_START;
import static dev.corojobs.pipeline.LogBatch.VHOST_END;
import static dev.corojobs.pipeline.LogBatch.VHOST_START;

import java.util.Arrays;

/**
 * Checks a located field value and records it in a parsed line's slots: the shared back end of the compiled
 * format strings and of JSON lines. Text fields are kept as offsets; numbers are converted here.
 */
final class FieldStore {

    private FieldStore() {
    }

    /** Clears the slots of the line being parsed: every field absent until the format gives it. */
    static void clear(LogBatch batch, int[] f, int base) {
        Arrays.fill(f, base, base + batch.stride, -1);
        f[base + STATUS] = 0;
        int line = batch.parsed;
        batch.sizes[line] = 0;
        if (batch.requestMicros != null) {
            batch.requestMicros[line] = -1;
            batch.upstreamMicros[line] = -1;
        }
    }

    /** Records {@code d[s, e)} as {@code field}; false if the value does not fit it. */
    static boolean store(LogField field, int slot, byte[] d, int s, int e, int[] f, int base, LogBatch batch) {
        int line = batch.parsed;
        switch (field) {
            case CLIENT -> {
                if (e == s) {
                    return false;
                }
                f[base + CLIENT_START] = s;
                f[base + CLIENT_END] = e;
            }
            case USER -> set(f, base + USER_START, s, e);
            case TIME_CLF -> {
                if (!(e - s == LogTime.CLF_LENGTH || e - s == LogTime.CLF_LOCAL_LENGTH)
                        || !LogTime.clf(d, s, e - s == LogTime.CLF_LENGTH)) {
                    return false;
                }
                f[base + TIME_START] = s;
                f[base + TIME_END] = e;
            }
            case TIME_ISO, TIME_ANY -> {
                if (!LogTime.valid(d, s, e) || (field == LogField.TIME_ISO && d[s + 4] != '-')) {
                    return false;
                }
                f[base + TIME_START] = s;
                f[base + TIME_END] = e;
            }
            case REQUEST -> {
                set(f, base + REQUEST_START, s, e);
                AccessLogParser.locateRequestParts(d, s, e, f, base);
            }
            case METHOD -> {
                if (e - s == 1 && d[s] == '-' || e == s) {
                    return true;
                }
                set(f, base + METHOD_START, s, e);
            }
            case PATH -> {
                set(f, base + PATH_START, s, e);
                f[base + TARGET_END] = e;
            }
            case QUERY -> {
                if (e > s && !(e - s == 1 && d[s] == '-')) {
                    set(f, base + QUERY_START, s, e);
                }
            }
            case QUERY_MARKED -> {
                if (e > s) {
                    if (d[s] != '?') {
                        return false;
                    }
                    set(f, base + QUERY_START, s + 1, e);
                    if (f[base + PATH_END] == s) {
                        f[base + TARGET_END] = e;
                    }
                }
            }
            case TARGET -> {
                int q = s;
                while (q < e && d[q] != '?') {
                    q++;
                }
                f[base + PATH_START] = s;
                f[base + PATH_END] = q;
                f[base + TARGET_END] = e;
                if (q + 1 < e) {
                    set(f, base + QUERY_START, q + 1, e);
                }
            }
            case PROTOCOL -> set(f, base + PROTOCOL_START, s, e);
            case STATUS -> {
                if (e - s != 3 || !digit(d[s]) || !digit(d[s + 1]) || !digit(d[s + 2])) {
                    return false;
                }
                f[base + STATUS] = (d[s] - '0') * 100 + (d[s + 1] - '0') * 10 + (d[s + 2] - '0');
                f[base + STATUS_AT] = s;
            }
            case BYTES -> {
                long size = count(d, s, e);
                if (size < -1) {
                    return false;
                }
                batch.sizes[line] = Math.max(0, size);
            }
            case REQUEST_SECONDS -> {
                long micros = secondsToMicros(d, s, e);
                if (micros < -1) {
                    return false;
                }
                batch.requestMicros[line] = micros;
            }
            case REQUEST_MICROS -> {
                long micros = count(d, s, e);
                if (micros < -1) {
                    return false;
                }
                batch.requestMicros[line] = micros;
            }
            case UPSTREAM_SECONDS -> {
                long micros = upstreamMicros(d, s, e);
                if (micros < -1) {
                    return false;
                }
                batch.upstreamMicros[line] = micros;
            }
            case REFERRER -> set(f, base + REFERRER_START, s, e);
            case USER_AGENT -> set(f, base + LogBatch.AGENT_START, s, e);
            case FORWARDED -> set(f, base + FORWARDED_START, s, e);
            case VHOST -> set(f, base + VHOST_START, s, e);
            case PORT -> set(f, base + PORT_START, s, e);
            case CUSTOM -> set(f, base + slot, s, e);
            case IDENT, SKIP -> {
                // read, not kept
            }
        }
        return true;
    }

    private static void set(int[] f, int at, int s, int e) {
        f[at] = s;
        f[at + 1] = e;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** Digits as a number, -1 for {@code -}, -2 if neither. */
    static long count(byte[] d, int s, int e) {
        if (e - s == 1 && d[s] == '-') {
            return -1;
        }
        if (e == s || e - s > 18) {
            return -2;
        }
        long n = 0;
        for (int i = s; i < e; i++) {
            if (!digit(d[i])) {
                return -2;
            }
            n = n * 10 + (d[i] - '0');
        }
        return n;
    }

    /** {@code 0.012} seconds as microseconds (digits past the sixth decimal dropped), -1 for {@code -}, -2 if not a number. */
    static long secondsToMicros(byte[] d, int s, int e) {
        if (e - s == 1 && d[s] == '-') {
            return -1;
        }
        int p = s;
        long seconds = 0;
        while (p < e && digit(d[p]) && p - s < 12) {
            seconds = seconds * 10 + (d[p] - '0');
            p++;
        }
        if (p == s) {
            return -2;
        }
        long micros = seconds * 1_000_000L;
        if (p < e && d[p] == '.') {
            p++;
            long scale = 100_000;
            int digits = p;
            while (p < e && digit(d[p])) {
                micros += (d[p] - '0') * scale;
                scale /= 10;
                p++;
            }
            if (p == digits) {
                return -2;
            }
        }
        return p == e ? micros : -2;
    }

    /** {@code 0.010, 0.020 : 0.005}: the sum, {@code -} entries counting 0; -1 when every entry is {@code -}. */
    static long upstreamMicros(byte[] d, int s, int e) {
        long sum = -1;
        int p = s;
        for (;;) {
            int q = p;
            while (q < e && d[q] != ',' && d[q] != ' ') {
                q++;
            }
            long micros = secondsToMicros(d, p, q);
            if (micros < -1) {
                return -2;
            }
            if (micros >= 0) {
                sum = Math.max(sum, 0) + micros;
            }
            p = q;
            while (p < e && (d[p] == ',' || d[p] == ' ' || d[p] == ':')) {
                p++;
            }
            if (p == e) {
                return q == e ? sum : -2;
            }
        }
    }

    /** Points the client at the first address of the X-Forwarded-For chain, when the line has one. */
    static void forwardedClient(byte[] d, int[] f, int base) {
        int start = f[base + FORWARDED_START];
        if (start < 0) {
            return;
        }
        int end = f[base + FORWARDED_END];
        int s = start;
        while (s < end && d[s] == ' ') {
            s++;
        }
        int e = s;
        while (e < end && d[e] != ',' && d[e] != ' ') {
            e++;
        }
        if (e > s && !(e - s == 1 && d[s] == '-')) {
            f[base + CLIENT_START] = s;
            f[base + CLIENT_END] = e;
        }
    }
}
