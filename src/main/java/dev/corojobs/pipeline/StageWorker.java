package dev.corojobs.pipeline;

import dev.corojobs.runtime.CoroutineState;
import dev.corojobs.runtime.TaskOutcome;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Drives one stage on its own thread: takes items from a bounded inbox and sends them to the stage, which is
 * only ever sent to from this thread. The end-of-input mark closes the stage, which flushes downstream and
 * ends the thread. A full inbox blocks whoever pushes: that is the backpressure.
 */
final class StageWorker {

    /** Put after the last item: close the stage. */
    static final Object END = new Object();

    private final Stage<Object> stage;
    private final BlockingQueue<Object> inbox;
    private final Thread thread;
    private final BiConsumer<StageWorker, Throwable> onFailure;
    private volatile TaskOutcome outcome;

    @SuppressWarnings("unchecked")
    StageWorker(Stage<?> stage, int capacity, String threadName, BiConsumer<StageWorker, Throwable> onFailure) {
        this.stage = (Stage<Object>) stage;
        this.inbox = new ArrayBlockingQueue<>(capacity);
        this.onFailure = onFailure;
        this.thread = Thread.ofPlatform().name(threadName).daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        TaskOutcome result = TaskOutcome.CANCELLED;
        try {
            stage.resume(null);
            for (;;) {
                Object item = inbox.take();
                if (item == END) {
                    stage.close();
                    result = TaskOutcome.COMPLETED;
                    return;
                }
                stage.send(item);
            }
        } catch (InterruptedException | PipelineInterruptedException e) {
            result = TaskOutcome.CANCELLED;
        } catch (StackOverflowError failure) {
            result = TaskOutcome.FAILED;
            onFailure.accept(this, new IllegalStateException(
                    "ran out of stack (is a pathRegex too complex for a long path?)"));
        } catch (Throwable failure) {
            result = TaskOutcome.FAILED;
            onFailure.accept(this, failure);
        } finally {
            outcome = result;
        }
    }

    /** Blocks while the inbox is full. */
    void put(Object item) {
        try {
            inbox.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineInterruptedException();
        }
    }

    /** Waits up to {@code timeoutNanos} for room; false if there was none. */
    boolean offer(Object item, long timeoutNanos) throws InterruptedException {
        return inbox.offer(item, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    void interrupt() {
        thread.interrupt();
    }

    boolean join(long millis) throws InterruptedException {
        return thread.join(java.time.Duration.ofMillis(Math.max(1, millis)));
    }

    boolean alive() {
        return thread.isAlive();
    }

    /** How it ended, or null while it runs. */
    TaskOutcome outcome() {
        return outcome;
    }

    Stage<?> stage() {
        return stage;
    }

    boolean idle() {
        return inbox.isEmpty();
    }

    /** True while the stage is inside a step but its thread is parked: pushing into a full inbox downstream. */
    boolean blockedDownstream() {
        Thread.State state = thread.getState();
        return stage.state() == CoroutineState.RUNNING
                && (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING);
    }

    CoroutineState stageState() {
        return stage.state();
    }

    String name() {
        return stage.name();
    }

    /** The seed's threaded front half: pushing into it puts the item into the worker's inbox. */
    static final class Front<T> extends Stage<T> {

        private final StageWorker worker;

        Front(StageWorker worker) {
            super("to " + worker.name());
            this.worker = worker;
        }

        @Override
        void accept(T item) {
            worker.put(item);
        }

        @Override
        void flush() {
            worker.put(END);
        }
    }
}
