package dev.corojobs.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses lines laid out by a compiled format string: literal text is compared byte for byte, and each field
 * ends where the text after it begins (found with a SWAR scan that also stops at a newline). A field between
 * double quotes ends at the closing quote, skipping {@code \"}; an Apache time is read by its fixed shape
 * (it holds a space); an unquoted upstream-time list ({@code 0.1, 0.2}) is read as a list. No regex, one
 * pass per line.
 */
final class LayoutParser implements LineGrammar {

    /** How a field's end is found. */
    private static final int TO_BYTE = 0;
    private static final int TO_LINE_END = 1;
    private static final int QUOTED = 2;
    private static final int CLF_TIME = 3;
    private static final int UPSTREAM_LIST = 4;
    private static final int PATH_THEN_QUERY = 5;
    /** A number: its end is the first byte that is not a digit, '.' or '-' (no scan for the terminator). */
    private static final int NUMBER = 6;

    private final byte[][] literals;
    private final LogField[] fields;
    private final int[] slots;
    /** For fields kept as their bytes and nothing else: the slot of their start; -1 for fields that need checks. */
    private final int[] textSlots;
    private final int[] modes;
    private final byte[] terminators;
    private final String[] reasons;
    private final int stride;
    private final boolean timings;
    private final boolean forwardedClient;

    LayoutParser(List<FormatCompiler.Part> parts, List<String> customFields, boolean forwardedClient) {
        int n = parts.size();
        literals = new byte[n][];
        fields = new LogField[n];
        slots = new int[n];
        textSlots = new int[n];
        modes = new int[n];
        terminators = new byte[n];
        List<String> why = new ArrayList<>();
        boolean anyTiming = false;
        for (int i = 0; i < n; i++) {
            FormatCompiler.Part part = parts.get(i);
            if (!part.isField()) {
                literals[i] = part.literal();
                String after = i == 0 ? "at the start of the line" : "after " + parts.get(i - 1).token();
                why.add("expected '" + new String(part.literal(), java.nio.charset.StandardCharsets.UTF_8) + "' " + after);
                continue;
            }
            fields[i] = part.field();
            slots[i] = part.field() == LogField.CUSTOM ? LogBatch.custom(customFields.indexOf(part.custom())) : 0;
            textSlots[i] = switch (part.field()) {
                case USER -> LogBatch.USER_START;
                case PROTOCOL -> LogBatch.PROTOCOL_START;
                case REFERRER -> LogBatch.REFERRER_START;
                case USER_AGENT -> LogBatch.AGENT_START;
                case FORWARDED -> LogBatch.FORWARDED_START;
                case VHOST -> LogBatch.VHOST_START;
                case PORT -> LogBatch.PORT_START;
                case CUSTOM -> slots[i];
                default -> -1;
            };
            anyTiming |= part.field() == LogField.REQUEST_SECONDS || part.field() == LogField.REQUEST_MICROS
                    || part.field() == LogField.UPSTREAM_SECONDS;
            FormatCompiler.Part next = i + 1 < n ? parts.get(i + 1) : null;
            FormatCompiler.Part previous = i > 0 ? parts.get(i - 1) : null;
            boolean quoted = previous != null && !previous.isField() && endsWithQuote(previous.literal())
                    && next != null && !next.isField() && next.literal()[0] == '"';
            if (part.field() == LogField.TIME_CLF) {
                modes[i] = CLF_TIME;
            } else if (quoted) {
                modes[i] = QUOTED;
            } else if (next == null) {
                modes[i] = TO_LINE_END;
            } else if (next.isField()) {
                modes[i] = PATH_THEN_QUERY;
                FormatCompiler.Part after = i + 2 < n ? parts.get(i + 2) : null;
                terminators[i] = after == null ? (byte) '\n' : after.literal()[0];
            } else if (part.field() == LogField.UPSTREAM_SECONDS) {
                modes[i] = UPSTREAM_LIST;
                terminators[i] = next.literal()[0];
            } else {
                boolean number = part.field() == LogField.STATUS || part.field() == LogField.BYTES
                        || part.field() == LogField.REQUEST_MICROS || part.field() == LogField.REQUEST_SECONDS
                        || part.field() == LogField.SKIP;
                byte terminator = next.literal()[0];
                modes[i] = number && !(terminator >= '0' && terminator <= '9') && terminator != '.' && terminator != '-'
                        ? NUMBER : TO_BYTE;
                terminators[i] = terminator;
            }
            if (previous != null && previous.isField() && previous.field() == LogField.PATH) {
                modes[i] = next == null ? TO_LINE_END : TO_BYTE;
                terminators[i] = next == null ? 0 : next.literal()[0];
            }
            why.add("bad " + part.token() + " (" + describe(part.field()) + ")");
        }
        why.add("unexpected data after the last field");
        why.add("empty line");
        reasons = why.toArray(String[]::new);
        stride = LogBatch.FIELDS + 2 * customFields.size();
        timings = anyTiming;
        this.forwardedClient = forwardedClient;
    }

    private static boolean endsWithQuote(byte[] literal) {
        return literal[literal.length - 1] == '"';
    }

    private static String describe(LogField field) {
        return switch (field) {
            case CLIENT -> "a non-empty address or name expected";
            case TIME_CLF -> "dd/MMM/yyyy:HH:mm:ss +zzzz expected";
            case TIME_ISO -> "yyyy-MM-ddTHH:mm:ss+hh:mm expected";
            case STATUS -> "3 digits expected";
            case BYTES, REQUEST_MICROS, SKIP -> "digits or - expected";
            case REQUEST_SECONDS, UPSTREAM_SECONDS -> "seconds such as 0.012 or - expected";
            case QUERY_MARKED -> "empty or ?query expected";
            default -> "unterminated";
        };
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
        return reasons[code - 1];
    }

    @Override
    public int parseLine(byte[] d, int s, int end, int[] f, int base, LogBatch batch) {
        if (d[s] == '\n' || (d[s] == '\r' && (s + 1 == end || d[s + 1] == '\n'))) {
            return -reasons.length;
        }
        FieldStore.clear(batch, f, base);
        int p = s;
        int n = literals.length;
        for (int i = 0; i < n; i++) {
            byte[] literal = literals[i];
            if (literal != null) {
                if (p + literal.length > end || !startsWith(d, p, literal)) {
                    return -(i + 1);
                }
                p += literal.length;
                continue;
            }
            int valueEnd = switch (modes[i]) {
                case TO_BYTE -> {
                    byte t = terminators[i];
                    int e = t == ' ' ? ByteScan.spaceOrNewline(d, p, end)
                            : t == '"' ? ByteScan.quoteOrNewline(d, p, end)
                            : ByteScan.byteOrNewline(d, p, end, t);
                    yield e >= end || d[e] == '\n' ? -1 : e;
                }
                case TO_LINE_END -> {
                    int e = ByteScan.newline(d, p, end);
                    yield e > p && d[e - 1] == '\r' ? e - 1 : e;
                }
                case QUOTED -> AccessLogParser.closingQuote(d, p, end);
                case CLF_TIME -> p + LogTime.CLF_LENGTH <= end && d[p + LogTime.CLF_LOCAL_LENGTH] == ' '
                        ? p + LogTime.CLF_LENGTH : p + LogTime.CLF_LOCAL_LENGTH <= end ? p + LogTime.CLF_LOCAL_LENGTH : -1;
                case UPSTREAM_LIST -> upstreamEnd(d, p, end, terminators[i]);
                case NUMBER -> {
                    int e = p;
                    while (e < end && ((d[e] >= '0' && d[e] <= '9') || d[e] == '.' || d[e] == '-')) {
                        e++;
                    }
                    yield e < end && d[e] == terminators[i] ? e : -1;
                }
                default -> pathEnd(d, p, end, terminators[i]);
            };
            if (valueEnd < 0) {
                return -(i + 1);
            }
            int textSlot = textSlots[i];
            if (textSlot >= 0) {
                f[base + textSlot] = p;
                f[base + textSlot + 1] = valueEnd;
            } else if (!FieldStore.store(fields[i], slots[i], d, p, valueEnd, f, base, batch)) {
                return -(i + 1);
            }
            p = valueEnd;
        }
        int next = AccessLogParser.lineEndAt(d, p, end);
        if (next < 0) {
            return -(n + 1);
        }
        if (forwardedClient) {
            FieldStore.forwardedClient(d, f, base);
        }
        return next;
    }

    private static boolean startsWith(byte[] d, int p, byte[] literal) {
        for (int k = 0; k < literal.length; k++) {
            if (d[p + k] != literal[k]) {
                return false;
            }
        }
        return true;
    }

    /** End of a path that a {@code %q} follows: the {@code '?'}, or the text after the query. */
    private static int pathEnd(byte[] d, int p, int end, byte terminator) {
        int e = p;
        while (e < end && d[e] != '?' && d[e] != terminator && d[e] != '\n') {
            e++;
        }
        return e < end && d[e] == '\n' && terminator != '\n' ? -1 : e;
    }

    /** End of {@code 0.010, 0.020 : 0.005}: separators inside the list are not the terminator. */
    private static int upstreamEnd(byte[] d, int p, int end, byte terminator) {
        int e = p;
        for (;;) {
            while (e < end && d[e] != terminator && d[e] != ',' && d[e] != '\n') {
                e++;
            }
            if (e >= end || d[e] == '\n') {
                return -1;
            }
            if (d[e] == ',' && e + 2 < end && d[e + 1] == ' ') {
                e += 2;
            } else if (d[e] == ',') {
                e++;
            } else if (terminator == ' ' && e + 3 < end && d[e + 1] == ':' && d[e + 2] == ' ') {
                e += 3;
            } else {
                return e;
            }
        }
    }
}
