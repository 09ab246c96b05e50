package dev.corojobs.pipeline;

import dev.corojobs.pipeline.report.ReportAggregator;
import dev.corojobs.runtime.TaskGroup;
import dev.corojobs.runtime.TaskOutcome;
import dev.corojobs.runtime.TaskTracker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * All cores on one log: the reader's batches (whole lines) go into one bounded queue that one inline pipeline
 * per worker thread takes from, so each worker parses, filters, maps and reduces its own batches. At the end
 * the branches' per-key sums are added up and cut to {@code top}, and the malformed-line samples are numbered
 * from the batches' line counts and the first ones kept: the result is the same as one pipeline's.
 * {@code auto} picks the format on the first batch, before the workers start. The report has one aggregator
 * that every worker adds its parsed batches to, one batch at a time: its figures do not depend on the order.
 */
final class ParallelPipeline implements AnalysisRun {

    private final PipelineSpec spec;
    private final PipelineSettings settings;
    private final TaskTracker tracker;
    private final String threadPrefix;
    private final int threads;
    private final BlockingQueue<Object> queue;
    private final List<Pipeline> parts = new ArrayList<>();
    private final ReportAggregator report;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Batches every stage is done with, for the reader to read the next slices into. */
    private final java.util.concurrent.ConcurrentLinkedQueue<LogBatch> spares = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean started;
    private LogFormat format;
    private byte[] head = new byte[0];
    private int endsPut;

    ParallelPipeline(PipelineSpec spec, PipelineSettings settings, TaskTracker tracker, String threadPrefix, int threads) {
        this.spec = spec;
        this.settings = settings;
        this.tracker = tracker;
        this.threadPrefix = threadPrefix;
        this.threads = Math.max(1, threads);
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity() * this.threads);
        this.report = spec.report() == null ? null : new ReportAggregator(spec.report());
    }

    private void start(LogBatch first) {
        if (first != null) {
            head = FormatDetection.head(first.data, first.start, first.end);
        }
        format = spec.format().isAuto() ? FormatDetection.detect(head, spec.forwardedClient()) : spec.format();
        for (int i = 0; i < threads; i++) {
            PipelineSpec partSpec = new PipelineSpec(spec.mode(), spec.format(), spec.branches(), null,
                    spec.forwardedClient(), spec.maxMalformedShare());
            Pipeline part = new Pipeline(partSpec, PipelineMode.INLINE, format, false, settings, tracker,
                    threadPrefix + "part" + i + "-");
            part.releaseOwnership();
            parts.add(part);
            workers.add(Thread.ofPlatform().name(threadPrefix + "worker-" + i).daemon().unstarted(() -> work(part)));
        }
        started = true;
        workers.forEach(Thread::start);
    }

    private void work(Pipeline part) {
        try {
            for (;;) {
                Object item = queue.take();
                part.offer(item, 0);
                if (item == StageWorker.END) {
                    return;
                }
                if (report != null) {
                    synchronized (report) {
                        report.accept((LogBatch) item);
                    }
                }
                if (spares.size() < threads * 2) {
                    spares.add((LogBatch) item); // the inline pipeline is done with it
                }
            }
        } catch (InterruptedException | PipelineInterruptedException e) {
            // cancelled: abort() interrupts every worker
        } catch (StackOverflowError e) {
            failed(new IllegalStateException("a stage ran out of stack (is a pathRegex too complex for a long path?)"));
        } catch (Throwable e) {
            failed(e);
        }
    }

    private void failed(Throwable cause) {
        if (failure.compareAndSet(null, cause)) {
            workers.forEach(Thread::interrupt);
        }
    }

    private void throwIfFailed() {
        Throwable cause = failure.get();
        if (cause != null) {
            throw cause instanceof RuntimeException e ? e : new IllegalStateException(cause.getMessage(), cause);
        }
    }

    @Override
    public boolean offer(Object item, long timeoutNanos) throws InterruptedException {
        throwIfFailed();
        if (!started) {
            start(item instanceof LogBatch batch ? batch : null);
        }
        if (item == StageWorker.END) {
            while (endsPut < threads) {
                if (!queue.offer(StageWorker.END, timeoutNanos, TimeUnit.NANOSECONDS)) {
                    return false;
                }
                endsPut++;
            }
            return true;
        }
        return queue.offer(item, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** A batch that nothing refers to any more, or null. */
    LogBatch spare() {
        return spares.poll();
    }

    @Override
    public boolean awaitDrained(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Thread worker : workers) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (worker.isAlive() && (left <= 0 || !worker.join(java.time.Duration.ofMillis(left)))) {
                throwIfFailed();
                return false;
            }
        }
        throwIfFailed();
        return true;
    }

    @Override
    public void releaseOwnership() {
        // the job's thread only puts into the queue
    }

    @Override
    public void abort() {
        workers.forEach(Thread::interrupt);
        boolean interrupted = false;
        for (Thread worker : workers) {
            try {
                worker.join(java.time.Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void end(TaskOutcome outcome) {
        parts.forEach(part -> part.end(outcome));
    }

    @Override
    public long linesRead() {
        long lines = 0;
        for (Pipeline part : started ? parts : List.<Pipeline>of()) {
            lines += part.linesRead();
        }
        return lines;
    }

    @Override
    public long parsed() {
        return parts.stream().mapToLong(Pipeline::parsed).sum();
    }

    @Override
    public long malformed() {
        return parts.stream().mapToLong(Pipeline::malformed).sum();
    }

    @Override
    public long responseBytes() {
        return parts.stream().mapToLong(Pipeline::responseBytes).sum();
    }

    /** Numbers each part's samples from the line counts of the batches before theirs, then keeps the first. */
    @Override
    public List<MalformedLine> samples() {
        Map<Long, Long> linesOf = new HashMap<>();
        for (Pipeline part : parts) {
            for (long[] batch : part.parse().batchLines()) {
                linesOf.put(batch[0], batch[1]);
            }
        }
        long[] firstLine = new long[linesOf.size() + 1];
        firstLine[0] = 1;
        for (int seq = 0; seq < linesOf.size(); seq++) {
            firstLine[seq + 1] = firstLine[seq] + linesOf.getOrDefault((long) seq, 0L);
        }
        List<MalformedLine> all = new ArrayList<>();
        for (Pipeline part : parts) {
            List<MalformedLine> samples = part.samples();
            List<Long> batches = part.parse().sampleBatches();
            for (int i = 0; i < samples.size(); i++) {
                MalformedLine sample = samples.get(i);
                long seq = batches.get(i);
                long line = (seq < firstLine.length ? firstLine[(int) seq] : 1) + sample.line() - 1;
                all.add(new MalformedLine(line, sample.reason(), sample.text()));
            }
        }
        all.sort(Comparator.comparingLong(MalformedLine::line));
        return List.copyOf(all.subList(0, Math.min(all.size(), settings.sampleCount())));
    }

    @Override
    public LogFormat format() {
        return format;
    }

    @Override
    public byte[] head() {
        return head;
    }

    @Override
    public Map<String, BranchResult> results() {
        Map<String, BranchResult> results = new LinkedHashMap<>();
        for (PipelineSpec.Branch branch : spec.branches()) {
            Map<String, Long> merged = new HashMap<>();
            for (Pipeline part : parts) {
                part.reducers().get(branch.name()).totals().forEach((key, sum) -> merged.merge(key, sum, Long::sum));
            }
            results.put(branch.name(), ReduceStage.top(merged, branch.top()));
        }
        return results;
    }

    @Override
    public ReportAggregator report() {
        return report;
    }

    @Override
    public long liveThreads() {
        return workers.stream().filter(Thread::isAlive).count();
    }

    @Override
    public List<TaskGroup> taskGroups() {
        return started ? List.copyOf(parts) : List.of();
    }
}
