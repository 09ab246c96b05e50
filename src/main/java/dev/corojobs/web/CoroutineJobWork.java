package dev.corojobs.web;

import dev.corojobs.jobs.JobWork;
import dev.corojobs.pipeline.LogAnalysisWork;
import dev.corojobs.runtime.Coroutine;
import dev.corojobs.runtime.CoroutineState;
import dev.corojobs.runtime.TaskGroup;
import java.util.List;
import java.util.Map;

/**
 * Runs a feature's coroutine as job work: the features (pipeline, simulation) know nothing of the job layer,
 * so their work coroutines are wrapped here. Every call goes straight to the wrapped coroutine.
 */
record CoroutineJobWork(Coroutine<Object, Map<String, Object>, Object> work) implements JobWork {

    @Override
    public boolean resume(Object value) {
        return work.resume(value);
    }

    @Override
    public Map<String, Object> yielded() {
        return work.yielded();
    }

    @Override
    public Object returnValue() {
        return work.returnValue();
    }

    @Override
    public Map<String, Object> throwInto(Throwable exception) {
        return work.throwInto(exception);
    }

    @Override
    public void close() {
        work.close();
    }

    @Override
    public CoroutineState state() {
        return work.state();
    }

    @Override
    public String name() {
        return work.name();
    }

    @Override
    public long memoryBudget() {
        return work instanceof LogAnalysisWork analysis ? analysis.memoryBudget() : 0;
    }

    @Override
    public List<TaskGroup> taskGroups() {
        return work instanceof LogAnalysisWork analysis ? analysis.taskGroups() : List.of();
    }
}
