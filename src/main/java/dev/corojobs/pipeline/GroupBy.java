package dev.corojobs.pipeline;

/** What a branch counts by. Hours and days are the log's own local time, as written in each line. */
public enum GroupBy {
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
    REFERRER("referrer");

    private final String json;

    GroupBy(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }
}
