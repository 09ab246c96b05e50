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
    /** Where the three status digits are. */
    static final int STATUS_AT = 12;
    static final int FIELDS = 13;

    final byte[] data;
    final int start;
    int end;
    /** The 1-based number of the first line, set by the parse stage (which counts lines in input order). */
    long firstLineNumber = 1;

    /** Lines in the slice (parsed or not), set by the parser. */
    int lines;
    /** Lines that parsed; their fields are at {@code fields[i * FIELDS + ...]} and {@code sizes[i]}. */
    int parsed;
    int[] fields;
    /** Response bytes per parsed line ({@code -} is 0). */
    long[] sizes;
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
    }

    /** Makes room for one more parsed line and returns the base index of its fields. */
    int claimLine() {
        if (parsed == sizes.length) {
            sizes = Arrays.copyOf(sizes, parsed * 2);
            fields = Arrays.copyOf(fields, parsed * 2 * FIELDS);
        }
        return parsed * FIELDS;
    }

    int field(int line, int field) {
        return fields[line * FIELDS + field];
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

    /** The whole request field, between its quotes: {@code GET /a?b=1 HTTP/1.1} as written. */
    public int requestStart(int line) {
        return field(line, METHOD_START);
    }

    public int requestEnd(int line) {
        return field(line, STATUS_AT) - 2;
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

    /** Seconds since the epoch of the line's timestamp. */
    public long epochSecond(int line) {
        return AccessLogParser.epochSecond(data, field(line, TIME_START));
    }

    /** The line's local date as written, as the number yyyyMMdd. */
    public int localDate(int line) {
        int t = field(line, TIME_START);
        int year = (data[t + 7] - '0') * 1000 + (data[t + 8] - '0') * 100 + (data[t + 9] - '0') * 10 + data[t + 10] - '0';
        return year * 10_000 + AccessLogParser.month(data, t + 3) * 100 + (data[t] - '0') * 10 + data[t + 1] - '0';
    }

    /** The line's local hour as written, 0 to 23. */
    public int localHour(int line) {
        int t = field(line, TIME_START);
        return (data[t + 12] - '0') * 10 + data[t + 13] - '0';
    }

    /**
     * The time taken to serve the request in microseconds, or -1 when the line's format does not log it.
     * Combined and Common lines never do; formats with {@code %D}, {@code %T} or {@code $request_time} will.
     */
    public long responseMicros(int line) {
        return -1;
    }
}
