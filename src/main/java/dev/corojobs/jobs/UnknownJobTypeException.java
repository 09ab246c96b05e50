package dev.corojobs.jobs;

import java.util.List;

/** A submission named a job type this application does not have. */
public final class UnknownJobTypeException extends RuntimeException {

    private final String type;
    private final List<String> known;

    public UnknownJobTypeException(String type, List<String> known) {
        super("There is no job type '" + type + "'; job types: " + (known.isEmpty() ? "none" : String.join(", ", known)),
                null, false, false);
        this.type = type;
        this.known = List.copyOf(known);
    }

    public String type() {
        return type;
    }

    public List<String> known() {
        return known;
    }
}
