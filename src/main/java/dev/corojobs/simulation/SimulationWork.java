package dev.corojobs.simulation;

import dev.corojobs.runtime.DeadlockReport;
import dev.corojobs.runtime.Kernel;
import dev.corojobs.runtime.StacklessCoroutine;
import dev.corojobs.runtime.TaskGroup;
import dev.corojobs.runtime.TaskTracker;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * A simulation in the shape of a job's work (the web layer runs it as a {@code JobWork}; this package does
 * not know the job platform): each step starts or runs a slice of tasks and yields the progress; the return
 * value is the result. It fails with {@link SimulationFailedException} (partial result attached, and kept
 * here) when the step budget runs out, the tasks deadlock, the task cap is hit, or the trace goes over a
 * byte budget. Closing it (cancel) kills every task. Once the run has ended this object drops the simulation
 * (kernel, tasks, tables) and keeps only the trace, readable through {@link #writeTrace} while it lives.
 */
public final class SimulationWork extends StacklessCoroutine<Object, Map<String, Object>, Object> {

    /** Null once the run has ended: a finished job keeps its result and trace, not its kernel. */
    private Simulation simulation;
    private final TraceRecorder trace;
    private final CompiledProgram program;
    private final long memoryBudget;
    private final int sliceSteps;
    private boolean started;
    /** How the run ends, once it has ended: run at the step after the final progress. */
    private Runnable ending;
    private volatile Map<String, Object> partialResult;

    public SimulationWork(CompiledProgram program, SimulationLimits limits, TaskTracker tracker) {
        this.simulation = new Simulation(program, limits, tracker);
        this.trace = simulation.trace();
        this.program = program;
        this.memoryBudget = limits.memoryBudget(program);
        this.sliceSteps = limits.sliceSteps();
    }

    @Override
    protected void step(Object ignored) {
        try {
            advance();
        } catch (RuntimeException | Error unexpected) {
            if (!(unexpected instanceof SimulationFailedException) && simulation != null) {
                simulation.stop(); // a bug must not leave the kernel counted as live
                simulation = null;
            }
            throw unexpected;
        }
    }

    private void advance() {
        if (ending != null) {
            ending.run();
            return;
        }
        if (!started) {
            started = simulation.start(sliceSteps);
            yieldValue(simulation.progress());
            return;
        }
        Kernel.Status status = simulation.run(sliceSteps);
        if (simulation.traceFailure() != null) {
            end(SimulationFailedException.Reason.TRACE_BUDGET_EXCEEDED, "the trace stopped after "
                    + simulation.steps() + " steps: " + simulation.traceFailure());
            return;
        }
        if (simulation.capExceeded() != null) {
            end(SimulationFailedException.Reason.TASK_CAP_EXCEEDED, simulation.capExceeded() + " after "
                    + simulation.steps() + " steps; recursive spawns need a smaller program or a higher corojobs.simulation.max-tasks");
            return;
        }
        switch (status) {
            case FINISHED -> {
                simulation.stop();
                if (simulation.traceFailure() != null) {
                    end(SimulationFailedException.Reason.TRACE_BUDGET_EXCEEDED, "the trace could not be kept: "
                            + simulation.traceFailure());
                    return;
                }
                Map<String, Object> result = simulation.result();
                endWith(() -> finish(result));
            }
            case DEADLOCKED -> {
                DeadlockReport report = simulation.deadlockReport();
                end(SimulationFailedException.Reason.DEADLOCK, "deadlock after " + simulation.steps() + " steps: "
                        + simulation.tasksAlive() + " tasks are left and none can run; " + report.describe(), report);
            }
            case BUDGET_EXHAUSTED -> {
                if (simulation.outOfSteps()) {
                    end(SimulationFailedException.Reason.MAX_STEPS_EXCEEDED, "the program exceeded maxSteps ("
                            + simulation.program().maxSteps() + ") with " + simulation.tasksAlive()
                            + " tasks still alive; the partial trace has " + simulation.traceLines() + " lines");
                } else {
                    yieldValue(simulation.progress());
                }
            }
        }
    }

    /** Yields the final progress first (the job shows where the run ended), then ends at the next step. */
    private void endWith(Runnable last) {
        ending = last;
        Map<String, Object> progress = simulation.progress();
        simulation = null;
        yieldValue(progress);
    }

    private void end(SimulationFailedException.Reason reason, String message) {
        end(reason, message, null);
    }

    private void end(SimulationFailedException.Reason reason, String message, DeadlockReport deadlock) {
        Map<String, Object> partial = simulation.result();
        partial.put("failure", message);
        partialResult = partial;
        simulation.stop();
        endWith(() -> {
            throw new SimulationFailedException(reason, message, partial, deadlock);
        });
    }

    @Override
    protected void onClose() {
        if (simulation != null) {
            simulation.stop();
            partialResult = simulation.result();
            simulation = null;
        }
    }

    @Override
    public String name() {
        return "scheduler-simulation";
    }

    /** What the run had when it failed or was cancelled (null while running or after success). */
    public Map<String, Object> partialResult() {
        return partialResult;
    }

    /** Streams the full trace so far as UTF-8 text lines; callable from any thread while the job runs. */
    public void writeTrace(OutputStream out) throws IOException {
        trace.writeTo(out);
    }

    /** Deletes the trace's spool file (when the job record goes); it is also deleted once this object is garbage. */
    public void discardTrace() {
        trace.discard();
    }

    /**
     * The kernel this work runs its tasks on (matches {@code JobWork.taskGroups()} where the job platform
     * asks for it, so task dumps can show the tasks under their job).
     */
    public List<TaskGroup> taskGroups() {
        Simulation running = simulation;
        return running == null ? List.of() : List.of(running.taskGroup());
    }

    public CompiledProgram program() {
        return program;
    }

    /** The most heap this run may hold under its limits (for the job platform's heap admission). */
    public long memoryBudget() {
        return memoryBudget;
    }
}
