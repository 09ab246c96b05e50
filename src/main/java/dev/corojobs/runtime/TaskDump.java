package dev.corojobs.runtime;

import java.util.List;

/**
 * A snapshot of one live task, for task dumps.
 *
 * @param kind which part of the service runs it
 * @param id its id within its group (a kernel's task id)
 * @param name its coroutine's name
 * @param parent the task that started it (0 for none)
 * @param state ready, running or suspended
 * @param waitsOn what it waits on when suspended, else null
 * @param runs how many times it has been stepped
 * @param sinceLastRun how long ago it last ran (or was spawned), in {@code clock} units
 * @param clock the unit of {@code sinceLastRun}: a simulation's virtual ticks or wall-clock milliseconds
 * @param chain the {@code yield from} chain by coroutine name, outermost first (just its own name without delegation)
 */
public record TaskDump(TaskKind kind, int id, String name, int parent, TaskState state, WaitTarget waitsOn,
        long runs, long sinceLastRun, Clock clock, List<String> chain) {

    /** The unit of {@link #sinceLastRun()}. */
    public enum Clock {
        /** A kernel's virtual clock: one tick per step, jumping ahead when every task sleeps. */
        TICKS,
        /** Wall-clock milliseconds (kernels driven by I/O, pipeline stages). */
        MILLISECONDS
    }
}
