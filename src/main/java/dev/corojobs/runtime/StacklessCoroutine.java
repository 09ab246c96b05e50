package dev.corojobs.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A coroutine whose state lives in the fields of a subclass, resumed by a plain method call: the seed's C
 * {@code switch}/static-variable trick, done with an object per instance.
 *
 * <p>A subclass implements {@link #step(Object)}, which is called with each sent value (the first time
 * with {@code null}) and must end by calling exactly one of {@link #yieldValue(Object)},
 * {@link #finish(Object)} or {@link #delegateTo(Coroutine)}. It keeps whatever it needs to continue
 * (a state number, counters) in its own fields.
 *
 * <p>Delegation ({@code yield from}) is a trampoline: the outermost coroutine keeps a link to the innermost
 * one and sends straight to it, so a value costs the same at any depth and no Java stack grows. When the
 * delegate finishes, the delegator's {@code step} is called with {@code null} and
 * {@link #delegateResult()} holds what the delegate returned. An exception escaping a delegate is delivered
 * to the delegator's {@link #onThrow(Throwable)}. {@link #close()} runs {@link #onClose()} in every frame of
 * the chain, innermost first.
 *
 * <p>Threads: a coroutine is confined to the thread that first sends to it (checked with one plain field
 * read per send); {@link #releaseOwnership()} hands it to the next thread that sends. Sending into a running
 * coroutine (re-entrantly, or from another thread) throws {@link IllegalStateException}.
 *
 * <p>Memory: the base class costs 32 bytes per instance with compressed pointers (24 bytes with
 * {@code -XX:+UseCompactObjectHeaders}); a subclass adds its own fields.
 */
public abstract class StacklessCoroutine<I, O, R> implements Coroutine<I, O, R> {

    private static final byte CREATED = 0;
    private static final byte SUSPENDED = 1;
    private static final byte RUNNING = 2;
    private static final byte CLOSED = 3;
    /** Transient: the running step called {@link #finish}. Read right after the step returns. */
    private static final byte RETURNING = 4;
    /** Transient: the running step called {@link #delegateTo}; {@link #out} holds the delegate. */
    private static final byte DELEGATING = 5;

    private static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(StacklessCoroutine.class, "owner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One of the constants above; a step ends by moving its frame out of RUNNING. */
    private byte state;
    /** True while this coroutine is some other coroutine's delegate: then {@link #link} is its delegator. */
    private boolean delegate;
    /** The yielded value, the return value, or the delegate to start, depending on {@link #state}. */
    private Object out;
    /** On the outermost coroutine: the innermost delegate, or null. On a delegate: its delegator. */
    private StacklessCoroutine<?, ?, ?> link;
    /**
     * The driving thread. Plain reads suffice for "is it me": only the owner writes itself here or clears
     * it, so a thread reads its own value in program order. Taking it over from null is a CAS.
     */
    @SuppressWarnings("unused") // written through OWNER
    private Thread owner;

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

    /**
     * Cleanup for {@link #close()}: Python's {@code except GeneratorExit} or {@code finally}. Must not yield
     * (that throws {@link IllegalStateException}); an exception thrown here comes out of {@code close()}.
     */
    protected void onClose() {
    }

    /** Ends the current step by yielding {@code value}. */
    protected final void yieldValue(O value) {
        mark(SUSPENDED, value);
    }

    /** Ends the current step by returning {@code result}: the body is finished. */
    protected final void finish(R result) {
        mark(RETURNING, result);
    }

    /**
     * Ends the current step with {@code yield from delegate}: the delegate starts at once, values sent in go
     * to it and what it yields goes out, until it returns; then {@link #step} is called again with
     * {@code null} and {@link #delegateResult()} holds its return value.
     *
     * <p>A never-started {@code StacklessCoroutine} joins the trampoline (O(1) per value at any depth). Any
     * other {@link Coroutine} (a {@link StackfulGenerator}, a started coroutine) is driven through an adapter
     * frame that forwards sends, throws and close to it.
     */
    protected final void delegateTo(Coroutine<I, O, ?> delegate) {
        Objects.requireNonNull(delegate, "delegate");
        if (delegate instanceof StacklessCoroutine<I, O, ?> frame) {
            if (frame.delegate || frame == this) {
                throw new IllegalStateException("can't delegate to " + frame.name() + ": it is already in a yield-from chain");
            }
            if (frame.state == CREATED) {
                mark(DELEGATING, frame);
                return;
            }
        }
        mark(DELEGATING, new Adapter<>(delegate));
    }

    /** The value returned by the delegate that just finished; valid in the step right after it. */
    @SuppressWarnings("unchecked")
    protected final <T> T delegateResult() {
        return (T) out;
    }

    private void mark(byte kind, Object value) {
        if (state != RUNNING) {
            throw new IllegalStateException(state == CLOSED
                    ? name() + " yielded after close"
                    : name() + " ended a step twice, or outside step() (yield, finish and delegate are exclusive)");
        }
        state = kind;
        out = value;
    }

    @Override
    public final boolean resume(I value) {
        // Fast paths: suspended at a yield and driven by this thread (so it is not running, and only this
        // thread writes its fields), with no yield-from in progress or sending straight to the innermost.
        if (state == SUSPENDED && owner == Thread.currentThread()) {
            StacklessCoroutine<?, ?, ?> innermost = link;
            if (innermost == null) {
                state = RUNNING;
                try {
                    step(value);
                } catch (Throwable failure) {
                    state = CLOSED;
                    out = null;
                    throw sneaky(failure);
                }
                if (state == SUSPENDED) {
                    return true;
                }
                return drive(this, null, null, true);
            }
            if (!delegate) {
                state = RUNNING;
                return drive(innermost, value, null, false);
            }
        }
        return resumeSlowly(value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public final O send(I value) {
        if (resume(value)) {
            return (O) out;
        }
        throw new CoroutineExhaustedException(out);
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
        Objects.requireNonNull(exception, "exception");
        claim();
        checkDrivable();
        if (state != SUSPENDED) {
            state = CLOSED;
            out = null;
            throw sneaky(exception);
        }
        state = RUNNING;
        if (drive(link == null ? this : link, null, exception, false)) {
            return yielded();
        }
        throw new CoroutineExhaustedException(returnValue());
    }

    @Override
    public final void close() {
        if (state == CLOSED) {
            return;
        }
        claim();
        checkDrivable();
        if (state == CREATED) {
            state = CLOSED;
            return;
        }
        // Keep this one RUNNING while the inner frames clean up, so nothing can send into it meanwhile.
        state = RUNNING;
        Throwable failure = null;
        StacklessCoroutine<?, ?, ?> frame = link == null ? this : link;
        while (frame != null) {
            StacklessCoroutine<?, ?, ?> next = frame == this ? null : frame.link;
            frame.state = CLOSED;
            try {
                frame.onClose();
            } catch (CoroutineExit ignored) {
                // re-raising the exit is how a body says "closed"
            } catch (Throwable e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
            frame.state = CLOSED;
            frame.delegate = false;
            frame.link = null;
            frame.out = null;
            frame = next;
        }
        if (failure != null) {
            throw sneaky(failure);
        }
    }

    @Override
    public final CoroutineState state() {
        return switch (state) {
            case CREATED -> CoroutineState.CREATED;
            case SUSPENDED -> CoroutineState.SUSPENDED;
            case CLOSED -> CoroutineState.CLOSED;
            default -> CoroutineState.RUNNING;
        };
    }

    /** Names of the coroutines in the current {@code yield from} chain, outermost first. */
    public final List<String> delegationChain() {
        List<String> innerFirst = new ArrayList<>();
        StacklessCoroutine<?, ?, ?> frame = link == null || delegate ? this : link;
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
        if (state == RUNNING || state == RETURNING || state == DELEGATING) {
            throw new IllegalStateException(name() + " is running");
        }
        if (OWNER.getAcquire(this) == Thread.currentThread()) {
            OWNER.setRelease(this, null);
        }
    }

    private boolean resumeSlowly(I value) {
        claim();
        checkDrivable();
        switch (state) {
            case SUSPENDED -> { }
            case CREATED -> {
                if (value != null) {
                    throw new IllegalArgumentException("can't send a non-null value to a just-started coroutine ("
                            + name() + "); send null first");
                }
            }
            default -> {
                // CLOSED: exhausted; every later send says so, without a return value
                out = null;
                return false;
            }
        }
        state = RUNNING;
        return drive(link == null ? this : link, value, null, false);
    }

    private void checkDrivable() {
        if (state == RUNNING || state == RETURNING || state == DELEGATING) {
            throw new IllegalStateException(name() + " is already running");
        }
        if (delegate) {
            throw new IllegalStateException(name() + " is delegated to by " + link.name() + "; send to that coroutine");
        }
    }

    private void claim() {
        Thread current = Thread.currentThread();
        Object driver = owner;
        if (driver != current && (driver != null || !OWNER.compareAndSet(this, null, current))) {
            throw new IllegalStateException(name() + " is driven by thread " + OWNER.getVolatile(this)
                    + "; it was sent to from " + current + " (call releaseOwnership() to hand it over)");
        }
    }

    /**
     * The trampoline. Runs {@code frame} (unless {@code stepped}: it just ran) and follows what its step
     * asked for (yield, return to the delegator, start a delegate) until a value comes out or this
     * coroutine finishes. {@code this} stays RUNNING throughout; inner frames are SUSPENDED while their
     * delegate runs.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private boolean drive(StacklessCoroutine frame, Object sent, Throwable thrown, boolean stepped) {
        for (;;) {
            Throwable failure = null;
            if (!stepped) {
                frame.state = RUNNING;
                try {
                    if (thrown == null) {
                        frame.step(sent);
                    } else {
                        frame.onThrow(thrown);
                    }
                } catch (Throwable e) {
                    failure = e;
                }
            }
            stepped = false;
            thrown = null;
            sent = null;
            if (failure == null) {
                switch (frame.state) {
                    case SUSPENDED -> {
                        if (frame != this) {
                            out = frame.out;
                            frame.out = null;
                            state = SUSPENDED;
                        }
                        return true;
                    }
                    case RETURNING -> {
                        frame.state = CLOSED;
                        if (frame == this) {
                            link = null;
                            return false;
                        }
                        StacklessCoroutine caller = frame.link;
                        caller.out = frame.out;
                        frame = unlink(frame);
                        continue;
                    }
                    case DELEGATING -> {
                        StacklessCoroutine callee = (StacklessCoroutine) frame.out;
                        frame.out = null;
                        if (frame != this) {
                            frame.state = SUSPENDED;
                        } else {
                            state = RUNNING;
                        }
                        callee.delegate = true;
                        callee.link = frame;
                        link = callee;
                        frame = callee;
                        continue;
                    }
                    default -> failure = new IllegalStateException(frame.name()
                            + ".step() ended without calling yieldValue, finish or delegateTo");
                }
            }
            // The frame failed: it is closed, and the exception goes to its delegator's onThrow.
            frame.state = CLOSED;
            frame.out = null;
            if (frame == this) {
                link = null;
                throw sneaky(failure);
            }
            frame = unlink(frame);
            thrown = failure;
        }
    }

    /** Detaches a finished delegate from the chain and answers its delegator, now the innermost frame. */
    private StacklessCoroutine<?, ?, ?> unlink(StacklessCoroutine<?, ?, ?> finished) {
        StacklessCoroutine<?, ?, ?> caller = finished.link;
        finished.out = null;
        finished.link = null;
        finished.delegate = false;
        link = caller == this ? null : caller;
        return caller;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable exception) throws T {
        throw (T) exception;
    }

    /** A trampoline frame that drives any other {@link Coroutine} as a delegate. */
    private static final class Adapter<I, O, T> extends StacklessCoroutine<I, O, T> {
        private final Coroutine<I, O, T> target;

        Adapter(Coroutine<I, O, T> target) {
            this.target = target;
        }

        @Override
        protected void step(I sent) {
            if (target.resume(sent)) {
                yieldValue(target.yielded());
            } else {
                finish(target.returnValue());
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        protected void onThrow(Throwable exception) {
            O next;
            try {
                next = target.throwInto(exception);
            } catch (CoroutineExhaustedException done) {
                finish((T) done.returnValue());
                return;
            }
            yieldValue(next);
        }

        @Override
        protected void onClose() {
            target.close();
        }

        @Override
        public String name() {
            return target.name();
        }
    }
}
