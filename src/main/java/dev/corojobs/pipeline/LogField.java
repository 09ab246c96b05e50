package dev.corojobs.pipeline;

/** What one field of a log format holds, and how its text is read. */
enum LogField {
    /** {@code %h}, {@code %a}, {@code $remote_addr}: a non-empty token. */
    CLIENT("client"),
    /** {@code %l}: read and dropped. */
    IDENT("ident"),
    USER("user"),
    /** Apache's {@code dd/MMM/yyyy:HH:mm:ss +zzzz} ({@code %t} in brackets, {@code $time_local} bare). */
    TIME_CLF("time"),
    /** ISO 8601 ({@code $time_iso8601}). */
    TIME_ISO("time"),
    /** Either shape (JSON values). */
    TIME_ANY("time"),
    /** {@code METHOD SP TARGET [SP PROTOCOL]}: method, path, query, protocol and target are located in it. */
    REQUEST("request"),
    METHOD("method"),
    /** The path without the query ({@code %U}, {@code $uri}). */
    PATH("path"),
    /** The query string without its {@code '?'} ({@code $args}). */
    QUERY("query"),
    /** {@code %q}: empty, or {@code '?'} and the query string. */
    QUERY_MARKED("query"),
    /** Path and query ({@code $request_uri}). */
    TARGET("pathWithQuery"),
    PROTOCOL("protocol"),
    /** Three digits. */
    STATUS("status"),
    /** Digits, or {@code -} for none. */
    BYTES("bytes"),
    /** Seconds with an optional fraction ({@code 0.012}, {@code %T}, {@code $request_time}). */
    REQUEST_SECONDS("requestTime"),
    /** Microseconds ({@code %D}). */
    REQUEST_MICROS("requestTime"),
    /** Seconds per upstream tried, {@code ", "} or {@code " : "} between them, {@code -} for none: summed. */
    UPSTREAM_SECONDS("upstreamTime"),
    REFERRER("referrer"),
    USER_AGENT("userAgent"),
    /** The X-Forwarded-For chain. */
    FORWARDED("forwardedFor"),
    VHOST("vhost"),
    PORT("port"),
    /** A format's own field ({@code $name}, {@code %{Header}i}), groupable by its name. */
    CUSTOM("field"),
    /** A number that is read and dropped ({@code %I}, a second byte count). */
    SKIP("skip");

    /** The name used in {@code {"json": {...}}} mappings and messages. */
    final String name;

    LogField(String name) {
        this.name = name;
    }

    /** Fields whose value is checked and converted (the others are kept as the bytes written). */
    boolean numeric() {
        return this == STATUS || this == BYTES || this == REQUEST_SECONDS || this == REQUEST_MICROS
                || this == UPSTREAM_SECONDS;
    }
}
