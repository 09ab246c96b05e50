package dev.corojobs.runtime;

/**
 * Python's {@code GeneratorExit}: what {@link Coroutine#close()} raises at the suspension point so that
 * cleanup runs. A stackful body may catch it to clean up but must not yield afterwards; a stackless
 * coroutine gets {@link StacklessCoroutine#onClose()} instead.
 */
public final class CoroutineExit extends RuntimeException {

    static final CoroutineExit INSTANCE = new CoroutineExit();

    private CoroutineExit() {
        super("coroutine closed", null, false, false);
    }
}
