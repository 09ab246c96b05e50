package dev.corojobs.simulation;

import java.util.Map;

/**
 * A simulation that could not finish: its step budget ran out, its tasks deadlocked, or it hit the task
 * cap. Carries the partial result (the trace so far, counts and task summaries).
 */
public final class SimulationFailedException extends RuntimeException {

    /** Why a simulation failed. */
    public enum Reason {
        MAX_STEPS_EXCEEDED("max-steps-exceeded"),
        DEADLOCK("deadlock"),
        TASK_CAP_EXCEEDED("task-cap-exceeded");

        private final String slug;

        Reason(String slug) {
            this.slug = slug;
        }

        /** A short kebab-case name, usable in a problem type URI. */
        public String slug() {
            return slug;
        }
    }

    private final Reason reason;
    private final transient Map<String, Object> partialResult;

    public SimulationFailedException(Reason reason, String message, Map<String, Object> partialResult) {
        super(message);
        this.reason = reason;
        this.partialResult = partialResult;
    }

    public Reason reason() {
        return reason;
    }

    /** The result document as far as the simulation got. */
    public Map<String, Object> partialResult() {
        return partialResult;
    }
}
