package dev.corojobs.pipeline;

import java.util.Arrays;

/**
 * A slice of the input holding whole lines, and after the parse stage the located fields of every line that
 * parsed. Fields are offsets into {@link #data}: nothing is decoded until a stage needs it. Once parsed, a
 * batch is only read, so the broadcast stage hands the same object to every branch (on any thread).
 */
public final class LogBatch {

    static final int CLIENT_START = 0;
    static final int CLIENT_END = 1;
    static final int TIME_START = 2;
    static final int METHOD_START = 3;
    /** -1 when the request is not {@code METHOD SP TARGET ...}: method and path are then "-". */
    static final int METHOD_END = 4;
    static final int PATH_START = 5;
    static final int PATH_END = 6;
    static final int STATUS = 7;
    /** -1 on Common lines, which have no referrer and user agent. */
    static final int REFERRER_START = 8;
    static final int REFERRER_END = 9;
    static final int AGENT_START = 10;
    static final int AGENT_END = 11;
    /** Where the three status digits are; -1 when the format has no status (the status is then 0). */
    static final int STATUS_AT = 12;
    /** End of the timestamp: its length tells its shape (see {@link LogTime}); TIME_START is -1 without one. */
    static final int TIME_END = 13;
    /** The authenticated user ({@code %u}, {@code $remote_user}). */
    static final int USER_START = 14;
    static final int USER_END = 15;
    /** The query string without its {@code '?'}; -1 when the target has none. */
    static final int QUERY_START = 16;
    static final int QUERY_END = 17;
    /** The request's protocol ({@code HTTP/1.1}); -1 when absent. */
    static final int PROTOCOL_START = 18;
    static final int PROTOCOL_END = 19;
    /** The virtual host ({@code %v}, {@code $host}, {@code $server_name}); -1 when absent. */
    static final int VHOST_START = 20;
    static final int VHOST_END = 21;
    /** The server port ({@code %p}); -1 when absent. */
    static final int PORT_START = 22;
    static final int PORT_END = 23;
    /** The whole X-Forwarded-For value as written; -1 when absent. */
    static final int FORWARDED_START = 24;
    static final int FORWARDED_END = 25;
    /** End of the request target with its query ({@code PATH_START} to here is {@code pathWithQuery}). */
    static final int TARGET_END = 26;
    /** The whole request line ({@code "GET /x HTTP/1.1"} without quotes); -1 when the format has none. */
    static final int REQUEST_START = 27;
    static final int REQUEST_END = 28;
    /** Fixed fields per line; a format's own fields ({@code $name}) follow, two slots each (see {@link #stride}). */
    static final int FIELDS = 29;

    final byte[] data;
    final int start;
    int end;
    /** The 1-based number of the first line, set by the parse stage (which counts lines in input order). */
    long firstLineNumber = 1;
    /** The batch's place in the input (0, 1, 2, ...), set by the reader. */
    long sequence;

    /** Lines in the slice (parsed or not), set by the parser. */
    int lines;
    /** Lines that parsed; their fields are at {@code fields[i * FIELDS + ...]} and {@code sizes[i]}. */
    int parsed;
    int[] fields;
    /** Slots per parsed line: {@link #FIELDS} plus two per custom field of the format. */
    int stride = FIELDS;
    /** Response bytes per parsed line ({@code -} is 0). */
    long[] sizes;
    /** Request time in microseconds per parsed line, -1 when absent; null when the format has none. */
    long[] requestMicros;
    /** Upstream response time in microseconds per parsed line, -1 when absent; null when the format has none. */
    long[] upstreamMicros;
    /** Response bytes summed over the parsed lines. */
    long sizeTotal;

    /** @param data holds the lines in {@code [start, end)}; the last line may lack its {@code '\n'} */
    public LogBatch(byte[] data, int start, int end) {
        this.data = data;
        this.start = start;
        this.end = end;
        int capacity = Math.max(16, (end - start) / 96);
        this.fields = new int[capacity * FIELDS];
        this.sizes = new long[capacity];
    }

    /** Makes the batch hold {@code data[start, end)} afresh, keeping its arrays (see {@link LogReader#recycle}). */
    void reset(int end) {
        this.end = end;
        this.lines = 0;
        this.parsed = 0;
        this.sizeTotal = 0;
        this.firstLineNumber = 1;
        this.sequence = 0;
    }

    /** Sets the slots per line and which timing arrays the parser fills (before it parses the first line). */
    void layout(int stride, boolean timings) {
        if (stride != this.stride) {
            this.stride = stride;
            fields = new int[sizes.length * stride];
        }
        if (timings && requestMicros == null) {
            requestMicros = new long[sizes.length];
            upstreamMicros = new long[sizes.length];
        } else if (!timings) {
            requestMicros = null;
            upstreamMicros = null;
        }
    }

    /** Makes room for one more parsed line and returns the base index of its fields. */
    int claimLine() {
        if (parsed == sizes.length) {
            sizes = Arrays.copyOf(sizes, parsed * 2);
            fields = Arrays.copyOf(fields, parsed * 2 * stride);
            if (requestMicros != null) {
                requestMicros = Arrays.copyOf(requestMicros, parsed * 2);
                upstreamMicros = Arrays.copyOf(upstreamMicros, parsed * 2);
            }
        }
        return parsed * stride;
    }

    /** Index of parsed line {@code line}'s first slot in {@link #fields}. */
    int base(int line) {
        return line * stride;
    }

    int field(int line, int field) {
        return fields[line * stride + field];
    }

    /** Slot of custom field {@code index} (its start; the end is the next slot), as {@link LogFormat#customFields()} orders them. */
    static int custom(int index) {
        return FIELDS + 2 * index;
    }

    /** Response bytes of parsed line {@code line} ({@code -} and absent are 0). */
    long size(int line) {
        return sizes[line];
    }

    /** Request time of parsed line {@code line} in microseconds, or -1 when the line or format has none. */
    long requestMicros(int line) {
        return requestMicros == null ? -1 : requestMicros[line];
    }

    /** Upstream response time (summed over the upstreams tried) in microseconds, or -1 when absent. */
    long upstreamMicros(int line) {
        return upstreamMicros == null ? -1 : upstreamMicros[line];
    }

    /** Data bytes of a located field as text, or null when the slot holds -1. */
    String text(int line, int startSlot, int endSlot) {
        int start = field(line, startSlot);
        int end = field(line, endSlot);
        return start < 0 || end < 0 ? null : new String(data, start, end - start, java.nio.charset.StandardCharsets.UTF_8);
    }

    public int lines() {
        return lines;
    }

    public int parsed() {
        return parsed;
    }

    public long inputBytes() {
        return end - start;
    }

    // Read-only access to the located fields of parsed line {@code line} (0 <= line < parsed()), for aggregations
    // outside this package (the report). Offsets are into data(); ends are exclusive.

    public byte[] data() {
        return data;
    }

    public int clientStart(int line) {
        return field(line, CLIENT_START);
    }

    public int clientEnd(int line) {
        return field(line, CLIENT_END);
    }

    /** The whole request field, between its quotes: {@code GET /a?b=1 HTTP/1.1} as written; -1 when the format has none. */
    public int requestStart(int line) {
        return field(line, REQUEST_START);
    }

    public int requestEnd(int line) {
        return field(line, REQUEST_END);
    }

    public int status(int line) {
        return field(line, STATUS);
    }

    /** Response bytes ({@code -} is 0). */
    public long responseBytes(int line) {
        return sizes[line];
    }

    /** -1 on a Common line. */
    public int referrerStart(int line) {
        return field(line, REFERRER_START);
    }

    public int referrerEnd(int line) {
        return field(line, REFERRER_END);
    }

    /** -1 on a Common line. */
    public int agentStart(int line) {
        return field(line, AGENT_START);
    }

    public int agentEnd(int line) {
        return field(line, AGENT_END);
    }

    /** Whether the line has a timestamp (formats without a time field have none). */
    public boolean hasTime(int line) {
        return field(line, TIME_START) >= 0;
    }

    /** Seconds since the epoch of the line's timestamp (see {@link #hasTime}). */
    public long epochSecond(int line) {
        return LogTime.epochSecond(data, field(line, TIME_START), field(line, TIME_END));
    }

    /** The line's local date as written, as the number yyyyMMdd (see {@link #hasTime}). */
    public int localDate(int line) {
        int t = field(line, TIME_START);
        byte[] d = data;
        if (d[t + 4] == '-') {
            return ((d[t] - '0') * 1000 + (d[t + 1] - '0') * 100 + (d[t + 2] - '0') * 10 + d[t + 3] - '0') * 10_000
                    + ((d[t + 5] - '0') * 10 + d[t + 6] - '0') * 100 + (d[t + 8] - '0') * 10 + d[t + 9] - '0';
        }
        int year = (d[t + 7] - '0') * 1000 + (d[t + 8] - '0') * 100 + (d[t + 9] - '0') * 10 + d[t + 10] - '0';
        return year * 10_000 + AccessLogParser.month(d, t + 3) * 100 + (d[t] - '0') * 10 + d[t + 1] - '0';
    }

    /** The line's local hour as written, 0 to 23 (see {@link #hasTime}). */
    public int localHour(int line) {
        int t = field(line, TIME_START);
        int h = data[t + 4] == '-' ? t + 11 : t + 12;
        return (data[h] - '0') * 10 + data[h + 1] - '0';
    }

    /**
     * The time taken to serve the request in microseconds ({@code %D}, {@code %T}, {@code $request_time}), or -1
     * when the line or its format does not log it.
     */
    public long responseMicros(int line) {
        return requestMicros(line);
    }
}
