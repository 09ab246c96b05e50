package dev.corojobs.runtime;

/** A live task's scheduling state, as counted in {@code corojobs_tasks{state}}. */
public enum TaskState {
    /** In a ready queue, waiting for its turn. */
    READY("ready"),
    /** Being stepped right now. */
    RUNNING("running"),
    /** Waiting: for another task, a clock tick, a socket or a queue. */
    SUSPENDED("suspended");

    private final String label;

    TaskState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
