package dev.corojobs.pipeline;

/** Which access-log line shapes the parser accepts. */
public enum LogFormat {
    /** Combined or Common, decided per line. */
    AUTO("auto"),
    /** {@code host ident user [time] "request" status bytes "referer" "user-agent"} only. */
    COMBINED("combined"),
    /** The Common Log Format only: the same line ending after {@code bytes}. */
    COMMON("common");

    private final String json;

    LogFormat(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }
}
