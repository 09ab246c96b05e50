package dev.corojobs.runtime;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A coroutine with Python generator semantics.
 *
 * <ul>
 *   <li>{@link #send(Object)} resumes it with a value and returns the next value it yields; the first send
 *       must be {@code null} (it starts the body, which runs to its first yield).</li>
 *   <li>When the body returns, {@code send} throws {@link CoroutineExhaustedException} carrying the return
 *       value; so does every later send. {@link #resume(Object)} is the exception-free form.</li>
 *   <li>{@link #throwInto(Throwable)} raises an exception at the suspension point.</li>
 *   <li>{@link #close()} raises {@link CoroutineExit} at the suspension point so cleanup runs; yielding
 *       after that is an error.</li>
 *   <li>A coroutine belongs to one thread at a time. Sending into it while it runs, from any thread, throws
 *       {@link IllegalStateException} instead of corrupting it (Python's "generator already executing").</li>
 * </ul>
 *
 * @param <I> what is sent in
 * @param <O> what is yielded out
 * @param <R> what the body finally returns
 */
public interface Coroutine<I, O, R> {

    /**
     * Resumes with {@code value} and runs to the next yield or to the end.
     *
     * @return {@code true} if it yielded ({@link #yielded()} holds the value), {@code false} if it finished
     *     ({@link #returnValue()} holds the result)
     */
    boolean resume(I value);

    /** The value of the last yield. */
    O yielded();

    /** What the body returned, once {@link #state()} is {@link CoroutineState#CLOSED}; otherwise null. */
    R returnValue();

    /** Raises {@code exception} at the suspension point and returns what the body yields next. */
    O throwInto(Throwable exception);

    /** Raises {@link CoroutineExit} at the suspension point so cleanup runs. Closing twice is harmless. */
    void close();

    CoroutineState state();

    /** A name for dumps and error messages. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** Python's {@code send}: resume and return the yielded value, or throw when exhausted. */
    default O send(I value) {
        if (resume(value)) {
            return yielded();
        }
        throw new CoroutineExhaustedException(returnValue());
    }

    /** Python's {@code next(gen)}: {@code send(null)}. */
    default O next() {
        return send(null);
    }

    /**
     * The article's {@code @coroutine} decorator: sends the first {@code null} so the coroutine stands at
     * its first yield, ready to receive values.
     */
    static <C extends Coroutine<?, ?, ?>> C primed(C coroutine) {
        coroutine.resume(null);
        return coroutine;
    }

    /** Iterates the values a generator yields ({@code next()} until exhausted). */
    static <O> Iterator<O> iterate(Coroutine<?, O, ?> generator) {
        return new Iterator<>() {
            private boolean fetched;
            private boolean more;

            @Override
            public boolean hasNext() {
                if (!fetched) {
                    more = generator.resume(null);
                    fetched = true;
                }
                return more;
            }

            @Override
            public O next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("generator is exhausted");
                }
                fetched = false;
                return generator.yielded();
            }
        };
    }
}
