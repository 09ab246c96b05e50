package dev.corojobs.simulation;

/**
 * What a running {@link CompiledTask} may ask of the simulation that hosts it: nothing more than to print,
 * to create the task it spawns, and to note the scheduling events the timeline records.
 */
interface TaskHost {

    /** The task starts a step. */
    void stepping(CompiledTask task);

    /** The task prints template {@code template} of its definition. */
    void print(TaskType type, int template, CompiledTask task);

    /** A new instance of definition {@code definition}, for the task to spawn (it throws past the task cap). */
    CompiledTask newTask(int definition);

    /** The task yields a {@code Sleep} of {@code ticks}. */
    void sleeping(CompiledTask task, long ticks);
}
