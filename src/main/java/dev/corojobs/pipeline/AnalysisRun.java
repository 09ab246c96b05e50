package dev.corojobs.pipeline;

import dev.corojobs.pipeline.report.ReportAggregator;
import dev.corojobs.runtime.TaskGroup;
import dev.corojobs.runtime.TaskOutcome;
import java.util.List;
import java.util.Map;

/** The stages a log-analysis job pushes its input through: one pipeline, or several fed in parallel. */
sealed interface AnalysisRun permits Pipeline, ParallelPipeline {

    /**
     * Pushes a batch, or {@link StageWorker#END} after the last one.
     *
     * @return false if there was no room within {@code timeoutNanos} (try again later)
     */
    boolean offer(Object item, long timeoutNanos) throws InterruptedException;

    /** After END: true once every stage has drained and closed (waits up to {@code millis}). */
    boolean awaitDrained(long millis) throws InterruptedException;

    /** Lets another thread drive the stages the job's thread drives. */
    void releaseOwnership();

    /** Stops every worker and waits for their threads to end. */
    void abort();

    /** Stops counting the stages as live tasks; records how each ended. */
    void end(TaskOutcome outcome);

    /** Lines read so far (read racily for progress). */
    long linesRead();

    long parsed();

    long malformed();

    long responseBytes();

    /** The first malformed lines, in input order, with their line numbers. */
    List<MalformedLine> samples();

    /** The format lines were parsed in (what {@code auto} picked), or null before any input. */
    LogFormat format();

    /** The first lines of the input, to try other formats on. */
    byte[] head();

    /** Each branch's result, once drained. */
    Map<String, BranchResult> results();

    /** The report's aggregator (read it once drained), or null when the spec has no report. */
    ReportAggregator report();

    long liveThreads();

    List<TaskGroup> taskGroups();
}
