package dev.corojobs.simulation;

import dev.corojobs.runtime.DeadlockReport;
import java.util.Map;

/**
 * A simulation that could not finish: its step budget ran out, its tasks deadlocked, it hit the task cap,
 * or its trace went over a byte budget (or could not be written). Carries the partial result (the trace so far, counts and task summaries).
 */
public final class SimulationFailedException extends RuntimeException {

    /** Why a simulation failed. */
    public enum Reason {
        MAX_STEPS_EXCEEDED("max-steps-exceeded"),
        DEADLOCK("deadlock"),
        TASK_CAP_EXCEEDED("task-cap-exceeded"),
        TRACE_BUDGET_EXCEEDED("trace-budget-exceeded");

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
    private final transient DeadlockReport deadlock;

    public SimulationFailedException(Reason reason, String message, Map<String, Object> partialResult) {
        this(reason, message, partialResult, null);
    }

    /** With {@code deadlock}: the wait-for cycles, when the reason is {@link Reason#DEADLOCK}. */
    public SimulationFailedException(Reason reason, String message, Map<String, Object> partialResult,
            DeadlockReport deadlock) {
        super(message);
        this.reason = reason;
        this.partialResult = partialResult;
        this.deadlock = deadlock;
    }

    /** The wait-for cycles and blocked tasks of a deadlocked run, or null. */
    public DeadlockReport deadlock() {
        return deadlock;
    }

    public Reason reason() {
        return reason;
    }

    /** The result document as far as the simulation got. */
    public Map<String, Object> partialResult() {
        return partialResult;
    }
}
