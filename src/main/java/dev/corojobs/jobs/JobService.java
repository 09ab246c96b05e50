package dev.corojobs.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * Runs jobs: a bounded queue in front of a fixed number of worker platform threads. Each worker takes a job
 * and drives its {@link JobWork} step by step to the end, so a job lives on one thread and at most
 * {@code concurrency} jobs run at once. Finished jobs are kept for the configured retention (count and age).
 *
 * <p>As a {@link SmartLifecycle} it stops before the web server drains its requests: it refuses new jobs
 * (503), lets queued and running jobs go on for the shutdown grace, then cancels what is left.
 */
@Service
public class JobService implements SmartLifecycle {

    /** Stops before the web server's graceful shutdown (which waits for requests, including event streams). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    private static final Duration RETRY_WHEN_FULL = Duration.ofSeconds(1);
    private static final Duration RETRY_WHEN_STOPPING = Duration.ofSeconds(30);
    private static final Duration CANCEL_ACKNOWLEDGE = Duration.ofSeconds(10);

    private final JobsProperties properties;
    private final List<JobObserver> observers;
    private final Clock clock;
    private final JobRunner runner;
    private final BlockingQueue<Job> queue;
    private final ConcurrentHashMap<UUID, Job> jobs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Job> byIdempotencyKey = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Job> finishedInOrder = new ConcurrentLinkedQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger finishedCount = new AtomicInteger();
    private final JobCounts counts;
    private final JobWorkers workers;
    private ScheduledExecutorService retentionSweeper;
    private volatile boolean accepting = true;
    private volatile boolean running;

    @Autowired
    public JobService(JobsProperties properties, ObjectProvider<JobObserver> observers,
            ObjectProvider<HeapBudget> heapBudget) {
        this(properties, observers.orderedStream().toList(), Clock.systemUTC(),
                heapBudget.getIfAvailable(HeapBudget::unlimited));
    }

    public JobService(JobsProperties properties, List<JobObserver> observers, Clock clock) {
        this(properties, observers, clock, HeapBudget.unlimited());
    }

    public JobService(JobsProperties properties, List<JobObserver> observers, Clock clock, HeapBudget heapBudget) {
        this.properties = properties;
        this.observers = List.copyOf(observers);
        this.clock = clock;
        this.runner = new JobRunner(clock, properties.progressInterval());
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        this.workers = new JobWorkers(properties.concurrency(), queue, runner, heapBudget, clock);
        this.counts = new JobCounts(type -> this.observers.forEach(o -> o.typeSeen(type, state -> count(type, state))));
    }

    /**
     * Queues a job, or answers with the existing one when the Idempotency-Key matches an earlier submission
     * with an equal request.
     *
     * @throws JobRejectedException when the queue is full or the service is shutting down
     * @throws IdempotencyConflictException when the key was used with a different request
     */
    public Submitted submit(JobSubmission submission) {
        String type = submission.type();
        if (!accepting) {
            throw reject(type, JobRejectedException.Reason.SHUTTING_DOWN, RETRY_WHEN_STOPPING,
                    "The service is shutting down and accepts no new jobs; retry on another instance or later.");
        }
        String key = submission.idempotencyKey() == null ? null : type + '\n' + submission.idempotencyKey();
        if (key != null) {
            Optional<Submitted> earlier = matchEarlier(key, submission);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        JobWork work = submission.work().get();
        Job job = new Job(UUID.randomUUID(), sequence.incrementAndGet(), type, submission.request(),
                key, work, submission.timeout(), clock.instant(), this::moved);
        if (key != null) {
            Job raced = byIdempotencyKey.putIfAbsent(key, job);
            if (raced != null) {
                closeUnstarted(work);
                return matchEarlier(key, submission).orElseThrow(() ->
                        new IdempotencyConflictException(submission.idempotencyKey(), raced.id()));
            }
        }
        jobs.put(job.id(), job);
        counts.add(type, JobState.QUEUED);
        if (!queue.offer(job)) {
            jobs.remove(job.id());
            counts.remove(type, JobState.QUEUED);
            if (key != null) {
                byIdempotencyKey.remove(key, job);
            }
            closeUnstarted(work);
            throw reject(type, JobRejectedException.Reason.QUEUE_FULL, RETRY_WHEN_FULL,
                    "The job queue is full (" + properties.queueCapacity() + " jobs waiting); retry later.");
        }
        observers.forEach(o -> o.submitted(type));
        return new Submitted(job.snapshot(), false);
    }

    private Optional<Submitted> matchEarlier(String key, JobSubmission submission) {
        Job earlier = byIdempotencyKey.get(key);
        if (earlier == null || !jobs.containsKey(earlier.id())) {
            return Optional.empty();
        }
        if (!Objects.equals(earlier.request(), submission.request())) {
            throw new IdempotencyConflictException(submission.idempotencyKey(), earlier.id());
        }
        return Optional.of(new Submitted(earlier.snapshot(), true));
    }

    private JobRejectedException reject(String type, JobRejectedException.Reason reason, Duration retryAfter,
            String message) {
        observers.forEach(o -> o.rejected(type, reason));
        return new JobRejectedException(type, reason, retryAfter, message);
    }

    public Optional<JobSnapshot> find(UUID id) {
        return Optional.ofNullable(jobs.get(id)).map(Job::snapshot);
    }

    /** The job's work object, for a job type's own endpoints (e.g. a trace of a running simulation). */
    public Optional<JobWork> work(UUID id) {
        return Optional.ofNullable(jobs.get(id)).map(Job::work);
    }

    /**
     * The job once it has ended, or as it stands after {@code wait} if it is still queued or running.
     * Blocks the calling thread up to {@code wait}.
     */
    public Optional<JobSnapshot> await(UUID id, Duration wait) {
        Job job = jobs.get(id);
        if (job == null) {
            return Optional.empty();
        }
        return Optional.of(awaitFinal(job, wait));
    }

    /**
     * Like {@link #await} without blocking: a future of the job once it has ended, or of the job as it stands
     * after {@code wait}. Empty if there is no such job.
     */
    public Optional<CompletableFuture<JobSnapshot>> whenFinished(UUID id, Duration wait) {
        Job job = jobs.get(id);
        if (job == null) {
            return Optional.empty();
        }
        if (wait == null || !wait.isPositive() || job.state().isFinal()) {
            return Optional.of(CompletableFuture.completedFuture(job.snapshot()));
        }
        return Optional.of(job.done().copy()
                .completeOnTimeout(null, wait.toNanos(), TimeUnit.NANOSECONDS)
                .thenApply(end -> end != null ? end : job.snapshot()));
    }

    private JobSnapshot awaitFinal(Job job, Duration wait) {
        if (wait != null && wait.isPositive() && !job.state().isFinal()) {
            try {
                return job.done().get(wait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException stillRunning) {
                // answer with the job as it stands
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return job.snapshot();
    }

    /** Jobs newest first, optionally only of one type and/or state; {@code page} counts from 0. */
    public JobPage list(String type, JobState state, int page, int size) {
        if (page < 0 || size < 1) {
            throw new IllegalArgumentException("page must be >= 0 and size >= 1");
        }
        List<Job> matching = new ArrayList<>();
        for (Job job : jobs.values()) {
            if ((type == null || type.equals(job.type())) && (state == null || state == job.state())) {
                matching.add(job);
            }
        }
        matching.sort(Comparator.comparingLong(Job::sequence).reversed());
        long from = Math.min((long) page * size, matching.size());
        long to = Math.min(from + size, matching.size());
        List<JobSnapshot> items = matching.subList((int) from, (int) to).stream().map(Job::snapshot).toList();
        return new JobPage(items, page, size, matching.size());
    }

    /**
     * Cancels a queued or running job (a running one stops at its next step boundary, its work closed so its
     * cleanup runs; this waits up to a few seconds for that), or removes the record of a finished one.
     */
    public Optional<CancelOutcome> cancel(UUID id) {
        Job job = jobs.get(id);
        if (job == null) {
            return Optional.empty();
        }
        JobState before = requestCancel(job);
        if (before.isFinal()) {
            return remove(job) ? Optional.of(new CancelOutcome.Removed(job.snapshot())) : Optional.empty();
        }
        return Optional.of(new CancelOutcome.Cancelled(awaitFinal(job, CANCEL_ACKNOWLEDGE)));
    }

    private JobState requestCancel(Job job) {
        JobState before = job.requestCancel(clock.instant());
        if (before == JobState.QUEUED) {
            queue.remove(job);
            closeUnstarted(job.work());
        }
        return before;
    }

    /**
     * Follows a job: {@code listener} gets the current snapshot at once, then every state change and progress
     * update (at most once per progress interval) until a final snapshot. Called on worker threads: it must
     * not block. Returns a handle that stops the subscription, or empty if there is no such job.
     */
    public Optional<Runnable> subscribe(UUID id, Consumer<JobSnapshot> listener) {
        Job job = jobs.get(id);
        if (job == null) {
            return Optional.empty();
        }
        job.subscribe(listener);
        return Optional.of(() -> job.unsubscribe(listener));
    }

    /** Retained jobs of {@code type} in {@code state} now. */
    public long count(String type, JobState state) {
        return counts.count(type, state);
    }

    /** Job types seen since start. */
    public Set<String> types() {
        return Set.copyOf(counts.types());
    }

    public boolean isAccepting() {
        return accepting;
    }

    /** From now on, submissions are refused with {@link JobRejectedException.Reason#SHUTTING_DOWN}. */
    public void stopAccepting() {
        accepting = false;
    }

    /**
     * Refuses new jobs, lets the queued and running ones go on for up to {@code grace}, then cancels the rest
     * and waits briefly for the workers to close their work. Returns the number of jobs cancelled.
     */
    public int drain(Duration grace) {
        stopAccepting();
        List<CompletableFuture<JobSnapshot>> active = activeJobs().stream().map(Job::done).toList();
        try {
            CompletableFuture.allOf(active.toArray(CompletableFuture[]::new)).get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return 0;
        } catch (TimeoutException graceOver) {
            // cancel what is left
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
        List<Job> left = activeJobs();
        log.info("Shutdown grace of {} is over: cancelling {} jobs", grace, left.size());
        left.forEach(this::requestCancel);
        try {
            CompletableFuture.allOf(left.stream().map(Job::done).toArray(CompletableFuture[]::new))
                    .get(CANCEL_ACKNOWLEDGE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.warn("Some jobs did not stop within {} of being cancelled", CANCEL_ACKNOWLEDGE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return left.size();
    }

    private List<Job> activeJobs() {
        return jobs.values().stream().filter(job -> !job.state().isFinal()).toList();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        accepting = true;
        workers.start();
        long sweepMillis = Math.clamp(properties.retentionAge().toMillis() / 2, 100, 30_000);
        retentionSweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("corojobs-job-retention").daemon(true).factory());
        retentionSweeper.scheduleWithFixedDelay(this::applyRetention, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        drain(properties.shutdownGrace());
        running = false;
        workers.stop(CANCEL_ACKNOWLEDGE);
        retentionSweeper.shutdownNow();
        // a submission that raced with stopAccepting() may have been queued after the drain looked
        activeJobs().forEach(this::requestCancel);
        // records live in memory only: what finished jobs keep on disk goes with them
        jobs.values().stream().filter(job -> job.state().isFinal()).forEach(JobService::discard);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Whether the workers can take jobs: how many live, how many run a job, when the queue last moved. */
    public WorkerStatus workerStatus() {
        return new WorkerStatus(workers.size(), workers.alive(), workers.busy(), workers.queued(),
                workers.queueMovedAt(), workers.replaced());
    }

    /** Bookkeeping of a state change, before waiters and listeners hear of it. */
    private void moved(Job job, JobState from, JobState to) {
        counts.move(job.type(), from, to);
        if (!to.isFinal()) {
            return;
        }
        Duration ran = job.startedAt() == null ? Duration.ZERO : Duration.between(job.startedAt(), job.finishedAt());
        observers.forEach(o -> o.finished(job.type(), to, ran));
        finishedInOrder.add(job);
        finishedCount.incrementAndGet();
        applyRetention();
    }

    private boolean remove(Job job) {
        if (!jobs.remove(job.id(), job)) {
            return false;
        }
        JobState state = job.state();
        counts.remove(job.type(), state);
        if (state.isFinal()) {
            finishedCount.decrementAndGet();
        }
        if (job.idempotencyKey() != null) {
            byIdempotencyKey.remove(job.idempotencyKey(), job);
        }
        if (state.isFinal()) {
            finishedInOrder.remove(job); // DELETE frees the record now, not when it reaches the queue's head
            discard(job);
        }
        return true;
    }

    private static void discard(Job job) {
        try {
            job.work().discard();
        } catch (RuntimeException e) {
            log.warn("Job {}: releasing its work failed", job.id(), e);
        }
    }

    /** Forgets the oldest finished jobs beyond the retention count, and those older than the retention age. */
    void applyRetention() {
        Instant oldest = clock.instant().minus(properties.retentionAge());
        for (;;) {
            Job head = finishedInOrder.peek();
            if (head == null) {
                return;
            }
            if (jobs.get(head.id()) != head) {
                finishedInOrder.remove(head); // deleted by a client: already uncounted
                continue;
            }
            boolean tooMany = finishedCount.get() > properties.retentionCount();
            boolean tooOld = head.finishedAt() != null && head.finishedAt().isBefore(oldest);
            if (!tooMany && !tooOld) {
                return;
            }
            if (finishedInOrder.remove(head)) {
                remove(head);
            }
        }
    }

    private static void closeUnstarted(JobWork work) {
        try {
            work.close();
        } catch (RuntimeException e) {
            log.warn("Closing unstarted work {} failed: {}", work.name(), e.toString());
        }
    }
}
