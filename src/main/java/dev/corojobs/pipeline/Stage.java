package dev.corojobs.pipeline;

import dev.corojobs.runtime.StacklessCoroutine;

/**
 * A push stage: the seed's {@code while True: item = yield} coroutine. Each {@code send} hands it one item;
 * {@code close} raises the GeneratorExit equivalent, on which the stage flushes what it holds and closes
 * the stages after it, so closing the head of a pipeline drains the whole of it.
 */
abstract class Stage<T> extends StacklessCoroutine<T, Void, Void> {

    private final String name;
    /** Items taken and when the last one was, for task dumps: written by the stage's driver, read racily. */
    private long runs;
    private long lastRunNanos = System.nanoTime();

    Stage(String name) {
        this.name = name;
    }

    /** Handles one item pushed in. */
    abstract void accept(T item);

    /** Flushes and closes downstream: the stage's {@code except GeneratorExit}. */
    abstract void flush();

    @Override
    protected final void step(T sent) {
        runs++;
        lastRunNanos = System.nanoTime(); // once per batch of lines: negligible
        if (sent != null) {
            accept(sent);
        }
        yieldValue(null);
    }

    @Override
    protected final void onClose() {
        flush();
    }

    @Override
    public String name() {
        return name;
    }

    long runs() {
        return runs;
    }

    long millisSinceLastRun() {
        return (System.nanoTime() - lastRunNanos) / 1_000_000;
    }
}
