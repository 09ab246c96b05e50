package dev.corojobs.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * A coroutine whose state lives in the fields of a subclass, resumed by a plain method call: the seed's C
 * {@code switch}/static-variable trick, done with an object per instance.
 *
 * <p>A subclass implements {@link #step(Object)}, which is called with each sent value (the first time
 * with {@code null}) and must end by calling exactly one of {@link #yieldValue(Object)},
 * {@link #finish(Object)} or {@link #delegateTo(StacklessCoroutine)}. It keeps whatever it needs to continue
 * (a state number, counters) in its own fields.
 *
 * <p>Delegation ({@code yield from}) is a trampoline: the outermost coroutine keeps a link to the innermost
 * one and sends straight to it, so a value costs the same at any depth and no Java stack grows. When the
 * delegate finishes, the delegator's {@code step} is called with {@code null} and
 * {@link #delegateResult()} holds what the delegate returned. An exception escaping a delegate is delivered
 * to the delegator's {@link #onThrow(Throwable)}.
 *
 * <p>Memory: the base class costs 32 bytes per instance with compressed pointers.
 */
public abstract class StacklessCoroutine<I, O, R> implements Coroutine<I, O, R> {

    private static final byte CREATED = 0;
    private static final byte SUSPENDED = 1;
    private static final byte RUNNING = 2;
    private static final byte CLOSED = 3;

    private static final byte NO_SIGNAL = 0;
    private static final byte YIELDED = 1;
    private static final byte RETURNED = 2;
    private static final byte DELEGATED = 3;

    private static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(StacklessCoroutine.class, "owner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private byte state;
    private byte signal;
    /** True while this coroutine is some other coroutine's delegate: then {@link #link} is its delegator. */
    private boolean delegate;
    /** The yielded value, the return value, or the delegate to start, depending on {@link #signal}. */
    private Object out;
    /** On the outermost coroutine: the innermost delegate, or null. On a delegate: its delegator. */
    private StacklessCoroutine<?, ?, ?> link;
    @SuppressWarnings("unused") // accessed through OWNER
    private volatile Thread owner;

    /** Runs the body from where its fields say it stopped, with the value that was sent in. */
    protected abstract void step(I sent);

    /**
     * Called when an exception reaches the suspension point: thrown in with {@link #throwInto}, or escaping a
     * delegate. Handle it by calling {@link #yieldValue}, {@link #finish} or {@link #delegateTo}, or let it
     * propagate (the default), which finishes this coroutine with it.
     */
    protected void onThrow(Throwable exception) {
        throw sneaky(exception);
    }

    /** Cleanup for {@link #close()}: Python's {@code except GeneratorExit} or {@code finally}. Must not yield. */
    protected void onClose() {
    }

    /** Ends the current step by yielding {@code value}. */
    protected final void yieldValue(O value) {
        mark(YIELDED, value);
    }

    /** Ends the current step by returning {@code result}: the body is finished. */
    protected final void finish(R result) {
        mark(RETURNED, result);
    }

    /**
     * Ends the current step with {@code yield from delegate}: the delegate starts at once, values sent in go
     * to it and what it yields goes out, until it returns; then {@link #step} is called again with
     * {@code null} and {@link #delegateResult()} holds its return value.
     */
    protected final void delegateTo(StacklessCoroutine<I, O, ?> delegate) {
        if (delegate.state != CREATED || delegate.delegate) {
            throw new IllegalStateException("can only delegate to a coroutine that was never started: " + delegate.name());
        }
        mark(DELEGATED, delegate);
    }

    /** The value returned by the delegate that just finished; valid in the step right after it. */
    @SuppressWarnings("unchecked")
    protected final <T> T delegateResult() {
        return (T) out;
    }

    private void mark(byte kind, Object value) {
        if (state == CLOSED) {
            throw new IllegalStateException(name() + " yielded after close");
        }
        if (signal != NO_SIGNAL) {
            throw new IllegalStateException(name() + " ended one step twice (yield, finish and delegate are exclusive)");
        }
        signal = kind;
        out = value;
    }

    @Override
    public final boolean resume(I value) {
        enter(value);
        StacklessCoroutine<?, ?, ?> frame = link == null ? this : link;
        return run(frame, value, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public final O yielded() {
        return state == SUSPENDED ? (O) out : null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final R returnValue() {
        return state == CLOSED ? (R) out : null;
    }

    @Override
    public final O throwInto(Throwable exception) {
        if (state == CREATED || state == CLOSED) {
            claim();
            state = CLOSED;
            out = null;
            throw sneaky(exception);
        }
        enter(null);
        StacklessCoroutine<?, ?, ?> frame = link == null ? this : link;
        if (run(frame, null, exception)) {
            return yielded();
        }
        throw new CoroutineExhaustedException(returnValue());
    }

    @Override
    public final void close() {
        if (state == CLOSED) {
            return;
        }
        if (state == CREATED) {
            claim();
            state = CLOSED;
            return;
        }
        enter(null);
        RuntimeException failure = null;
        StacklessCoroutine<?, ?, ?> frame = link == null ? this : link;
        while (frame != null) {
            StacklessCoroutine<?, ?, ?> next = frame == this ? null : frame.link;
            frame.state = CLOSED;
            frame.signal = NO_SIGNAL;
            try {
                frame.onClose();
            } catch (CoroutineExit ignored) {
                // re-raising the exit is how a body says "closed"
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
            frame.delegate = false;
            frame.link = null;
            frame.out = null;
            frame = next;
        }
        link = null;
        out = null;
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public final CoroutineState state() {
        return switch (state) {
            case CREATED -> CoroutineState.CREATED;
            case SUSPENDED -> CoroutineState.SUSPENDED;
            case RUNNING -> CoroutineState.RUNNING;
            default -> CoroutineState.CLOSED;
        };
    }

    /** Names of the coroutines in the current {@code yield from} chain, outermost first. */
    public final List<String> delegationChain() {
        List<String> innerFirst = new ArrayList<>();
        StacklessCoroutine<?, ?, ?> frame = link == null ? this : link;
        while (frame != null) {
            innerFirst.add(frame.name());
            frame = frame == this ? null : frame.link;
        }
        return innerFirst.reversed();
    }

    /**
     * Lets another thread drive this suspended coroutine from now on. Only the thread that drives it may
     * call this; the next thread to send becomes its driver.
     */
    public final void releaseOwnership() {
        if (state == RUNNING) {
            throw new IllegalStateException(name() + " is running");
        }
        if (OWNER.getAcquire(this) == Thread.currentThread()) {
            OWNER.setRelease(this, null);
        }
    }

    private void enter(Object value) {
        claim();
        switch (state) {
            case SUSPENDED -> { }
            case CREATED -> {
                if (value != null) {
                    throw new IllegalArgumentException("can't send a non-null value to a just-started coroutine ("
                            + name() + "); send null first");
                }
            }
            case RUNNING -> throw new IllegalStateException(name() + " is already running");
            default -> { }
        }
        if (delegate) {
            throw new IllegalStateException(name() + " is delegated to by " + link.name() + "; send to that coroutine");
        }
        if (state == CLOSED) {
            return;
        }
        state = RUNNING;
    }

    private void claim() {
        Thread current = Thread.currentThread();
        Object driver = OWNER.getOpaque(this);
        if (driver != current && (driver != null || !OWNER.compareAndSet(this, null, current))) {
            throw new IllegalStateException(name() + " is driven by thread " + OWNER.getOpaque(this)
                    + "; it was sent to from " + current + " (call releaseOwnership() to hand it over)");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private boolean run(StacklessCoroutine frame, Object sent, Throwable thrown) {
        if (state == CLOSED) {
            if (thrown != null) {
                throw sneaky(thrown);
            }
            out = null;
            return false;
        }
        for (;;) {
            frame.signal = NO_SIGNAL;
            frame.state = RUNNING;
            try {
                if (thrown == null) {
                    frame.step(sent);
                } else {
                    frame.onThrow(thrown);
                }
            } catch (Throwable failure) {
                frame.state = CLOSED;
                frame.signal = NO_SIGNAL;
                frame.out = null;
                if (frame == this) {
                    link = null;
                    throw sneaky(failure);
                }
                StacklessCoroutine caller = frame.link;
                frame.link = null;
                frame.delegate = false;
                link = caller == this ? null : caller;
                frame = caller;
                sent = null;
                thrown = failure;
                continue;
            }
            thrown = null;
            switch (frame.signal) {
                case YIELDED -> {
                    if (frame != this) {
                        frame.state = SUSPENDED;
                        out = frame.out;
                    }
                    state = SUSPENDED;
                    return true;
                }
                case RETURNED -> {
                    frame.state = CLOSED;
                    if (frame == this) {
                        link = null;
                        return false;
                    }
                    StacklessCoroutine caller = frame.link;
                    caller.out = frame.out;
                    frame.out = null;
                    frame.link = null;
                    frame.delegate = false;
                    link = caller == this ? null : caller;
                    frame = caller;
                    sent = null;
                }
                case DELEGATED -> {
                    StacklessCoroutine callee = (StacklessCoroutine) frame.out;
                    frame.out = null;
                    if (frame != this) {
                        frame.state = SUSPENDED;
                    }
                    callee.delegate = true;
                    callee.link = frame;
                    link = callee;
                    frame = callee;
                    sent = null;
                }
                default -> {
                    frame.state = CLOSED;
                    link = null;
                    state = CLOSED;
                    throw new IllegalStateException(frame.name()
                            + ".step() ended without calling yieldValue, finish or delegateTo");
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable exception) throws T {
        throw (T) exception;
    }
}
