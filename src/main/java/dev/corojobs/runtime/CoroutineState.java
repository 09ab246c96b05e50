package dev.corojobs.runtime;

/** Where a coroutine is in its life, as Python's {@code inspect.getgeneratorstate} reports it. */
public enum CoroutineState {
    /** Made but never sent to: the first {@code send} must be {@code null}. */
    CREATED,
    /** Stopped at a yield, waiting for the next {@code send}, {@code throwInto} or {@code close}. */
    SUSPENDED,
    /** Executing right now; any other send into it is an error. */
    RUNNING,
    /** Finished: returned, failed, or closed. Sends report exhaustion. */
    CLOSED
}
