package dev.corojobs.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.http.ProblemDetail;

/**
 * One job's record. State changes take the job's lock (they are rare); the per-step path of the worker only
 * reads the volatile cancel flag and, every progress interval, publishes a copy of the progress.
 */
final class Job {

    /** Told of each state change, before the change is published to listeners and waiters. */
    interface Transitions {
        void moved(Job job, JobState from, JobState to);
    }

    private final UUID id;
    private final long sequence;
    private final String type;
    private final Object request;
    private final String idempotencyKey;
    private final JobWork work;
    private final Duration timeout;
    private final Instant submittedAt;
    private final String traceparent;
    private final Transitions transitions;
    private final CompletableFuture<JobSnapshot> done = new CompletableFuture<>();
    private final List<Consumer<JobSnapshot>> listeners = new CopyOnWriteArrayList<>();

    private volatile JobState state = JobState.QUEUED;
    private volatile boolean cancelRequested;
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile Map<String, Object> progress = Map.of();
    private volatile Object result;
    private volatile ProblemDetail error;

    Job(UUID id, long sequence, String type, Object request, String idempotencyKey, JobWork work,
            Duration timeout, Instant submittedAt, String traceparent, Transitions transitions) {
        this.id = id;
        this.sequence = sequence;
        this.type = type;
        this.request = request;
        this.idempotencyKey = idempotencyKey;
        this.work = work;
        this.timeout = timeout;
        this.submittedAt = submittedAt;
        this.traceparent = traceparent;
        this.transitions = transitions;
    }

    UUID id() {
        return id;
    }

    long sequence() {
        return sequence;
    }

    String type() {
        return type;
    }

    Object request() {
        return request;
    }

    String idempotencyKey() {
        return idempotencyKey;
    }

    JobWork work() {
        return work;
    }

    Duration timeout() {
        return timeout;
    }

    JobState state() {
        return state;
    }

    /** The trace context of the submission, or null. */
    String traceparent() {
        return traceparent;
    }

    Instant submittedAt() {
        return submittedAt;
    }

    Instant startedAt() {
        return startedAt;
    }

    Instant finishedAt() {
        return finishedAt;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    CompletableFuture<JobSnapshot> done() {
        return done;
    }

    JobSnapshot snapshot() {
        synchronized (this) {
            return new JobSnapshot(id, type, state, submittedAt, startedAt, finishedAt, progress, result, error);
        }
    }

    /** QUEUED -> RUNNING; false if the job was cancelled while it waited. */
    boolean start(Instant now) {
        synchronized (this) {
            if (state != JobState.QUEUED) {
                return false;
            }
            state = JobState.RUNNING;
            startedAt = now;
        }
        transitions.moved(this, JobState.QUEUED, JobState.RUNNING);
        publish();
        return true;
    }

    /** Asks a running job to stop at its next step boundary; cancels a queued job at once. Returns the old state. */
    JobState requestCancel(Instant now) {
        JobState before;
        synchronized (this) {
            before = state;
            if (before.isFinal()) {
                return before;
            }
            cancelRequested = true;
            if (before == JobState.RUNNING) {
                return before;
            }
            state = JobState.CANCELLED;
            finishedAt = now;
        }
        transitions.moved(this, JobState.QUEUED, JobState.CANCELLED);
        publishFinal();
        return before;
    }

    /** Called by the worker thread that drives the work, with a private copy of the latest progress. */
    void progress(Map<String, Object> latest) {
        if (latest == null) {
            return;
        }
        progress = Collections.unmodifiableMap(new LinkedHashMap<>(latest));
        publish();
    }

    /** RUNNING -> a final state. Returns false if the job had already ended. */
    boolean finish(JobState outcome, Object result, ProblemDetail error, Instant now) {
        synchronized (this) {
            if (state.isFinal()) {
                return false;
            }
            this.state = outcome;
            this.result = result;
            this.error = error;
            this.finishedAt = now;
        }
        transitions.moved(this, JobState.RUNNING, outcome);
        publishFinal();
        return true;
    }

    /** Adds a listener for every published change; it is called at once with the current snapshot. */
    void subscribe(Consumer<JobSnapshot> listener) {
        listeners.add(listener);
        JobSnapshot now = snapshot();
        listener.accept(now);
        if (now.state().isFinal()) {
            listeners.remove(listener);
        }
    }

    void unsubscribe(Consumer<JobSnapshot> listener) {
        listeners.remove(listener);
    }

    private void publish() {
        if (listeners.isEmpty()) {
            return;
        }
        JobSnapshot snapshot = snapshot();
        for (Consumer<JobSnapshot> listener : listeners) {
            listener.accept(snapshot);
        }
    }

    private void publishFinal() {
        JobSnapshot snapshot = snapshot();
        for (Consumer<JobSnapshot> listener : listeners) {
            listener.accept(snapshot);
        }
        listeners.clear();
        done.complete(snapshot);
    }
}
