package dev.corojobs.pipeline;

/** A pipeline spec that cannot run; {@link #pointer()} is the JSON pointer of the offending field. */
public final class InvalidSpecException extends IllegalArgumentException {

    private final String pointer;
    private final String detail;

    public InvalidSpecException(String pointer, String message) {
        super(pointer + ": " + message);
        this.pointer = pointer;
        this.detail = message;
    }

    /** Where in the spec document, as a JSON pointer (for example {@code /branches/1/groupBy}). */
    public String pointer() {
        return pointer;
    }

    /** What is wrong, without the place. */
    public String detail() {
        return detail;
    }
}
