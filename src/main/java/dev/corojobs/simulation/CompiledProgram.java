package dev.corojobs.simulation;

import java.util.List;

/**
 * A checked program ready to run: compiled task definitions (shared by all runs and instances), what to
 * start, and the effective options.
 *
 * @param tasks compiled definitions, in program order
 * @param start definition index and count of each start entry, in order
 * @param maxSteps the step budget
 * @param traceLimit trace lines kept in memory and in the result; 0 turns printing off
 * @param maxTasks the task cap this program was checked against
 */
public record CompiledProgram(List<TaskCode> tasks, List<Start> start, long maxSteps, int traceLimit, int maxTasks) {

    public CompiledProgram {
        tasks = List.copyOf(tasks);
        start = List.copyOf(start);
    }

    /** Start {@code count} instances of definition {@code task}. */
    public record Start(int task, long count) {
    }
}
