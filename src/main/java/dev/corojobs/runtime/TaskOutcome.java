package dev.corojobs.runtime;

/** How a task ended, as counted in {@code corojobs_tasks_finished_total{outcome}}. */
public enum TaskOutcome {
    /** Its body returned. */
    COMPLETED("completed"),
    /** Its body threw. */
    FAILED("failed"),
    /** It was killed or closed from outside. */
    CANCELLED("cancelled");

    private final String label;

    TaskOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
