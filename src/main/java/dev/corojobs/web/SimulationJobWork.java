package dev.corojobs.web;

import dev.corojobs.jobs.DeadlockException;
import dev.corojobs.jobs.JobWork;
import dev.corojobs.runtime.StacklessCoroutine;
import dev.corojobs.runtime.TaskGroup;
import dev.corojobs.simulation.SimulationFailedException;
import dev.corojobs.simulation.SimulationWork;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A simulation as the job platform runs it: delegates to the framework-free {@link SimulationWork} and turns
 * its failures into problem details that carry the partial result (trace so far, task summaries).
 */
final class SimulationJobWork extends StacklessCoroutine<Object, Map<String, Object>, Object> implements JobWork {

    static final String PROBLEMS = "https://corojobs.dev/problems/";

    private final SimulationWork simulation;
    private boolean delegated;

    SimulationJobWork(SimulationWork simulation) {
        this.simulation = simulation;
    }

    SimulationWork simulation() {
        return simulation;
    }

    @Override
    protected void step(Object sent) {
        if (!delegated) {
            delegated = true;
            delegateTo(simulation);
        } else {
            finish(delegateResult());
        }
    }

    @Override
    protected void onThrow(Throwable exception) {
        if (exception instanceof SimulationFailedException failure) {
            throw problem(failure);
        }
        super.onThrow(exception);
    }

    @Override
    public String name() {
        return simulation.name();
    }

    /** The simulation's kernel, for task dumps under the job. */
    @Override
    public List<TaskGroup> taskGroups() {
        return simulation.taskGroups();
    }

    @Override
    public long memoryBudget() {
        return simulation.memoryBudget();
    }

    @Override
    public void discard() {
        simulation.discardTrace();
    }

    static ErrorResponseException problem(SimulationFailedException failure) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        problem.setType(URI.create(PROBLEMS + failure.reason().slug()));
        problem.setTitle(switch (failure.reason()) {
            case MAX_STEPS_EXCEEDED -> "Simulation exceeded maxSteps";
            case DEADLOCK -> "Simulation deadlocked";
            case TASK_CAP_EXCEEDED -> "Simulation exceeded the task cap";
            case TRACE_BUDGET_EXCEEDED -> "Simulation trace over its budget";
        });
        problem.setDetail(failure.getMessage() + ". The full trace so far streams from GET /api/v1/jobs/{id}/trace.");
        problem.setProperty("reason", failure.reason().slug());
        if (failure.deadlock() != null) {
            DeadlockException.addReport(problem, failure.deadlock());
        }
        problem.setProperty("partialResult", failure.partialResult());
        return new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, failure);
    }
}
