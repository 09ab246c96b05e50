package dev.corojobs.runtime;

import java.nio.channels.SelectableChannel;

/**
 * What a kernel task yields to ask the kernel for something: the seed's traps. A task that yields
 * {@code null} just gives up the processor and is rescheduled at the back of the ready queue.
 */
public sealed interface SystemCall {

    /** The body of a kernel task: receives each call's answer, yields calls, returns anything. */
    interface Body extends Coroutine<Object, SystemCall, Object> {
    }

    /** Answers the caller's task id. */
    record GetTid() implements SystemCall {
    }

    /** Starts a new task (scheduled before the caller is rescheduled) and answers its id. */
    record NewTask(Body body) implements SystemCall {
    }

    /** Closes task {@code tid} so its cleanup runs; answers {@code true}, or {@code false} if there is no such task. */
    record KillTask(int tid) implements SystemCall {
    }

    /** Suspends until task {@code tid} exits; answers {@code true} after waiting, {@code false} at once if there is no such task. */
    record WaitTask(int tid) implements SystemCall {
    }

    /** Suspends for {@code ticks} of the kernel's clock (0 behaves like a plain yield). */
    record Sleep(long ticks) implements SystemCall {
        public Sleep {
            if (ticks < 0) {
                throw new IllegalArgumentException("ticks must be >= 0, was " + ticks);
            }
        }
    }

    /** Suspends until {@code channel} can be read (or accepted from); needs a kernel with an {@link IoPoller}. */
    record WaitRead(SelectableChannel channel) implements SystemCall {
    }

    /** Suspends until {@code channel} can be written; needs a kernel with an {@link IoPoller}. */
    record WaitWrite(SelectableChannel channel) implements SystemCall {
    }

    GetTid GET_TID = new GetTid();
}
