package dev.corojobs.runtime;

/**
 * A set of live tasks of one kind (a kernel, a pipeline's stages) that {@link TaskTracker} can count
 * without locking: counts are read racily, which is fine for gauges.
 */
public interface TaskGroup {

    TaskKind kind();

    /** How many tasks of this group are in {@code state} now. */
    int count(TaskState state);
}
