package dev.corojobs.pipeline;

import dev.corojobs.runtime.StacklessCoroutine;

/**
 * A push stage: the seed's {@code while True: item = yield} coroutine. Each {@code send} hands it one item;
 * {@code close} raises the GeneratorExit equivalent, on which the stage flushes what it holds and closes
 * the stages after it, so closing the head of a pipeline drains the whole of it.
 */
abstract class Stage<T> extends StacklessCoroutine<T, Void, Void> {

    private final String name;

    Stage(String name) {
        this.name = name;
    }

    /** Handles one item pushed in. */
    abstract void accept(T item);

    /** Flushes and closes downstream: the stage's {@code except GeneratorExit}. */
    abstract void flush();

    @Override
    protected final void step(T sent) {
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
}
