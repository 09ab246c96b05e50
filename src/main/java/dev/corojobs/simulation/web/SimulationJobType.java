package dev.corojobs.simulation.web;

import dev.corojobs.jobs.CoroutineJobWork;
import dev.corojobs.jobs.DeadlockException;
import dev.corojobs.jobs.JobError;
import dev.corojobs.jobs.JobRequest;
import dev.corojobs.jobs.JobType;
import dev.corojobs.jobs.JobWork;
import dev.corojobs.runtime.TaskTracker;
import dev.corojobs.simulation.CompiledProgram;
import dev.corojobs.simulation.InvalidProgramException;
import dev.corojobs.simulation.ProgramCompiler;
import dev.corojobs.simulation.SimulationExamples;
import dev.corojobs.simulation.SimulationFailedException;
import dev.corojobs.simulation.SimulationLimits;
import dev.corojobs.simulation.SimulationWork;
import dev.corojobs.web.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** {@code scheduler-simulation}: a {@link SimulationRequest} (a built-in example or a program) compiled and run. */
@Component
class SimulationJobType implements JobType {

    static final String NAME = "scheduler-simulation";

    private final SimulationExamples examples;
    private final SimulationLimits limits;
    private final TaskTracker tracker;
    private final JsonMapper json;

    SimulationJobType(SimulationExamples examples, SimulationLimits limits, TaskTracker tracker, JsonMapper json) {
        this.examples = examples;
        this.limits = limits;
        this.tracker = tracker;
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String resource() {
        return "scheduler-simulations";
    }

    @Override
    public JobWork work(JobRequest request) {
        SimulationWork simulation = new SimulationWork(compile(json.readValue(request.json(), SimulationRequest.class)),
                limits, tracker);
        return new CoroutineJobWork(simulation, simulation::taskGroups, simulation::discardTrace, simulation::writeTrace,
                simulation.memoryBudget());
    }

    /** A failed run keeps its partial result (trace so far, task summaries) in the error. */
    @Override
    public JobError error(Throwable failure) {
        if (!(failure instanceof SimulationFailedException failed)) {
            return JobType.super.error(failure);
        }
        String title = switch (failed.reason()) {
            case MAX_STEPS_EXCEEDED -> "Simulation exceeded maxSteps";
            case DEADLOCK -> "Simulation deadlocked";
            case TASK_CAP_EXCEEDED -> "Simulation exceeded the task cap";
            case TRACE_BUDGET_EXCEEDED -> "Simulation trace over its budget";
        };
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("reason", failed.reason().slug());
        if (failed.deadlock() != null) {
            properties.putAll(DeadlockException.properties(failed.deadlock()));
        }
        properties.put("partialResult", failed.partialResult());
        return new JobError(failed.reason().slug(), title, 422,
                failed.getMessage() + ". The full trace so far streams from GET /api/v1/jobs/{id}/trace.", properties);
    }

    private CompiledProgram compile(SimulationRequest request) {
        if (request.timeout() != null) {
            throw new InvalidInputException("timeout", "is a query parameter for every job type (?timeout=PT30S), "
                    + "not a body field");
        }
        if (request.example() != null && request.program() != null) {
            throw new InvalidInputException("example", "and 'program' exclude each other: give one of them");
        }
        if (request.example() != null) {
            SimulationExamples.Example example = examples.find(request.example()).orElseThrow(() ->
                    new InvalidInputException("example", "is not a built-in example; examples: " + examples.names()));
            return ProgramCompiler.compile(example.program(), limits);
        }
        if (request.program() == null) {
            throw new InvalidInputException("program", "is required: give a 'program' or an 'example' (one of "
                    + examples.names() + ")");
        }
        try {
            return ProgramCompiler.compile(request.program(), limits);
        } catch (InvalidProgramException invalid) {
            throw InvalidInputException.at("/program" + invalid.pointer(), invalid.detail());
        }
    }
}
