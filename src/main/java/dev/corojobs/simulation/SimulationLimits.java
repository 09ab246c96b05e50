package dev.corojobs.simulation;

import java.nio.file.Path;

/**
 * Caps and defaults for simulations (bound from {@code corojobs.simulation.*} by the web layer).
 *
 * @param maxTasks tasks a simulation may start in all (task ids are never reused, so this bounds memory)
 * @param maxStepsCap the highest {@code maxSteps} a program may ask for
 * @param defaultMaxSteps the step budget of a program that does not say
 * @param maxTraceLimit the highest {@code traceLimit} a program may ask for
 * @param defaultTraceLimit trace lines kept in the result of a program that does not say
 * @param sliceSteps task steps per job step (between progress reports and cancellation checks)
 * @param maxTraceFileBytes how much trace beyond {@code traceLimit} is spooled to disk for the trace endpoint
 * @param taskSummaryLimit tasks (lowest ids) described one by one in the result
 * @param spoolDirectory where trace spool files go, or null for the system temp directory
 * @param timelineLimit scheduling events (steps, spawns, kills, waits, sleeps, exits) kept for the result's
 *     {@code timeline}; 0 for none. Recorded only while printing is on ({@code traceLimit} > 0)
 * @param maxTraceBytes bytes of trace one simulation may keep in memory (its {@code traceLimit} lines); over
 *     it the job fails
 * @param spoolBudget the trace spool all simulations of the instance share on disk
 */
public record SimulationLimits(int maxTasks, long maxStepsCap, long defaultMaxSteps, int maxTraceLimit,
                               int defaultTraceLimit, int sliceSteps, long maxTraceFileBytes,
                               int taskSummaryLimit, Path spoolDirectory, int timelineLimit,
                               long maxTraceBytes, SpoolBudget spoolBudget) {

    public static final SimulationLimits DEFAULTS = new SimulationLimits(1_000_000, 100_000_000, 10_000_000,
            100_000, 10_000, 20_000, 256L << 20, 1_000, null, 10_000, 16L << 20, SpoolBudget.unlimited());

    /** Heap per task a simulation may hold in its kernel tables and task objects, for its memory budget. */
    private static final long BYTES_PER_TASK = 96;
    /** Heap per timeline event. */
    private static final long BYTES_PER_EVENT = 32;

    public SimulationLimits {
        if (maxTasks < 1 || maxStepsCap < 1 || defaultMaxSteps < 1 || defaultMaxSteps > maxStepsCap
                || maxTraceLimit < 0 || defaultTraceLimit < 0 || defaultTraceLimit > maxTraceLimit
                || sliceSteps < 1 || maxTraceFileBytes < 0 || taskSummaryLimit < 0 || timelineLimit < 0
                || maxTraceBytes < 0 || spoolBudget == null) {
            throw new IllegalArgumentException("inconsistent simulation limits: " + "maxTasks=" + maxTasks
                    + ", maxStepsCap=" + maxStepsCap + ", defaultMaxSteps=" + defaultMaxSteps + ", maxTraceLimit="
                    + maxTraceLimit + ", defaultTraceLimit=" + defaultTraceLimit + ", sliceSteps=" + sliceSteps
                    + ", maxTraceFileBytes=" + maxTraceFileBytes + ", taskSummaryLimit=" + taskSummaryLimit
                    + ", timelineLimit=" + timelineLimit + ", maxTraceBytes=" + maxTraceBytes);
        }
    }

    public SimulationLimits withMaxTasks(int tasks) {
        return new SimulationLimits(tasks, maxStepsCap, defaultMaxSteps, maxTraceLimit, defaultTraceLimit, sliceSteps,
                maxTraceFileBytes, taskSummaryLimit, spoolDirectory, timelineLimit, maxTraceBytes, spoolBudget);
    }

    public SimulationLimits withSliceSteps(int steps) {
        return new SimulationLimits(maxTasks, maxStepsCap, defaultMaxSteps, maxTraceLimit, defaultTraceLimit, steps,
                maxTraceFileBytes, taskSummaryLimit, spoolDirectory, timelineLimit, maxTraceBytes, spoolBudget);
    }

    /**
     * The most heap a run of {@code program} holds under these limits: its kept trace (bounded by
     * {@link #maxTraceBytes}, and held again as strings of about the same size in the result), its tasks, and
     * its timeline.
     */
    public long memoryBudget(CompiledProgram program) {
        long trace = program.traceLimit() == 0 ? 0 : Math.min(maxTraceBytes, (long) program.traceLimit() * 1024);
        long tasks = (long) program.maxTasks() * BYTES_PER_TASK;
        long timeline = program.traceLimit() == 0 ? 0 : (long) timelineLimit * BYTES_PER_EVENT;
        return 2 * trace + tasks + timeline;
    }
}
