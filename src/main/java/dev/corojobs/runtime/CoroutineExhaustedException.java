package dev.corojobs.runtime;

/**
 * Python's {@code StopIteration}: thrown by {@link Coroutine#send} and {@link Coroutine#next} when the
 * coroutine returns instead of yielding, or when it had already finished. {@link #returnValue()} is what
 * the coroutine returned ({@code null} when it was already closed or returned nothing).
 *
 * <p>Loops that should not pay for an exception use {@link Coroutine#resume}, which answers {@code false}
 * instead.
 */
public final class CoroutineExhaustedException extends RuntimeException {

    private final transient Object returnValue;

    public CoroutineExhaustedException(Object returnValue) {
        super("coroutine is exhausted", null, false, false);
        this.returnValue = returnValue;
    }

    public Object returnValue() {
        return returnValue;
    }
}
