package dev.corojobs.runtime;

import java.util.function.Consumer;

/**
 * A set of live tasks of one kind (a kernel, a pipeline's stages) that {@link TaskTracker} can count
 * without locking: counts are read racily, which is fine for gauges.
 */
public interface TaskGroup {

    TaskKind kind();

    /** How many tasks of this group are in {@code state} now. */
    int count(TaskState state);

    /**
     * Dumps live tasks in a stable order (a kernel's: by task id): starting at {@code cursor} (0 = the first
     * task), passes over {@code skip} live tasks, then gives up to {@code limit} to {@code sink}. Returns the
     * cursor to continue from, or -1 when no task is left. Callable from any thread: the group takes its
     * snapshot where its tasks are safe to read (a kernel: on its own thread), so {@code sink} must be quick.
     * Groups that cannot show their tasks dump none (see {@link #dumpable()}).
     */
    default long dump(long cursor, long skip, int limit, Consumer<? super TaskDump> sink) {
        return -1;
    }

    /** Whether {@link #dump} shows this group's tasks; dumps list the others by their counts only. */
    default boolean dumpable() {
        return false;
    }
}
