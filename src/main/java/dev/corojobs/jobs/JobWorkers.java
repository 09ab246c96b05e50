package dev.corojobs.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker threads that take jobs from the queue and run them. A worker outlives any failure of the job
 * it runs: whatever a job throws (an {@link Error} included) ends that job, and a worker that dies anyway
 * (an error while ending a job, such as a second {@code OutOfMemoryError}) is replaced by a new one. Before
 * a job starts, its memory budget must fit in the {@link HeapBudget}; the job stays QUEUED while it waits.
 *
 * <p>Keeps what readiness needs to tell the truth: how many workers are alive and when the queue last moved.
 */
final class JobWorkers {

    private static final Logger log = LoggerFactory.getLogger(JobWorkers.class);

    private final int size;
    private final BlockingQueue<Job> queue;
    private final JobRunner runner;
    private final HeapBudget budget;
    private final Clock clock;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger alive = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicLong replaced = new AtomicLong();
    private final AtomicInteger names = new AtomicInteger();
    private volatile Instant queueMovedAt;
    private volatile boolean running;

    JobWorkers(int size, BlockingQueue<Job> queue, JobRunner runner, HeapBudget budget, Clock clock) {
        this.size = size;
        this.queue = queue;
        this.runner = runner;
        this.budget = budget;
        this.clock = clock;
        this.queueMovedAt = clock.instant();
    }

    synchronized void start() {
        running = true;
        queueMovedAt = clock.instant();
        for (int i = 0; i < size; i++) {
            startWorker();
        }
    }

    /** Interrupts the workers and waits up to {@code patience} for each to end. */
    void stop(Duration patience) {
        List<Thread> stopping;
        synchronized (this) {
            running = false;
            stopping = List.copyOf(threads);
            threads.clear();
        }
        stopping.forEach(Thread::interrupt);
        for (Thread worker : stopping) {
            try {
                worker.join(patience.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized void startWorker() {
        Thread worker = Thread.ofPlatform().name("corojobs-job-" + names.incrementAndGet()).daemon(true)
                .uncaughtExceptionHandler(this::died)
                .unstarted(this::work);
        threads.add(worker);
        alive.incrementAndGet();
        worker.start();
    }

    private void died(Thread worker, Throwable cause) {
        synchronized (this) {
            threads.remove(worker);
            if (!running) {
                return;
            }
            replaced.incrementAndGet();
            log.error("Job worker {} died; starting a replacement", worker.getName(), cause);
            startWorker();
        }
    }

    private void work() {
        try {
            while (running && !Thread.currentThread().isInterrupted()) {
                Job job;
                try {
                    job = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                queueMovedAt = clock.instant();
                runAdmitted(job);
            }
        } finally {
            alive.decrementAndGet();
        }
    }

    private void runAdmitted(Job job) {
        long bytes = job.work().memoryBudget();
        try {
            switch (budget.acquire(bytes, job::cancelRequested)) {
                case ADMITTED -> { }
                case CANCELLED -> {
                    return;
                }
                case NEVER_FITS -> {
                    runner.refuse(job, budget.neverFits(bytes));
                    return;
                }
            }
        } catch (InterruptedException e) {
            // shutting down: the service cancels the jobs still queued
            Thread.currentThread().interrupt();
            return;
        }
        busy.incrementAndGet();
        try {
            runner.run(job);
        } catch (Throwable escaped) {
            // the runner ends the job whatever the work throws; this is the runner failing to record it
            runner.lastResort(job, escaped);
        } finally {
            busy.decrementAndGet();
            budget.release(bytes);
        }
    }

    int size() {
        return size;
    }

    int alive() {
        return alive.get();
    }

    int busy() {
        return busy.get();
    }

    long replaced() {
        return replaced.get();
    }

    /** When a worker last took a job from the queue (or the workers started). */
    Instant queueMovedAt() {
        return queueMovedAt;
    }

    int queued() {
        return queue.size();
    }
}
