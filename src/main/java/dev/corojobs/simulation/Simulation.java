package dev.corojobs.simulation;

import dev.corojobs.runtime.DeadlockReport;
import dev.corojobs.runtime.Kernel;
import dev.corojobs.runtime.KernelListener;
import dev.corojobs.runtime.TaskKind;
import dev.corojobs.runtime.TaskGroup;
import dev.corojobs.runtime.TaskOutcome;
import dev.corojobs.runtime.TaskTracker;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a compiled program on its own {@link Kernel}: starts the program's tasks, runs the kernel in
 * slices, records the trace ({@code Task N terminated} included) and describes the outcome. Driven by one
 * thread at a time; the trace may be read from any thread.
 */
public final class Simulation {

    private final CompiledProgram program;
    private final TaskTracker tracker;
    private final Kernel kernel;
    private final TraceRecorder trace;
    /** The first scheduling events, or null when printing or the timeline is off. */
    private final Timeline timeline;
    private final TaskType[] types;
    /** Definition index of the tasks described one by one (task-summary-limit), by tid (0 unused). */
    private final int[] typeOfTid;
    private final byte[] outcomeOfTid;
    private final Map<Integer, String> failures = new LinkedHashMap<>();
    private final long[] outcomes = new long[TaskOutcome.values().length];
    private long created;
    /** The definition of the task created last: the kernel spawns it right after ({@code NewTask} or {@link #start}). */
    private int lastCreatedType;
    /** The task created last, while the timeline records (to learn its id when the kernel spawns it). */
    private CompiledTask lastCreated;
    private int startEntry;
    private long startedOfEntry;
    private boolean registered;
    private boolean stopped;
    private String capExceeded;

    public Simulation(CompiledProgram program, SimulationLimits limits, TaskTracker tracker) {
        this.program = program;
        this.tracker = tracker;
        this.trace = new TraceRecorder(program.traceLimit(), limits.maxTraceBytes(), limits.maxTraceFileBytes(),
                limits.spoolBudget(), limits.spoolDirectory());
        this.timeline = program.traceLimit() > 0 && limits.timelineLimit() > 0 ? new Timeline(limits.timelineLimit()) : null;
        this.kernel = new Kernel(TaskKind.SIMULATION, tracker, new Listener());
        TaskHost host = new Host();
        this.types = program.tasks().stream().map(code -> new TaskType(code, host)).toArray(TaskType[]::new);
        this.typeOfTid = new int[Math.min(limits.taskSummaryLimit(), program.maxTasks()) + 1];
        this.outcomeOfTid = new byte[typeOfTid.length];
        Arrays.fill(outcomeOfTid, (byte) -1);
    }

    /**
     * Starts up to {@code max} of the program's start tasks (all of them over a few calls) and registers the
     * kernel with the tracker. Returns true when every start task is spawned.
     */
    public boolean start(long max) {
        if (!registered) {
            tracker.register(kernel);
            registered = true;
        }
        long budget = max;
        while (startEntry < program.start().size() && budget > 0) {
            CompiledProgram.Start entry = program.start().get(startEntry);
            while (startedOfEntry < entry.count() && budget > 0) {
                kernel.spawn(newTask(entry.task()));
                startedOfEntry++;
                budget--;
            }
            if (startedOfEntry == entry.count()) {
                startEntry++;
                startedOfEntry = 0;
            }
        }
        return startEntry == program.start().size();
    }

    /** The kernel's wait-for cycles and the tasks blocked behind them (after it deadlocked). */
    public DeadlockReport deadlockReport() {
        return kernel.deadlockReport();
    }

    /** Runs up to {@code steps} task steps. */
    public Kernel.Status run(long steps) {
        return kernel.run(Math.min(steps, Math.max(0, program.maxSteps() - kernel.steps())));
    }

    /** Why the simulation can't go on, or null: the task cap was hit at run time. */
    public String capExceeded() {
        return capExceeded;
    }

    /** Why the trace stopped recording (a byte budget, a failed write), or null: the run must not go on. */
    public String traceFailure() {
        return trace.failure();
    }

    /** The trace, which outlives the simulation's kernel and tasks (readable until the job record goes). */
    TraceRecorder trace() {
        return trace;
    }

    /** Whether the step budget is used up. */
    public boolean outOfSteps() {
        return kernel.steps() >= program.maxSteps();
    }

    /**
     * Kills every task (their cleanup runs; this is the job's cleanup, not part of the program, so it adds no
     * trace lines), closes the trace file for writing and stops counting the kernel.
     */
    public void stop() {
        stopped = true;
        kernel.killAll();
        trace.finish();
        if (registered) {
            tracker.unregister(kernel);
            registered = false;
        }
    }

    /** Deletes the spooled part of the trace. */
    public void discardTrace() {
        trace.discard();
    }

    public long steps() {
        return kernel.steps();
    }

    /** The kernel the tasks run on, as a task group (for task dumps and counts). */
    public TaskGroup taskGroup() {
        return kernel;
    }

    public long ticks() {
        return kernel.now();
    }

    public int tasksAlive() {
        return kernel.alive();
    }

    public long traceLines() {
        return trace.lines();
    }

    public CompiledProgram program() {
        return program;
    }

    /** Writes the full trace as text, one line per trace line. */
    public void writeTrace(OutputStream out) throws IOException {
        trace.writeTo(out);
    }

    /** The numbers a job reports while it runs. */
    public Map<String, Object> progress() {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("steps", kernel.steps());
        progress.put("tasksAlive", kernel.alive());
        progress.put("tasksStarted", kernel.lastTid());
        progress.put("traceLines", trace.lines());
        progress.put("ticks", kernel.now());
        return progress;
    }

    /** The result document (also the partial result of a failed run): trace, counts and per-task summaries. */
    public Map<String, Object> result() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("trace", trace.kept());
        result.put("traceLines", trace.lines());
        result.put("ticks", kernel.now());
        result.put("steps", kernel.steps());
        result.put("maxSteps", program.maxSteps());
        result.put("tasksStarted", kernel.lastTid());
        result.put("tasksAlive", kernel.alive());
        Map<String, Object> ended = new LinkedHashMap<>();
        ended.put("completed", outcomes[TaskOutcome.COMPLETED.ordinal()]);
        ended.put("killed", outcomes[TaskOutcome.CANCELLED.ordinal()]);
        ended.put("failed", outcomes[TaskOutcome.FAILED.ordinal()]);
        result.put("tasksEnded", ended);
        int listed = Math.min(kernel.lastTid(), typeOfTid.length - 1);
        List<TaskSummary> tasks = new ArrayList<>(listed);
        for (int tid = 1; tid <= listed; tid++) {
            tasks.add(summary(tid));
        }
        result.put("tasks", tasks);
        if (listed < kernel.lastTid()) {
            result.put("tasksNotListed", kernel.lastTid() - listed);
        }
        if (timeline != null) {
            result.put("timeline", timeline.describe());
        }
        return result;
    }

    private TaskSummary summary(int tid) {
        String name = types[typeOfTid[tid]].code().name();
        int parent = kernel.parentOf(tid);
        Integer parentTid = parent == 0 ? null : parent;
        int steps = kernel.stepsOf(tid);
        if (kernel.isAlive(tid)) {
            Object waitsOn = kernel.waitsOn(tid);
            return switch (waitsOn) {
                case Integer target -> new TaskSummary(tid, name, parentTid, "waiting", steps, null, "waits for task " + target);
                case Long tick -> new TaskSummary(tid, name, parentTid, "sleeping", steps, null, "sleeps until tick " + tick);
                case null, default -> new TaskSummary(tid, name, parentTid, "ready", steps, null, null);
            };
        }
        TaskOutcome outcome = outcomeOfTid[tid] < 0 ? TaskOutcome.COMPLETED : TaskOutcome.values()[outcomeOfTid[tid]];
        String ended = switch (outcome) {
            case COMPLETED -> "completed";
            case CANCELLED -> "killed";
            case FAILED -> "failed";
        };
        return new TaskSummary(tid, name, parentTid, "terminated", steps, ended, failures.get(tid));
    }

    /** What the tasks see of the simulation. */
    private final class Host implements TaskHost {
        @Override
        public void stepping(CompiledTask task) {
            if (timeline != null && !timeline.full()) {
                timeline.stepped(task, kernel.now());
            }
        }

        @Override
        public void print(TaskType type, int template, CompiledTask task) {
            if (trace.enabled()) {
                trace.line(type.code().templates()[template].render(task));
            } else {
                trace.count();
            }
        }

        @Override
        public void sleeping(CompiledTask task, long ticks) {
            if (timeline != null && !timeline.full()) {
                timeline.slept(task, kernel.now(), ticks);
            }
        }

        @Override
        public CompiledTask newTask(int definition) {
            return Simulation.this.newTask(definition);
        }
    }

    CompiledTask newTask(int definition) {
        if (created >= program.maxTasks()) {
            capExceeded = "the simulation reached its cap of " + program.maxTasks() + " tasks";
            throw new TaskCapExceededException(capExceeded);
        }
        created++;
        lastCreatedType = definition;
        CompiledTask task = CompiledTask.of(types[definition]);
        if (timeline != null) {
            lastCreated = task;
        }
        return task;
    }

    /** Thrown inside a task that spawns past the cap: that task fails, then the run stops. */
    static final class TaskCapExceededException extends RuntimeException {
        TaskCapExceededException(String message) {
            super(message, null, false, false);
        }
    }

    private final class Listener implements KernelListener {
        @Override
        public void spawned(int tid, int parentTid, String name) {
            if (tid < typeOfTid.length) {
                typeOfTid[tid] = lastCreatedType;
            }
            if (timeline != null && !timeline.full()) {
                timeline.register(lastCreated, tid);
                if (parentTid == 0) {
                    timeline.add(kernel.now(), tid, Timeline.SPAWN, -1);
                } else {
                    timeline.add(kernel.now(), parentTid, Timeline.SPAWN, tid);
                }
            }
            lastCreated = null;
        }

        @Override
        public void waiting(int tid, int targetTid) {
            if (timeline != null) {
                timeline.add(kernel.now(), tid, Timeline.WAIT, targetTid);
            }
        }

        @Override
        public void kill(int tid, int targetTid, boolean killed) {
            if (timeline != null) {
                timeline.add(kernel.now(), tid, Timeline.KILL, targetTid);
            }
        }

        @Override
        public void exited(int tid, TaskOutcome outcome, Throwable failure) {
            outcomes[outcome.ordinal()]++;
            if (tid < outcomeOfTid.length) {
                outcomeOfTid[tid] = (byte) outcome.ordinal();
                if (failure != null) {
                    failures.put(tid, String.valueOf(failure.getMessage()));
                }
            }
            if (stopped) {
                return;
            }
            if (timeline != null) {
                timeline.add(kernel.now(), tid, Timeline.EXIT, -1);
            }
            if (trace.enabled()) {
                trace.line("Task " + tid + " terminated");
            } else {
                trace.count();
            }
        }
    }
}
