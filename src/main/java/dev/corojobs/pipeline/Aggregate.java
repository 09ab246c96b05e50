package dev.corojobs.pipeline;

/** What a branch adds up per key. */
public enum Aggregate {
    /** Lines. */
    COUNT("count"),
    /** Response bytes ({@code -} counts 0). */
    BYTES("bytes");

    private final String json;

    Aggregate(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }
}
