package dev.corojobs.runtime;

/** Which part of the service a coroutine task belongs to; a label on every task count. */
public enum TaskKind {
    SIMULATION("simulation"),
    PIPELINE("pipeline"),
    TCP("tcp");

    private final String label;

    TaskKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
