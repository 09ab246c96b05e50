package dev.corojobs.jobs;

import dev.corojobs.jobs.store.Heartbeat;
import dev.corojobs.jobs.store.InsertOutcome;
import dev.corojobs.jobs.store.JobCodec;
import dev.corojobs.jobs.store.JobEvent;
import dev.corojobs.jobs.store.JobFilter;
import dev.corojobs.jobs.store.JobStore;
import dev.corojobs.jobs.store.NewJob;
import dev.corojobs.jobs.store.Rescue;
import dev.corojobs.jobs.store.Retention;
import dev.corojobs.jobs.store.StoreNotifications;
import dev.corojobs.jobs.store.StoreProperties;
import dev.corojobs.jobs.store.StoredJob;
import dev.corojobs.jobs.store.StoredPage;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * Runs jobs kept in the job store, which every replica shares. A submission is answered once its row is
 * committed; worker threads on every replica claim queued jobs (woken by the store's notifications, or by a
 * poll), rebuild their work through the {@link JobTypes} registry, renew their leases while they run, and write
 * the outcome under that lease. Any replica answers for any job and puts jobs whose worker vanished back in the
 * queue.
 *
 * <p>As a {@link SmartLifecycle} it stops before the web server drains its requests: it refuses new jobs
 * (503), lets its running jobs go on for the shutdown grace, then hands what is left back to the queue, for
 * another replica or for the next start.
 */
@Service
public class JobService implements SmartLifecycle {

    /** Stops before the web server's graceful shutdown (which waits for requests, including event streams). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    private static final Duration RETRY_WHEN_FULL = Duration.ofSeconds(1);
    private static final Duration RETRY_WHEN_STOPPING = Duration.ofSeconds(30);
    private static final Duration RETRY_WHEN_OVER_QUOTA = Duration.ofSeconds(5);
    private static final Duration CANCEL_ACKNOWLEDGE = Duration.ofSeconds(10);
    private static final Duration COUNTS_MAX_AGE = Duration.ofSeconds(5);
    private static final int EVENT_BATCH = 100;

    private final JobsProperties properties;
    private final StoreProperties storeProperties;
    private final JobTypes types;
    private final JobStore store;
    private final JobCodec codec;
    private final StoreNotifications notifications;
    private final List<JobObserver> observers;
    private final List<JobRunHook> hooks;
    private final String worker = workerName();
    private final JobRunner runner;
    private final JobWatchers watchers = new JobWatchers();
    private final ConcurrentHashMap<UUID, RunningJob> runningHere = new ConcurrentHashMap<>();
    private final Object wakeUp = new Object();
    private final AtomicReference<CachedCounts> counts = new AtomicReference<>(new CachedCounts(Map.of(), null, 0));
    private final List<Thread> workers = new ArrayList<>();
    private final HeapBudget heapBudget;
    private final AtomicInteger alive = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicLong replaced = new AtomicLong();
    private final AtomicInteger workerNames = new AtomicInteger();
    private volatile Instant queueLookedAt = Instant.now();
    private ScheduledExecutorService housekeeping;
    private volatile boolean accepting = true;
    private volatile boolean claiming;
    private volatile boolean running;

    @Autowired
    public JobService(JobsProperties properties, StoreProperties storeProperties, JobTypes types, JobStore store,
            JobCodec codec, StoreNotifications notifications, ObjectProvider<JobObserver> observers,
            ObjectProvider<JobRunHook> hooks, ObjectProvider<HeapBudget> heapBudget) {
        this(properties, storeProperties, types, store, codec, notifications, observers.orderedStream().toList(),
                hooks.orderedStream().toList(), heapBudget.getIfAvailable(HeapBudget::unlimited));
    }

    public JobService(JobsProperties properties, StoreProperties storeProperties, JobTypes types, JobStore store,
            JobCodec codec, StoreNotifications notifications, List<JobObserver> observers) {
        this(properties, storeProperties, types, store, codec, notifications, observers, List.of(), HeapBudget.unlimited());
    }

    public JobService(JobsProperties properties, StoreProperties storeProperties, JobTypes types, JobStore store,
            JobCodec codec, StoreNotifications notifications, List<JobObserver> observers, List<JobRunHook> hooks) {
        this(properties, storeProperties, types, store, codec, notifications, observers, hooks, HeapBudget.unlimited());
    }

    public JobService(JobsProperties properties, StoreProperties storeProperties, JobTypes types, JobStore store,
            JobCodec codec, StoreNotifications notifications, List<JobObserver> observers, HeapBudget heapBudget) {
        this(properties, storeProperties, types, store, codec, notifications, observers, List.of(), heapBudget);
    }

    public JobService(JobsProperties properties, StoreProperties storeProperties, JobTypes types, JobStore store,
            JobCodec codec, StoreNotifications notifications, List<JobObserver> observers, List<JobRunHook> hooks,
            HeapBudget heapBudget) {
        this.heapBudget = heapBudget;
        this.properties = properties;
        this.storeProperties = storeProperties;
        this.types = types;
        this.store = store;
        this.codec = codec;
        this.notifications = notifications;
        this.observers = List.copyOf(observers);
        this.hooks = List.copyOf(hooks);
        this.runner = new JobRunner(store, codec, properties.progressInterval(), this.hooks);
        notifications.onQueued(this::wakeWorkers);
        notifications.onCancel(id -> {
            RunningJob job = runningHere.get(id);
            if (job != null) {
                job.stop(RunningJob.Stop.CANCEL);
            }
        });
        notifications.onEvent((id, eventId) -> watchers.changed(id));
        for (JobType type : types.all()) {
            this.observers.forEach(o -> o.typeSeen(type.name(), state -> count(type.name(), state)));
        }
    }

    /** This process as the store names it: host name and process id. */
    public String worker() {
        return worker;
    }

    /**
     * Commits a queued job, or answers with the existing one when the Idempotency-Key (scoped by owner and type)
     * matches an earlier submission with an equal request. The type turns the request into work on the calling
     * thread first, so invalid input fails here and no job is created.
     *
     * @throws UnknownJobTypeException when there is no such job type
     * @throws JobRejectedException when the queue is full, the service is shutting down or the owner is at its limit
     * @throws IdempotencyConflictException when the key was used with a different request
     */
    public Submitted submit(JobSubmission submission) {
        return submit(submission, 0);
    }

    /**
     * As {@link #submit(JobSubmission)}, refused with {@link JobRejectedException.Reason#OWNER_QUOTA} when the
     * submission's owner already has {@code maxActiveForOwner} jobs queued or running on any replica (0: no limit).
     */
    public Submitted submit(JobSubmission submission, int maxActiveForOwner) {
        JobType jobType = types.get(submission.type());
        String type = jobType.name();
        if (!accepting) {
            throw reject(type, JobRejectedException.Reason.SHUTTING_DOWN, RETRY_WHEN_STOPPING,
                    "The service is shutting down and accepts no new jobs; retry on another instance or later.");
        }
        closeUnstarted(jobType.work(submission.jobRequest()));
        if (store.queuedCount() >= properties.queueCapacity()) {
            throw reject(type, JobRejectedException.Reason.QUEUE_FULL, RETRY_WHEN_FULL,
                    "The job queue is full (" + properties.queueCapacity() + " jobs waiting); retry later.");
        }
        InsertOutcome outcome = store.insert(new NewJob(UUID.randomUUID(), type, submission.owner(),
                submission.request(), submission.input(), properties.maxAttempts(), submission.timeout(),
                traceparent(submission), submission.idempotencyKey()), maxActiveForOwner);
        return switch (outcome) {
            case InsertOutcome.Created created -> {
                observers.forEach(o -> o.submitted(type));
                yield new Submitted(snapshot(created.job(), false), false);
            }
            case InsertOutcome.Duplicate duplicate -> new Submitted(snapshot(duplicate.job(), true), true);
            case InsertOutcome.Conflict conflict ->
                    throw new IdempotencyConflictException(submission.idempotencyKey(), conflict.existingId());
            case InsertOutcome.OverQuota over -> throw reject(type, JobRejectedException.Reason.OWNER_QUOTA,
                    RETRY_WHEN_OVER_QUOTA, "'" + submission.owner() + "' already has " + over.active()
                            + " jobs queued or running, the most one owner may have; submit again when one has ended.");
        };
    }

    /** The submission's trace context, else the submitting thread's as a hook captures it; kept with the job. */
    private String traceparent(JobSubmission submission) {
        if (submission.traceparent() != null) {
            return submission.traceparent();
        }
        for (JobRunHook hook : hooks) {
            String captured = hook.captureTraceparent();
            if (captured != null) {
                return captured;
            }
        }
        return null;
    }

    private JobRejectedException reject(String type, JobRejectedException.Reason reason, Duration retryAfter,
            String message) {
        observers.forEach(o -> o.rejected(type, reason));
        return new JobRejectedException(type, reason, retryAfter, message);
    }

    public Optional<JobSnapshot> find(UUID id) {
        return store.find(id).map(job -> snapshot(job, true));
    }

    /** The work of a job running on this replica, for task dumps. */
    public Optional<JobWork> work(UUID id) {
        return Optional.ofNullable(runningHere.get(id)).map(RunningJob::work);
    }

    /**
     * A job's trace: live from its work while it runs on this replica, else as the store keeps it (written when
     * the job ended, on whichever replica ran it). Empty if there is no such job.
     */
    public Optional<JobWork.Trace> trace(UUID id) {
        RunningJob here = runningHere.get(id);
        if (here != null && here.work().trace().isPresent()) {
            return here.work().trace();
        }
        if (store.find(id).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(out -> {
            try (InputStream in = store.traceInput(id)) {
                in.transferTo(out);
            }
        });
    }

    /**
     * The job once it has ended, or as it stands after {@code wait} if it is still queued or running.
     * Blocks the calling thread up to {@code wait}.
     */
    public Optional<JobSnapshot> await(UUID id, Duration wait) {
        Optional<CompletableFuture<JobSnapshot>> future = whenFinished(id, wait);
        if (future.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(future.get().get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return find(id);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Like {@link #await} without blocking: a future of the job once it has ended (on any replica), or of the job
     * as it stands after {@code wait}. Empty if there is no such job.
     */
    public Optional<CompletableFuture<JobSnapshot>> whenFinished(UUID id, Duration wait) {
        Optional<StoredJob> now = store.find(id);
        if (now.isEmpty()) {
            return Optional.empty();
        }
        if (wait == null || !wait.isPositive() || now.get().state().isFinal()) {
            return Optional.of(CompletableFuture.completedFuture(snapshot(now.get(), true)));
        }
        CompletableFuture<JobSnapshot> done = new CompletableFuture<>();
        Runnable stopWatching = watchers.watch(id, () -> {
            if (!done.isDone()) {
                store.find(id).filter(job -> job.state().isFinal())
                        .ifPresent(job -> done.complete(snapshot(job, true)));
            }
        });
        // it may have ended between the first look and the watch
        store.find(id).filter(job -> job.state().isFinal()).ifPresent(job -> done.complete(snapshot(job, true)));
        return Optional.of(done
                .completeOnTimeout(null, wait.toNanos(), TimeUnit.NANOSECONDS)
                .whenComplete((snapshot, failure) -> stopWatching.run())
                .thenApply(end -> end != null ? end : find(id).orElseGet(() -> snapshot(now.get(), false))));
    }

    /** Jobs newest first, optionally only of one type, state and/or owner (null: any); {@code page} counts from 0. */
    public JobPage list(String type, JobState state, String owner, int page, int size) {
        StoredPage found = store.list(new JobFilter(type, state, owner), page, size);
        return new JobPage(found.items().stream().map(job -> snapshot(job, false)).toList(), page, size, found.total());
    }

    /**
     * Cancels a queued job at once, or a running one on whichever replica runs it (it stops at its next step
     * boundary, its work closed so its cleanup runs; this waits up to a few seconds for that), or removes the
     * record of a finished one.
     */
    public Optional<CancelOutcome> cancel(UUID id) {
        return switch (store.requestCancel(id)) {
            case NOT_FOUND -> Optional.empty();
            case CANCELLED -> find(id).map(CancelOutcome.Cancelled::new);
            case REQUESTED -> {
                RunningJob here = runningHere.get(id);
                if (here != null) {
                    here.stop(RunningJob.Stop.CANCEL);
                }
                yield await(id, CANCEL_ACKNOWLEDGE).map(CancelOutcome.Cancelled::new);
            }
            case ALREADY_FINISHED -> {
                Optional<JobSnapshot> finished = find(id);
                yield finished.isPresent() && store.delete(id)
                        ? finished.map(CancelOutcome.Removed::new) : Optional.empty();
            }
        };
    }

    /**
     * Follows a job: {@code listener} gets each change with the id of the event that recorded it, from the one
     * after {@code afterEventId} on (0: the job as it stands now first), until a final snapshot. Called on a
     * notification or polling thread: it must not block. Returns a handle that stops the subscription, or empty
     * if there is no such job.
     */
    public Optional<Runnable> subscribe(UUID id, long afterEventId, BiConsumer<Long, JobSnapshot> listener) {
        Optional<StoredJob> found = store.find(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StoredJob job = found.get();
        long[] sent = {afterEventId};
        boolean[] ended = {false};
        Object lock = new Object();
        Runnable deliver = () -> {
            synchronized (lock) {
                while (!ended[0]) {
                    List<JobEvent> events = store.eventsAfter(id, sent[0], EVENT_BATCH);
                    for (JobEvent event : events) {
                        JobSnapshot snapshot = fromEvent(job, event);
                        sent[0] = event.id();
                        listener.accept(event.id(), snapshot);
                        if (snapshot.state().isFinal()) {
                            ended[0] = true;
                            return;
                        }
                    }
                    if (events.size() < EVENT_BATCH) {
                        return;
                    }
                }
            }
        };
        Runnable stop = watchers.watch(id, deliver);
        if (afterEventId <= 0) {
            synchronized (lock) {
                Optional<JobEvent> latest = store.lastEvent(id);
                if (latest.isPresent()) {
                    JobEvent last = latest.get();
                    sent[0] = last.id();
                    JobSnapshot now = fromEvent(job, last);
                    listener.accept(last.id(), now);
                    ended[0] = now.state().isFinal();
                }
            }
        }
        deliver.run();
        return Optional.of(stop);
    }

    /** Jobs of {@code type} in {@code state} the store keeps, as counted at most a few seconds ago. */
    public long count(String type, JobState state) {
        return counted().byType().getOrDefault(type, Map.of()).getOrDefault(state, 0L);
    }

    /**
     * When the job that has waited longest for a worker (on any replica) was submitted, as seen at most a few
     * seconds ago; empty when none is queued.
     */
    public Optional<Instant> oldestQueuedSince() {
        return Optional.ofNullable(counted().oldestQueued());
    }

    private CachedCounts counted() {
        CachedCounts cached = counts.get();
        if (System.nanoTime() - cached.countedAtNanos() > COUNTS_MAX_AGE.toNanos()) {
            synchronized (counts) {
                cached = counts.get();
                if (System.nanoTime() - cached.countedAtNanos() > COUNTS_MAX_AGE.toNanos()) {
                    try {
                        cached = new CachedCounts(store.counts(), store.oldestQueuedSince().orElse(null),
                                System.nanoTime());
                        counts.set(cached);
                    } catch (RuntimeException e) {
                        log.warn("Counting jobs failed: {}", e.toString());
                    }
                }
            }
        }
        return cached;
    }

    /** The job types this application runs. */
    public Set<String> types() {
        Set<String> names = new java.util.TreeSet<>();
        types.all().forEach(type -> names.add(type.name()));
        return names;
    }

    /** Jobs of {@code owner} (null: of everyone) that are queued or running now, on any replica. */
    public int activeCount(String owner) {
        return Math.toIntExact(store.activeCount(owner));
    }

    /** From now on, submissions are refused with {@link JobRejectedException.Reason#SHUTTING_DOWN}. */
    public void stopAccepting() {
        accepting = false;
    }

    /**
     * Refuses new jobs and stops claiming; lets the jobs running here go on for up to {@code grace}, then hands
     * the rest back to the queue (for another replica, or this one's next start). Queued jobs stay queued.
     * Returns the number of jobs handed back.
     */
    public int drain(Duration grace) {
        stopAccepting();
        claiming = false;
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (runningHere) {
            while (!runningHere.isEmpty() && System.nanoTime() - deadline < 0) {
                try {
                    runningHere.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        List<RunningJob> left = List.copyOf(runningHere.values());
        if (left.isEmpty()) {
            return 0;
        }
        log.info("Shutdown grace of {} is over: handing {} running jobs back to the queue", grace, left.size());
        left.forEach(job -> job.stop(RunningJob.Stop.RELEASE));
        awaitWorkersIdle(CANCEL_ACKNOWLEDGE);
        return store.release(worker);
    }

    private void awaitWorkersIdle(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        synchronized (runningHere) {
            while (!runningHere.isEmpty() && System.nanoTime() - deadline < 0) {
                try {
                    runningHere.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (!runningHere.isEmpty()) {
            log.warn("Some jobs did not stop within {} of being handed back", atMost);
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        accepting = true;
        claiming = true;
        running = true;
        queueLookedAt = Instant.now();
        for (int i = 1; i <= properties.concurrency(); i++) {
            startWorker();
        }
        housekeeping = Executors.newScheduledThreadPool(2,
                Thread.ofPlatform().name("corojobs-job-housekeeping-", 1).daemon(true).factory());
        long beatMillis = Math.min(properties.progressInterval().toMillis(),
                storeProperties.heartbeatInterval().toMillis());
        housekeeping.scheduleWithFixedDelay(this::heartbeat, beatMillis, beatMillis, TimeUnit.MILLISECONDS);
        long pollMillis = storeProperties.pollInterval().toMillis();
        housekeeping.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        long rescueMillis = storeProperties.heartbeatInterval().toMillis();
        housekeeping.scheduleWithFixedDelay(this::rescue, 0, rescueMillis, TimeUnit.MILLISECONDS);
        long pruneMillis = storeProperties.pruneInterval().toMillis();
        housekeeping.scheduleWithFixedDelay(this::prune, 0, pruneMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        drain(properties.shutdownGrace());
        running = false;
        wakeWorkers();
        List<Thread> stopping;
        synchronized (workers) {
            stopping = List.copyOf(workers);
            workers.clear();
        }
        for (Thread thread : stopping) {
            try {
                thread.join(CANCEL_ACKNOWLEDGE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        housekeeping.shutdownNow();
        // a job claimed while the drain looked goes back as well
        store.release(worker);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Whether the workers can take jobs: how many live, how many run a job, when one last looked for work. */
    public WorkerStatus workerStatus() {
        long queued = types.all().stream().mapToLong(type -> count(type.name(), JobState.QUEUED)).sum();
        return new WorkerStatus(properties.concurrency(), alive.get(), busy.get(), (int) Math.min(queued, Integer.MAX_VALUE),
                queueLookedAt, replaced.get());
    }

    private void startWorker() {
        synchronized (workers) {
            Thread thread = Thread.ofPlatform().name("corojobs-job-" + workerNames.incrementAndGet()).daemon(true)
                    .uncaughtExceptionHandler(this::died)
                    .unstarted(this::work);
            workers.add(thread);
            alive.incrementAndGet();
            thread.start();
        }
    }

    /** A worker whose thread died (an error while recording a job's end) is replaced while the service runs. */
    private void died(Thread thread, Throwable cause) {
        synchronized (workers) {
            if (!workers.remove(thread) || !running) {
                return;
            }
            replaced.incrementAndGet();
            log.error("Job worker {} died; starting a replacement", thread.getName(), cause);
            startWorker();
        }
    }

    private void work() {
        try {
            claimAndRun();
        } finally {
            alive.decrementAndGet();
        }
    }

    private void claimAndRun() {
        while (running) {
            if (!claiming) {
                pauseForWork();
                continue;
            }
            List<StoredJob> claimed;
            try {
                claimed = store.claim(worker, 1, storeProperties.leaseDuration());
            } catch (RuntimeException e) {
                log.warn("Claiming jobs failed: {}", e.toString());
                pauseForWork();
                continue;
            }
            queueLookedAt = Instant.now();
            if (claimed.isEmpty()) {
                pauseForWork();
                continue;
            }
            run(claimed.getFirst());
        }
    }

    private void run(StoredJob job) {
        Instant started = Instant.now();
        JobType type;
        JobWork work;
        try {
            type = types.get(job.type());
            work = type.work(new JobRequest(job.type(), job.request(), job.inputRef()));
        } catch (RuntimeException cannotStart) {
            log.warn("Job {} ({}) could not be started here: {}", job.id(), job.type(), cannotStart.toString());
            JobError error = types.find(job.type()).map(t -> JobRunner.error(t, cannotStart))
                    .orElseGet(() -> JobError.failure(cannotStart));
            store.finish(job.lease(), dev.corojobs.jobs.store.Completion.failed(codec.error(error), null));
            observers.forEach(o -> o.finished(job.type(), JobState.FAILED, Duration.ZERO));
            return;
        }
        if (job.submittedAt() != null && job.startedAt() != null) {
            Duration queued = Duration.between(job.submittedAt(), job.startedAt());
            observers.forEach(o -> o.started(job.type(), queued.isNegative() ? Duration.ZERO : queued));
        }
        RunningJob running = new RunningJob(job, type, work);
        runningHere.put(job.id(), running);
        JobState outcome;
        busy.incrementAndGet();
        try {
            outcome = runAdmitted(running);
        } finally {
            busy.decrementAndGet();
            synchronized (runningHere) {
                runningHere.remove(job.id());
                runningHere.notifyAll();
            }
        }
        if (outcome != null) {
            Duration ran = Duration.between(started, Instant.now());
            observers.forEach(o -> o.finished(job.type(), outcome, ran));
        } else if (running.stop() == RunningJob.Stop.LEASE_LOST) {
            observers.forEach(o -> o.leaseLost(job.type()));
        }
    }

    /**
     * Runs the job once its memory budget fits in the heap budget (its lease is renewed while it waits); fails it
     * at once if it never can. A stop that comes while it waits ends it as the runner ends any stopped job.
     */
    private JobState runAdmitted(RunningJob job) {
        long bytes = job.work().memoryBudget();
        HeapBudget.Admission admission;
        try {
            admission = heapBudget.acquire(bytes, () -> job.stop() != RunningJob.Stop.NONE || !running);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admission = HeapBudget.Admission.CANCELLED;
        }
        if (admission == HeapBudget.Admission.NEVER_FITS) {
            return runner.refuse(job, heapBudget.neverFits(bytes));
        }
        boolean admitted = admission == HeapBudget.Admission.ADMITTED;
        try {
            return runner.run(job);
        } catch (Throwable escaped) {
            // the runner ends the job whatever the work throws; this is the runner failing to record it
            return runner.lastResort(job, escaped);
        } finally {
            if (admitted) {
                heapBudget.release(bytes);
            }
        }
    }

    private void pauseForWork() {
        synchronized (wakeUp) {
            try {
                wakeUp.wait(storeProperties.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private void wakeWorkers() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    /** Renews the leases of the jobs running here and writes their new progress; hears of cancels and lost leases. */
    private void heartbeat() {
        long now = System.nanoTime();
        long beatEvery = storeProperties.heartbeatInterval().toNanos();
        for (RunningJob job : runningHere.values()) {
            Map<String, Object> progress = job.unwrittenProgress();
            if (progress == null && now - job.lastBeatNanos() < beatEvery) {
                continue;
            }
            try {
                Heartbeat beat = store.heartbeat(job.lease(), storeProperties.leaseDuration(), codec.progress(progress));
                job.beat(progress, now);
                if (!beat.held()) {
                    job.stop(RunningJob.Stop.LEASE_LOST);
                } else if (beat.cancelRequested()) {
                    job.stop(RunningJob.Stop.CANCEL);
                }
            } catch (RuntimeException e) {
                log.warn("Heartbeat of job {} failed: {}", job.job().id(), e.toString());
            }
        }
    }

    /** Wakes workers and watchers in case a notification was missed. */
    private void poll() {
        wakeWorkers();
        try {
            watchers.pollAll();
        } catch (RuntimeException e) {
            log.warn("Polling for job changes failed: {}", e.toString());
        }
    }

    private void rescue() {
        try {
            Rescue rescued = store.rescueExpired();
            if (rescued.requeued() > 0 || rescued.failed() > 0) {
                log.info("Jobs whose worker stopped renewing its lease: {} back in the queue, {} out of attempts",
                        rescued.requeued(), rescued.failed());
                observers.forEach(o -> o.rescued(rescued.requeued(), rescued.failed()));
            }
        } catch (RuntimeException e) {
            log.warn("Rescuing expired leases failed: {}", e.toString());
        }
    }

    private void prune() {
        try {
            StoreProperties.RetentionAges ages = storeProperties.retention();
            store.prune(new Retention(ages.succeeded(), ages.failed(), ages.cancelled(), properties.retentionCount()),
                    storeProperties.pruneBatch());
        } catch (RuntimeException e) {
            log.warn("Pruning finished jobs failed: {}", e.toString());
        }
    }

    private JobSnapshot snapshot(StoredJob job, boolean withResult) {
        Object result = null;
        if (withResult && job.state() == JobState.SUCCEEDED && job.resultSize() != null) {
            result = store.result(job.id()).map(codec::result).orElse(null);
        }
        return new JobSnapshot(job.id(), job.type(), job.state(), job.owner(), job.submittedAt(), job.startedAt(),
                job.finishedAt(), codec.progress(job.progress()), result, codec.error(job.error()), job.attempt(),
                job.worker());
    }

    /** The job as an event recorded it; the final one carries the result. */
    @SuppressWarnings("unchecked")
    private JobSnapshot fromEvent(StoredJob job, JobEvent event) {
        Map<String, Object> recorded = codec.event(event.snapshot());
        JobState state = JobState.valueOf((String) recorded.get("state"));
        Object progress = recorded.get("progress");
        Object error = recorded.get("error");
        Object result = null;
        if (state == JobState.SUCCEEDED) {
            result = store.result(job.id()).map(codec::result).orElse(null);
        }
        Number attempt = (Number) recorded.get("attempt");
        return new JobSnapshot(job.id(), job.type(), state, job.owner(), job.submittedAt(),
                instant(recorded.get("startedAt")), instant(recorded.get("finishedAt")),
                progress instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of(), result,
                error == null ? null : codec.error(codec.progress((Map<String, Object>) error)),
                attempt == null ? 0 : attempt.intValue(), (String) recorded.get("worker"));
    }

    private static Instant instant(Object value) {
        return value == null ? null : java.time.OffsetDateTime.parse((String) value).toInstant();
    }

    private static void closeUnstarted(JobWork work) {
        try {
            work.close();
        } catch (RuntimeException e) {
            log.warn("Closing unstarted work {} failed: {}", work.name(), e.toString());
        }
    }

    private static String workerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid();
    }

    private record CachedCounts(Map<String, Map<JobState, Long>> byType, Instant oldestQueued, long countedAtNanos) {
    }
}
