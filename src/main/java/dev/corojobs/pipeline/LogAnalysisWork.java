package dev.corojobs.pipeline;

import dev.corojobs.runtime.StacklessCoroutine;
import dev.corojobs.runtime.TaskGroup;
import dev.corojobs.runtime.TaskOutcome;
import dev.corojobs.runtime.TaskTracker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code log-analysis} job's work (the job layer wraps it as its {@code JobWork}): streams the input a slice per step through the pipeline of its spec, yields
 * progress ({@code linesRead}, {@code bytesRead}) after each step and returns the report. Closing it
 * (cancel) stops the stage workers, closes the input and releases it.
 */
public final class LogAnalysisWork extends StacklessCoroutine<Object, Map<String, Object>, Object> {

    /** How long one step may push input before it yields. */
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private enum Phase { NEW, START, READING, DRAINING, DONE }

    private final LogInput input;
    private final PipelineSpec spec;
    private final PipelineSettings settings;
    private final TaskTracker tracker;
    private final String name;
    private Phase phase = Phase.NEW;
    private LogReader reader;
    /** Volatile so task dumps on other threads find the stages. */
    private volatile AnalysisRun pipeline;
    private Object pending;
    private boolean released;
    private long inputSize = -1;
    private Map<String, Object> finalResult;

    public LogAnalysisWork(LogInput input, PipelineSpec spec, PipelineSettings settings, TaskTracker tracker,
                           String name) {
        this.input = input;
        this.spec = spec;
        this.settings = settings;
        this.tracker = tracker;
        this.name = name;
    }

    /**
     * A work that has taken its first step (it holds nothing yet) and is ready to be driven by any thread:
     * closing it now, as a job cancelled while queued is, still runs its cleanup and releases the input.
     */
    public static LogAnalysisWork prepared(LogInput input, PipelineSpec spec, PipelineSettings settings,
                                           TaskTracker tracker, String name) {
        LogAnalysisWork work = new LogAnalysisWork(input, spec, settings, tracker, name);
        work.resume(null);
        work.releaseOwnership();
        return work;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected void step(Object ignored) {
        try {
            switch (phase) {
                case NEW -> {
                    phase = Phase.START;
                    yieldValue(progress());
                }
                case START -> start();
                case READING -> read();
                case DRAINING -> drain();
                case DONE -> finish(finalResult);
            }
        } catch (StackOverflowError e) {
            release(TaskOutcome.FAILED);
            throw new IllegalStateException("a stage ran out of stack (is a pathRegex too complex for a long path?)");
        } catch (RuntimeException | Error e) {
            release(TaskOutcome.FAILED);
            throw e;
        } catch (IOException e) {
            release(TaskOutcome.FAILED);
            throw new UncheckedIOException("cannot read the log: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release(TaskOutcome.CANCELLED);
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void start() throws IOException {
        inputSize = input.size();
        reader = openReader();
        pipeline = spec.mode() == PipelineMode.PARALLEL
                ? new ParallelPipeline(spec, settings, tracker, "corojobs-" + name + "-", settings.parallelism())
                : new Pipeline(spec, settings, tracker, "corojobs-" + name + "-");
        phase = Phase.READING;
        pipeline.releaseOwnership();
        yieldValue(progress());
    }

    private LogReader openReader() throws IOException {
        FileChannel file = input.openChannel();
        if (file != null) {
            try {
                return new LogReader(file, settings.batchBytes(), settings.maxLineBytes());
            } catch (IOException | RuntimeException e) {
                file.close();
                throw e;
            }
        }
        InputStream stream = input.open();
        try {
            return new LogReader(stream, settings.batchBytes(), settings.maxLineBytes());
        } catch (IOException | RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    private void read() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SLICE_NANOS;
        do {
            if (pending == null) {
                if (pipeline instanceof ParallelPipeline parallel) {
                    LogBatch spare = parallel.spare();
                    if (spare != null) {
                        reader.recycle(spare);
                    }
                }
                LogBatch batch = reader.next();
                pending = batch == null ? StageWorker.END : batch;
            }
            if (!pipeline.offer(pending, Math.max(0, deadline - System.nanoTime()))) {
                break;
            }
            if (pending == StageWorker.END) {
                pending = null;
                phase = Phase.DRAINING;
                break;
            }
            if (spec.mode() == PipelineMode.INLINE) {
                reader.recycle((LogBatch) pending); // every stage is done with it
            }
            pending = null;
        } while (System.nanoTime() < deadline);
        pipeline.releaseOwnership();
        yieldValue(progress());
    }

    private void drain() throws InterruptedException {
        if (!pipeline.awaitDrained(TimeUnit.NANOSECONDS.toMillis(SLICE_NANOS))) {
            yieldValue(progress());
            return;
        }
        finalResult = result();
        Map<String, Object> finalProgress = progress(); // read before release drops the pipeline's counters
        release(TaskOutcome.COMPLETED);
        phase = Phase.DONE;
        yieldValue(finalProgress); // the final counts, so progress ends equal to the result
    }

    private Map<String, Object> progress() {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("linesRead", pipeline == null ? 0L : pipeline.linesRead());
        progress.put("bytesRead", reader == null ? 0L : reader.bytesRead());
        if (inputSize >= 0) {
            progress.put("inputSize", inputSize);
        }
        if (reader != null && reader.gzip()) {
            progress.put("gzip", true);
            progress.put("compressedBytesRead", reader.compressedBytesRead());
        }
        return progress;
    }

    private Map<String, Object> result() {
        AnalysisRun parse = pipeline;
        LogFormat used = parse.format() == null ? spec.format() : parse.format();
        String usedName = used.definition() == null ? used.json() : used.describe();
        long read = parse.linesRead();
        if (read > 0 && parse.malformed() > spec.maxMalformedShare() * read) {
            throw new LogFormatMismatchException(usedName, read, parse.malformed(), spec.maxMalformedShare(),
                    parse.samples(), FormatDetection.better(used, spec.forwardedClient(), parse.head()));
        }
        List<String> warnings = new ArrayList<>();
        if (read == 0) {
            warnings.add("the log is empty: no lines were read");
        } else if (parse.malformed() > 0) {
            warnings.add(parse.malformed() + " of " + read + " lines (" + percent(parse.malformed(), read)
                    + ") did not parse as " + usedName + "; the first are in lines.samples");
        }
        Map<String, Object> lines = new LinkedHashMap<>();
        lines.put("read", parse.linesRead());
        lines.put("parsed", parse.parsed());
        lines.put("malformed", parse.malformed());
        lines.put("samples", parse.samples());
        Map<String, Object> branches = new LinkedHashMap<>();
        pipeline.results().forEach(branches::put);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("lines", lines);
        result.put("bytes", reader.bytesRead());
        result.put("responseBytes", parse.responseBytes());
        result.put("gzip", reader.gzip());
        result.put("mode", spec.mode().json());
        result.put("format", used.json());
        if (spec.format().isAuto()) {
            result.put("formatDetected", true);
        }
        if (!warnings.isEmpty()) {
            result.put("warnings", warnings);
        }
        result.put("branches", branches);
        if (pipeline.report() != null) {
            result.put("report", pipeline.report()
                    .toJson(parse.linesRead(), parse.malformed(), reader.bytesRead()));
        }
        return result;
    }

    private static String percent(long part, long whole) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    @Override
    protected void onClose() {
        release(TaskOutcome.CANCELLED);
    }

    private void release(TaskOutcome outcome) {
        if (released) {
            return;
        }
        released = true;
        try {
            if (pipeline != null) {
                if (outcome != TaskOutcome.COMPLETED) {
                    pipeline.abort();
                }
                pipeline.end(outcome);
            }
            if (reader != null) {
                reader.close();
            }
        } catch (IOException ignored) {
            // closing a read-only input cannot lose data
        } finally {
            input.release();
            // a finished job keeps its result, not its counters and batches (unless a thread still runs)
            reader = null;
            if (pipeline != null && pipeline.liveThreads() == 0) {
                pipeline = null;
            }
        }
    }

    /** The most heap this work may hold under its settings (for the job platform's heap admission). */
    public long memoryBudget() {
        return settings.memoryBudget(spec.branches().stream().map(PipelineSpec.Branch::groupBy).toList(),
                spec.mode() == PipelineMode.THREADED);
    }

    /** Stage threads still alive (0 once the job is over). */
    public long liveThreads() {
        return pipeline == null ? 0 : pipeline.liveThreads();
    }

    /** The pipeline's stages as a task group, for task dumps under the job (none before it starts). */
    public List<TaskGroup> taskGroups() {
        AnalysisRun stages = pipeline;
        return stages == null ? List.of() : stages.taskGroups();
    }
}
