package dev.corojobs.jobs;

import dev.corojobs.runtime.Coroutine;
import dev.corojobs.runtime.TaskGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One job's work, as a coroutine the job executor drives on a worker thread.
 *
 * <p>Each step does a bounded slice of work (a few milliseconds at most) and yields the job's progress: a
 * small map of type-specific numbers such as lines read or steps run. When the work is done the coroutine
 * returns the job's result (serialized as JSON). Between steps the executor checks for cancellation and
 * timeouts; it then {@linkplain Coroutine#close() closes} the work, which must release everything it holds
 * (threads, files, kernels) in its cleanup. An exception thrown by a step fails the job with that reason.
 */
public interface JobWork extends Coroutine<Object, Map<String, Object>, Object> {

    /**
     * The task groups (kernels, pipelines) this work runs its tasks in, so task dumps can show them under its
     * job ({@code GET /api/v1/jobs/{id}/tasks}); callable from any thread. None by default.
     */
    default List<TaskGroup> taskGroups() {
        return List.of();
    }

    /**
     * The most heap this work may hold while it runs, as its own limits bound it; a job starts only once this
     * fits in the {@link HeapBudget} next to the running jobs. 0 (the default) for work that holds little.
     */
    default long memoryBudget() {
        return 0;
    }

    /**
     * The job's record is gone (retention, {@code DELETE}, shutdown): free what the finished work still holds
     * for readers of the record, such as a spooled trace file. Called once, after the work has ended.
     */
    default void discard() {
    }

    /**
     * The work's full trace (a simulation's trace lines), if it keeps one: the job service stores it when the
     * work ends, so that every replica can serve it. None by default.
     */
    default Optional<Trace> trace() {
        return Optional.empty();
    }

    /** Writes a trace as text. */
    @FunctionalInterface
    interface Trace {
        void writeTo(OutputStream out) throws IOException;
    }
}
