package dev.corojobs.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Parses JSON lines: one flat object per line, as nginx writes with {@code log_format ... escape=json}.
 * Keys are matched against the format's mapping; every value may be a string (numbers, {@code true},
 * {@code false} and {@code null} are read too; {@code null} counts as absent). String values are kept as
 * written between their quotes, escapes included. Keys not mapped are skipped; nested values are refused.
 */
final class JsonLineParser implements LineGrammar {

    private static final String[] REASONS = {
        "not a JSON object (expected '{')",
        "bad or unterminated key",
        "expected ':' after a key",
        "bad or unterminated value (strings, numbers, true, false or null; no nested values)",
        "expected ',' or '}' after a value",
        "unexpected data after the object",
        "the status key is missing",
        "empty line",
    };
    private static final int OBJECT = 1;
    private static final int KEY = 2;
    private static final int COLON = 3;
    private static final int VALUE = 4;
    private static final int SEPARATOR = 5;
    private static final int TRAILING = 6;
    private static final int NO_STATUS = 7;
    private static final int EMPTY = 8;
    /** The first field whose value did not fit is reported past the fixed reasons. */
    private final String[] fieldReasons;

    private final byte[][] keys;
    /** Open addressing over the keys by length and a few of their bytes: entry index + 1, 0 for empty. */
    private final int[] table;
    private final LogField[] fields;
    private final int[] slots;
    private final int stride;
    private final boolean timings;
    private final boolean forwardedClient;
    private final boolean needsStatus;

    /** @param mapping JSON key to field, in a stable order; custom fields by their index in {@code customFields} */
    JsonLineParser(Map<String, LogField> mapping, Map<String, String> customKeys, List<String> customFields,
                   boolean forwardedClient) {
        int n = mapping.size() + customKeys.size();
        keys = new byte[n][];
        fields = new LogField[n];
        slots = new int[n];
        fieldReasons = new String[n];
        int i = 0;
        boolean anyTiming = false;
        boolean status = false;
        for (Map.Entry<String, LogField> e : mapping.entrySet()) {
            keys[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
            fields[i] = e.getValue();
            fieldReasons[i] = "bad value of \"" + e.getKey() + "\" (" + e.getValue().name + ")";
            anyTiming |= e.getValue() == LogField.REQUEST_SECONDS || e.getValue() == LogField.REQUEST_MICROS
                    || e.getValue() == LogField.UPSTREAM_SECONDS;
            status |= e.getValue() == LogField.STATUS;
            i++;
        }
        for (Map.Entry<String, String> e : customKeys.entrySet()) {
            keys[i] = e.getValue().getBytes(StandardCharsets.UTF_8);
            fields[i] = LogField.CUSTOM;
            slots[i] = LogBatch.custom(customFields.indexOf(e.getKey()));
            fieldReasons[i] = "bad value of \"" + e.getValue() + "\"";
            i++;
        }
        stride = LogBatch.FIELDS + 2 * customFields.size();
        timings = anyTiming;
        needsStatus = status;
        table = new int[Integer.highestOneBit(Math.max(1, n) * 4) * 2];
        for (int k = 0; k < n; k++) {
            int slot = hash(keys[k], 0, keys[k].length) & (table.length - 1);
            while (table[slot] != 0) {
                slot = (slot + 1) & (table.length - 1);
            }
            table[slot] = k + 1;
        }
        this.forwardedClient = forwardedClient;
    }

    @Override
    public int stride() {
        return stride;
    }

    @Override
    public boolean timings() {
        return timings;
    }

    @Override
    public String reason(int code) {
        return code <= REASONS.length ? REASONS[code - 1] : fieldReasons[code - REASONS.length - 1];
    }

    private static int skipSpaces(byte[] d, int p, int end) {
        while (p < end && (d[p] == ' ' || d[p] == '\t')) {
            p++;
        }
        return p;
    }

    @Override
    public int parseLine(byte[] d, int s, int end, int[] f, int base, LogBatch batch) {
        if (d[s] == '\n' || (d[s] == '\r' && (s + 1 == end || d[s + 1] == '\n'))) {
            return -EMPTY;
        }
        FieldStore.clear(batch, f, base);
        int p = skipSpaces(d, s, end);
        if (p >= end || d[p] != '{') {
            return -OBJECT;
        }
        p = skipSpaces(d, p + 1, end);
        if (p < end && d[p] == '}') {
            p++;
        } else {
            for (;;) {
                if (p >= end || d[p] != '"') {
                    return -KEY;
                }
                int keyStart = p + 1;
                int keyEnd = AccessLogParser.closingQuote(d, keyStart, end);
                if (keyEnd < 0) {
                    return -KEY;
                }
                p = skipSpaces(d, keyEnd + 1, end);
                if (p >= end || d[p] != ':') {
                    return -COLON;
                }
                p = skipSpaces(d, p + 1, end);
                if (p >= end) {
                    return -VALUE;
                }
                int valueStart;
                int valueEnd;
                if (d[p] == '"') {
                    valueStart = p + 1;
                    valueEnd = AccessLogParser.closingQuote(d, valueStart, end);
                    if (valueEnd < 0) {
                        return -VALUE;
                    }
                    p = valueEnd + 1;
                } else {
                    valueStart = p;
                    while (p < end && d[p] != ',' && d[p] != '}' && d[p] != ' ' && d[p] != '\n' && d[p] != '\r'
                            && d[p] != '{' && d[p] != '[' && d[p] != '"') {
                        p++;
                    }
                    valueEnd = p;
                    if (valueEnd == valueStart) {
                        return -VALUE;
                    }
                    if (valueEnd - valueStart == 4 && d[valueStart] == 'n' && d[valueStart + 1] == 'u'
                            && d[valueStart + 2] == 'l' && d[valueStart + 3] == 'l') {
                        valueStart = -1;
                    }
                }
                if (valueStart >= 0) {
                    int k = match(d, keyStart, keyEnd);
                    if (k >= 0 && !FieldStore.store(fields[k], slots[k], d, valueStart, valueEnd, f, base, batch)) {
                        return -(REASONS.length + k + 1);
                    }
                }
                p = skipSpaces(d, p, end);
                if (p < end && d[p] == ',') {
                    p = skipSpaces(d, p + 1, end);
                    continue;
                }
                if (p < end && d[p] == '}') {
                    p++;
                    break;
                }
                return -SEPARATOR;
            }
        }
        int next = AccessLogParser.lineEndAt(d, skipSpaces(d, p, end), end);
        if (next < 0) {
            return -TRAILING;
        }
        if (needsStatus && f[base + LogBatch.STATUS_AT] < 0) {
            return -NO_STATUS;
        }
        if (forwardedClient) {
            FieldStore.forwardedClient(d, f, base);
        }
        return next;
    }

    private static int hash(byte[] d, int start, int length) {
        if (length == 0) {
            return 0;
        }
        int h = length * 0x9E3779B1;
        h ^= d[start] * 31 + d[start + length - 1] * 131 + d[start + (length >> 1)] * 7;
        return h ^ (h >>> 15);
    }

    private int match(byte[] d, int start, int end) {
        int length = end - start;
        int mask = table.length - 1;
        for (int slot = hash(d, start, length) & mask; ; slot = (slot + 1) & mask) {
            int entry = table[slot] - 1;
            if (entry < 0) {
                return -1;
            }
            byte[] key = keys[entry];
            if (key.length == length && java.util.Arrays.equals(key, 0, length, d, start, end)) {
                return entry;
            }
        }
    }
}
