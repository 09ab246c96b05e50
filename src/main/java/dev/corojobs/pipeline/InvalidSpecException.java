package dev.corojobs.pipeline;

/** A pipeline spec that cannot run; {@link #pointer()} is the JSON pointer of the offending field. */
public final class InvalidSpecException extends IllegalArgumentException {

    private final String pointer;

    public InvalidSpecException(String pointer, String message) {
        super(pointer + ": " + message);
        this.pointer = pointer;
    }

    public String pointer() {
        return pointer;
    }
}
