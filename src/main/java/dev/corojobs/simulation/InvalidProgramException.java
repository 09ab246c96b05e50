package dev.corojobs.simulation;

/**
 * A program that can't run, with the place of the mistake as a JSON pointer into the submitted program
 * (for example {@code /tasks/foo/2/op}).
 */
public final class InvalidProgramException extends RuntimeException {

    private final String pointer;

    public InvalidProgramException(String pointer, String detail) {
        super(detail);
        this.pointer = pointer;
    }

    /** Where in the program document, as a JSON pointer ({@code ""} is the whole document). */
    public String pointer() {
        return pointer;
    }

    /** What is wrong, without the place. */
    public String detail() {
        return getMessage();
    }

    @Override
    public String toString() {
        return "invalid program at " + (pointer.isEmpty() ? "/" : pointer) + ": " + getMessage();
    }
}
