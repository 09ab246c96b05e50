package dev.corojobs.simulation.web;

import dev.corojobs.simulation.SimulationLimits;
import dev.corojobs.simulation.SpoolBudget;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Caps and defaults of scheduler simulations, under {@code corojobs.simulation}.
 *
 * @param maxTasks tasks one simulation may start in all, spawned ones included (task ids are not reused)
 * @param maxSteps the highest {@code maxSteps} a program may ask for (hard cap)
 * @param defaultMaxSteps the step budget of a program that gives none
 * @param maxTraceLimit the highest {@code traceLimit} a program may ask for
 * @param defaultTraceLimit trace lines kept in the result when a program gives no {@code traceLimit}
 * @param sliceSteps task steps per job step, between progress reports and cancellation checks
 * @param maxTraceFile how much trace beyond {@code traceLimit} is spooled to a temporary file for the trace endpoint
 * @param taskSummaryLimit tasks (lowest ids first) described one by one in a result
 * @param spoolDirectory directory of the trace spool files (default: the system temp directory)
 * @param timelineLimit scheduling events kept for a result's {@code timeline} (0: none)
 * @param maxTraceBytes trace one simulation may keep in memory for its result; over it the job fails
 * @param maxSpoolTotal trace all simulations of this instance may spool to disk together; over it a job fails
 */
@ConfigurationProperties("corojobs.simulation")
record SimulationProperties(
        @DefaultValue("1000000") int maxTasks,
        @DefaultValue("100000000") long maxSteps,
        @DefaultValue("10000000") long defaultMaxSteps,
        @DefaultValue("100000") int maxTraceLimit,
        @DefaultValue("10000") int defaultTraceLimit,
        @DefaultValue("20000") int sliceSteps,
        @DefaultValue("256MB") DataSize maxTraceFile,
        @DefaultValue("1000") int taskSummaryLimit,
        Path spoolDirectory,
        @DefaultValue("10000") int timelineLimit,
        @DefaultValue("16MB") DataSize maxTraceBytes,
        @DefaultValue("512MB") DataSize maxSpoolTotal) {

    SimulationLimits limits() {
        return new SimulationLimits(maxTasks, maxSteps, defaultMaxSteps, maxTraceLimit, defaultTraceLimit, sliceSteps,
                maxTraceFile.toBytes(), taskSummaryLimit, spoolDirectory, timelineLimit, maxTraceBytes.toBytes(),
                new SpoolBudget(maxSpoolTotal.toBytes()));
    }
}
