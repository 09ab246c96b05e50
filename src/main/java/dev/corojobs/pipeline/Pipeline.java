package dev.corojobs.pipeline;

import dev.corojobs.pipeline.report.ReportAggregator;
import dev.corojobs.runtime.Coroutine;
import dev.corojobs.runtime.CoroutineState;
import dev.corojobs.runtime.TaskDump;
import dev.corojobs.runtime.TaskGroup;
import dev.corojobs.runtime.TaskKind;
import dev.corojobs.runtime.TaskOutcome;
import dev.corojobs.runtime.TaskState;
import dev.corojobs.runtime.TaskTracker;
import dev.corojobs.runtime.WaitTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The stages of one run, wired from a spec: parse, broadcast, and per branch filter, map and reduce. Inline,
 * each stage sends straight into the next on the caller's thread. Threaded, each stage runs on its own
 * worker behind a bounded inbox, and a front coroutine in place of each stage puts into that inbox. Either
 * way, closing the head closes every stage in order, and the reduce stages hold the results after that.
 * The stages are counted as {@link TaskKind#PIPELINE} tasks while the run lasts.
 */
final class Pipeline implements TaskGroup, AnalysisRun {

    private static final long SHUTDOWN_MILLIS = 5_000;

    private final PipelineMode mode;
    private final int queueCapacity;
    private final String threadPrefix;
    private final TaskTracker tracker;
    private final List<Stage<?>> stages = new ArrayList<>();
    private final List<StageWorker> workers = new ArrayList<>();
    private final Map<String, ReduceStage> reducers = new LinkedHashMap<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final ParseStage parse;
    private final StageWorker parseWorker;
    private final ReportStage report;
    private boolean ended;

    Pipeline(PipelineSpec spec, PipelineSettings settings, TaskTracker tracker, String threadPrefix) {
        this(spec, spec.mode(), spec.format(), true, settings, tracker, threadPrefix);
    }

    /**
     * @param format the spec's format, or the one already picked for it
     * @param numbered false when this is one of several pipelines fed from the same input (see {@link ParseStage})
     */
    Pipeline(PipelineSpec spec, PipelineMode mode, LogFormat format, boolean numbered, PipelineSettings settings,
             TaskTracker tracker, String threadPrefix) {
        this.mode = mode;
        this.queueCapacity = settings.queueCapacity();
        this.threadPrefix = threadPrefix;
        this.tracker = tracker;
        List<Coroutine<LogBatch, ?, ?>> branchHeads = new ArrayList<>();
        for (PipelineSpec.Branch branch : spec.branches()) {
            ReduceStage reduce = new ReduceStage(branch.name(), branch.groupBy(), branch.top(),
                    settings.maxDistinctKeys(), settings.maxKeyBytes());
            reducers.put(branch.name(), reduce);
            int slot = branch.groupBy() == GroupBy.FIELD
                    ? LogBatch.custom(format.customFields().indexOf(branch.field())) : -1;
            MapStage map = new MapStage(branch.name(), branch.groupBy(), slot, branch.aggregate(), link(reduce));
            FilterStage filter = new FilterStage(branch.name(), new LineFilter(branch.where()), link(map));
            branchHeads.add(link(filter));
        }
        if (spec.report() != null) {
            report = new ReportStage(spec.report());
            branchHeads.add(link(report));
        } else {
            report = null;
        }
        BroadcastStage<LogBatch> broadcast = new BroadcastStage<>(branchHeads);
        parse = new ParseStage(format, spec.forwardedClient(), link(broadcast), settings.sampleCount(), numbered);
        if (mode == PipelineMode.INLINE) {
            link(parse);
            parseWorker = null;
        } else {
            parseWorker = worker(parse);
        }
        for (int i = 0; i < stages.size(); i++) {
            tracker.spawned(TaskKind.PIPELINE);
        }
        tracker.register(this);
        workers.forEach(StageWorker::start);
    }

    /** Inline: the primed stage itself. Threaded: a primed front that feeds the stage's worker. */
    private <T> Coroutine<T, ?, ?> link(Stage<T> stage) {
        if (mode == PipelineMode.INLINE) {
            stages.add(stage);
            return Coroutine.primed(stage);
        }
        StageWorker.Front<T> front = Coroutine.primed(new StageWorker.Front<>(worker(stage)));
        front.releaseOwnership(); // the upstream worker thread becomes its driver
        return front;
    }

    private StageWorker worker(Stage<?> stage) {
        stages.add(stage);
        StageWorker worker = new StageWorker(stage, queueCapacity, threadPrefix + stage.name(), this::failed);
        workers.add(worker);
        return worker;
    }

    private void failed(StageWorker worker, Throwable cause) {
        if (failure.compareAndSet(null, new IllegalStateException(
                "stage " + worker.name() + " failed: " + cause.getMessage(), cause))) {
            workers.forEach(StageWorker::interrupt);
        }
    }

    /**
     * Pushes a batch, or {@link StageWorker#END} to close the pipeline. Inline this runs every stage now;
     * threaded it waits up to {@code timeoutNanos} for room in the parse stage's inbox.
     *
     * @return false if the threaded inbox stayed full (try again later)
     */
    @Override
    public boolean offer(Object item, long timeoutNanos) throws InterruptedException {
        if (mode == PipelineMode.INLINE) {
            if (item == StageWorker.END) {
                parse.close();
            } else {
                parse.send((LogBatch) item);
            }
            return true;
        }
        throwIfFailed();
        return parseWorker.offer(item, timeoutNanos);
    }

    /** After END: true once every stage has drained and closed (waits up to {@code millis}). */
    @Override
    public boolean awaitDrained(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (StageWorker worker : workers) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (worker.alive() && (left <= 0 || !worker.join(left))) {
                throwIfFailed();
                return false;
            }
        }
        throwIfFailed();
        for (StageWorker worker : workers) {
            if (worker.outcome() != TaskOutcome.COMPLETED) {
                throw new IllegalStateException("stage " + worker.name() + " ended " + worker.outcome());
            }
        }
        return true;
    }

    private void throwIfFailed() {
        Throwable cause = failure.get();
        if (cause != null) {
            throw cause instanceof RuntimeException e ? e : new IllegalStateException(cause);
        }
    }

    /** Inline stages are confined to the thread that sends to them; the job may run its next step elsewhere. */
    @Override
    public void releaseOwnership() {
        if (mode == PipelineMode.INLINE) {
            stages.forEach(Stage::releaseOwnership);
        }
    }

    /** Stops every worker and waits for their threads to end. */
    @Override
    public void abort() {
        workers.forEach(StageWorker::interrupt);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_MILLIS);
        boolean interrupted = false;
        for (StageWorker worker : workers) {
            try {
                worker.join(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops counting the stages as live tasks; records how each ended. */
    @Override
    public void end(TaskOutcome outcome) {
        if (ended) {
            return;
        }
        ended = true;
        tracker.unregister(this);
        if (mode == PipelineMode.INLINE) {
            stages.forEach(stage -> tracker.finished(TaskKind.PIPELINE, outcome));
        } else {
            for (StageWorker worker : workers) {
                TaskOutcome own = worker.outcome();
                tracker.finished(TaskKind.PIPELINE, own == null || outcome != TaskOutcome.COMPLETED ? outcome : own);
            }
        }
    }

    ParseStage parse() {
        return parse;
    }

    @Override
    public long linesRead() {
        return parse.linesRead();
    }

    @Override
    public long parsed() {
        return parse.parsed();
    }

    @Override
    public long malformed() {
        return parse.malformed();
    }

    @Override
    public long responseBytes() {
        return parse.responseBytes();
    }

    @Override
    public List<MalformedLine> samples() {
        return parse.samples();
    }

    @Override
    public LogFormat format() {
        return parse.format();
    }

    @Override
    public byte[] head() {
        return parse.head();
    }

    @Override
    public List<TaskGroup> taskGroups() {
        return List.of(this);
    }

    /** The reduce stage of every branch, by name. */
    Map<String, ReduceStage> reducers() {
        return reducers;
    }

    @Override
    public Map<String, BranchResult> results() {
        Map<String, BranchResult> results = new LinkedHashMap<>();
        reducers.forEach((name, reduce) -> results.put(name, reduce.result()));
        return results;
    }

    @Override
    public ReportAggregator report() {
        return report == null ? null : report.aggregator();
    }

    /** Threads still running (for tests and shutdown checks). */
    @Override
    public long liveThreads() {
        return workers.stream().filter(StageWorker::alive).count();
    }

    @Override
    public TaskKind kind() {
        return TaskKind.PIPELINE;
    }

    @Override
    public boolean dumpable() {
        return true;
    }

    /**
     * Dumps the stages as tasks (cursor = stage index): threaded, a stage waits on its inbox when that is empty
     * and on the next stage's inbox when it blocks pushing into it (backpressure). Stage states and counts are
     * read racily from the caller's thread: each is written by one driver thread and only shown.
     */
    @Override
    public long dump(long cursor, long skip, int limit, Consumer<? super TaskDump> sink) {
        long toSkip = skip;
        int given = 0;
        for (int i = (int) cursor; i < stages.size(); i++) {
            Stage<?> stage = stages.get(i);
            StageWorker worker = mode == PipelineMode.THREADED ? workers.get(i) : null;
            if (ended || stage.state() == CoroutineState.CLOSED || (worker != null && worker.outcome() != null)) {
                continue;
            }
            if (toSkip > 0) {
                toSkip--;
                continue;
            }
            if (given == limit) {
                return i;
            }
            sink.accept(dumpOf(i, stage, worker));
            given++;
        }
        return -1;
    }

    private static TaskDump dumpOf(int index, Stage<?> stage, StageWorker worker) {
        TaskState state = stage.state() == CoroutineState.RUNNING ? TaskState.RUNNING : TaskState.SUSPENDED;
        WaitTarget waitsOn = null;
        if (worker != null) {
            if (worker.blockedDownstream()) {
                state = TaskState.SUSPENDED;
                waitsOn = new WaitTarget.Queue("the full inbox of the next stage");
            } else if (state == TaskState.SUSPENDED && worker.idle()) {
                waitsOn = new WaitTarget.Queue("inbox of " + stage.name() + " (empty)");
            } else if (state == TaskState.SUSPENDED) {
                state = TaskState.READY; // items are queued for it
            }
        }
        return new TaskDump(TaskKind.PIPELINE, index + 1, stage.name(), 0, state, waitsOn, stage.runs(),
                stage.millisSinceLastRun(), TaskDump.Clock.MILLISECONDS, List.of(stage.name()));
    }

    @Override
    public int count(TaskState state) {
        int count = 0;
        if (mode == PipelineMode.INLINE) {
            for (Stage<?> stage : stages) {
                CoroutineState s = stage.state();
                if (s != CoroutineState.CLOSED
                        && (s == CoroutineState.RUNNING ? TaskState.RUNNING : TaskState.SUSPENDED) == state) {
                    count++;
                }
            }
            return count;
        }
        for (StageWorker worker : workers) {
            if (worker.outcome() != null) {
                continue;
            }
            TaskState s = worker.stageState() == CoroutineState.RUNNING ? TaskState.RUNNING
                    : worker.idle() ? TaskState.SUSPENDED : TaskState.READY;
            if (s == state) {
                count++;
            }
        }
        return count;
    }
}
