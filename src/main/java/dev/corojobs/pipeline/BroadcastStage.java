package dev.corojobs.pipeline;

import dev.corojobs.runtime.Coroutine;
import java.util.List;

/** Sends every item to each of its targets, in order; closing it closes them all. */
final class BroadcastStage<T> extends Stage<T> {

    private final List<Coroutine<T, ?, ?>> targets;

    BroadcastStage(List<Coroutine<T, ?, ?>> targets) {
        super("broadcast");
        this.targets = List.copyOf(targets);
    }

    @Override
    void accept(T item) {
        for (Coroutine<T, ?, ?> target : targets) {
            target.send(item);
        }
    }

    @Override
    void flush() {
        RuntimeException failure = null;
        for (Coroutine<T, ?, ?> target : targets) {
            try {
                target.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
