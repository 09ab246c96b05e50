package dev.corojobs.runtime;

import java.util.List;

/**
 * A task step that has run longer than the watchdog's threshold without yielding: it keeps every other task
 * of its kernel waiting. Reported once per step, while it is still running.
 *
 * @param nanos how long the step had run when it was reported (at least; the watchdog samples)
 * @param task the task being stepped
 * @param stack where the kernel's thread was at that moment, innermost frame first (may be empty)
 */
public record LongStep(long nanos, TaskDump task, List<StackTraceElement> stack) {

    public LongStep {
        stack = List.copyOf(stack);
    }

    /** Told about each long step, on the watchdog's thread; must be quick. */
    @FunctionalInterface
    public interface Listener {

        void longStep(LongStep step);
    }
}
