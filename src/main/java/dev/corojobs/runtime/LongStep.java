package dev.corojobs.runtime;

/**
 * A task step that ran longer than the configured threshold without yielding: it kept every other task of
 * its kernel waiting that long.
 *
 * @param nanos how long the step ran
 * @param task the task as it was right after the step (its chain shows where it yielded or ended)
 */
public record LongStep(long nanos, TaskDump task) {

    /** Told about each long step, on the thread that ran it; must be quick and must not throw. */
    @FunctionalInterface
    public interface Listener {

        Listener NONE = step -> { };

        void longStep(LongStep step);
    }
}
