package dev.corojobs.jobs;

import dev.corojobs.runtime.Coroutine;
import dev.corojobs.runtime.CoroutineState;
import dev.corojobs.runtime.TaskGroup;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A feature's coroutine run as job work. The features (pipeline, simulation) know nothing of the job layer, so
 * their job type wraps its coroutine here, saying where its task groups are and what to free when the record goes.
 */
public final class CoroutineJobWork implements JobWork {

    private final Coroutine<Object, Map<String, Object>, Object> coroutine;
    private final Supplier<List<TaskGroup>> taskGroups;
    private final Runnable onDiscard;
    private final Trace trace;
    private final long memoryBudget;

    /**
     * @param coroutine the feature's work: yields progress maps, returns the result
     * @param taskGroups the task groups it runs tasks in, for task dumps
     * @param onDiscard frees what the finished work holds for readers of the record (e.g. a trace spool)
     */
    public CoroutineJobWork(Coroutine<Object, Map<String, Object>, Object> coroutine,
            Supplier<List<TaskGroup>> taskGroups, Runnable onDiscard) {
        this(coroutine, taskGroups, onDiscard, null);
    }

    /** @param trace writes the work's full trace, or null if it keeps none */
    public CoroutineJobWork(Coroutine<Object, Map<String, Object>, Object> coroutine,
            Supplier<List<TaskGroup>> taskGroups, Runnable onDiscard, Trace trace) {
        this(coroutine, taskGroups, onDiscard, trace, 0);
    }

    /** @param memoryBudget the most heap the work's own limits let it hold ({@link JobWork#memoryBudget()}) */
    public CoroutineJobWork(Coroutine<Object, Map<String, Object>, Object> coroutine,
            Supplier<List<TaskGroup>> taskGroups, Runnable onDiscard, Trace trace, long memoryBudget) {
        this.memoryBudget = memoryBudget;
        this.coroutine = Objects.requireNonNull(coroutine, "coroutine");
        this.taskGroups = Objects.requireNonNull(taskGroups, "taskGroups");
        this.onDiscard = Objects.requireNonNull(onDiscard, "onDiscard");
        this.trace = trace;
    }

    /** The wrapped coroutine, for a job type's own endpoints (e.g. a simulation's trace). */
    public Coroutine<Object, Map<String, Object>, Object> coroutine() {
        return coroutine;
    }

    /** A coroutine without task groups and nothing to discard. */
    public static CoroutineJobWork of(Coroutine<Object, Map<String, Object>, Object> coroutine) {
        return new CoroutineJobWork(coroutine, List::of, () -> { });
    }

    @Override
    public boolean resume(Object value) {
        return coroutine.resume(value);
    }

    @Override
    public Map<String, Object> yielded() {
        return coroutine.yielded();
    }

    @Override
    public Object returnValue() {
        return coroutine.returnValue();
    }

    @Override
    public Map<String, Object> throwInto(Throwable exception) {
        return coroutine.throwInto(exception);
    }

    @Override
    public void close() {
        coroutine.close();
    }

    @Override
    public CoroutineState state() {
        return coroutine.state();
    }

    @Override
    public String name() {
        return coroutine.name();
    }

    @Override
    public List<TaskGroup> taskGroups() {
        return taskGroups.get();
    }

    @Override
    public long memoryBudget() {
        return memoryBudget;
    }

    @Override
    public void discard() {
        onDiscard.run();
    }

    @Override
    public Optional<Trace> trace() {
        return Optional.ofNullable(trace);
    }
}
