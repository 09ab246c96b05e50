package dev.corojobs.pipeline;

/** What a branch counts by. Hours and days are the log's own local time, as written in each line. */
public enum GroupBy {
    /** The client: {@code %h} / {@code $remote_addr}, or the first X-Forwarded-For address with {@code "client": "forwarded"}. */
    IP("ip"),
    STATUS("status"),
    METHOD("method"),
    /** The request target without its query string. */
    PATH("path"),
    /** {@code 2015-05-17T10}. */
    HOUR("hour"),
    /** {@code 2015-05-17}. */
    DAY("day"),
    USER_AGENT("userAgent"),
    REFERRER("referrer"),
    /** The request target with its query string, as written. */
    PATH_WITH_QUERY("pathWithQuery"),
    /** The query string without its {@code '?'} ({@code -} when there is none). */
    QUERY("query"),
    /** The whole request line ({@code GET /x HTTP/1.1}). */
    REQUEST("request"),
    PROTOCOL("protocol"),
    /** The authenticated user ({@code %u}, {@code $remote_user}). */
    USER("user"),
    /** The virtual host ({@code %v}, {@code $host}, {@code $server_name}). */
    VHOST("vhost"),
    /** The server port ({@code %p}, {@code $server_port}). */
    PORT("port"),
    /** The whole X-Forwarded-For chain as written. */
    FORWARDED_FOR("forwardedFor"),
    /** One of the format's own fields ({@code $name}, {@code %{Header}i}, a JSON key), named by the branch's {@code field}. */
    FIELD("field");

    private final String json;

    GroupBy(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }
}
