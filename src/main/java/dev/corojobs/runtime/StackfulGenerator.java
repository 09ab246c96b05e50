package dev.corojobs.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A generator for arbitrary straight-line Java code: the body is a lambda that calls
 * {@link Yielder#yield(Object) yielder.yield(x)} wherever it likes, inside loops and recursion, and its
 * return value ends the generator.
 *
 * <pre>{@code
 * var fib = new StackfulGenerator<Object, Long, Void>("fib", yielder -> {
 *     long a = 0, b = 1;
 *     while (true) {
 *         yielder.yield(a);
 *         long next = a + b; b = a; a = next;
 *     }
 * });
 * fib.next(); // 0
 * }</pre>
 *
 * <p>How: the body runs on its own virtual thread (public JDK API only), which parks at each yield while
 * the sender runs, and the other way round; a {@code volatile} turn flag and
 * {@link LockSupport#park}/{@link LockSupport#unpark} hand control back and forth, so exactly one side runs at
 * a time and everything the body did is visible to the sender.
 *
 * <p>Cost, honestly: a send is two thread hand-offs. Driven from a virtual thread that is a few hundred
 * nanoseconds (both sides stay on the virtual-thread scheduler); driven from a platform thread it is
 * microseconds, because each hand-off wakes an OS thread. That is two to four orders of magnitude slower
 * than a {@link StacklessCoroutine} send and 10-100 times slower than CPython's generators (figures in
 * {@code docs/runtime.md}). Each live generator holds a parked virtual thread: about 1 KB of heap, more for
 * deep recursion. Use it where writing a state machine by hand is not worth it (tests, tools, rarely
 * resumed bodies), preferably driven from a virtual thread; use {@link StacklessCoroutine} on hot paths.
 *
 * <p>Lifecycle: the thread starts at the first send and ends when the body returns or fails, when the
 * generator is {@linkplain #close() closed} ({@link CoroutineExit} is raised from the pending {@code yield}
 * so {@code finally} blocks run; yielding after that throws {@link IllegalStateException}), or when the
 * generator becomes unreachable while suspended (a {@link Cleaner} closes it the same way). The body must
 * not keep a reference to its own generator, or it can never become unreachable.
 *
 * <p>Any thread may drive it, one send at a time: a send while another is in progress throws
 * {@link IllegalStateException}. Exceptions escaping the body are rethrown to the sender.
 */
public final class StackfulGenerator<I, O, R> implements Coroutine<I, O, R> {

    /** Threads that run generator bodies are named with this prefix, then the generator's name. */
    public static final String THREAD_NAME_PREFIX = "corojobs-generator-";

    /** The body of a generator: Java code that yields through {@code yielder} and returns the result. */
    @FunctionalInterface
    public interface Body<I, O, R> {
        R run(Yielder<I, O> yielder) throws Exception;
    }

    /** What the body yields through. Call it only from the body's own thread. */
    public interface Yielder<I, O> {

        /** Python's {@code x = yield value}: hands {@code value} to the sender and returns what it sends next. */
        I yield(O value);

        /**
         * Python's {@code yield from delegate}: passes sends, throws and close through to {@code delegate}
         * until it returns, and answers its return value. (Recursion through this costs a hand-off per level
         * only once; values then pass through one Java frame per level.)
         */
        <T> T yieldFrom(Coroutine<I, O, T> delegate);
    }

    private static final int CREATED = 0;
    private static final int SUSPENDED = 1;
    private static final int RUNNING = 2;
    private static final int CLOSED = 3;

    private static final VarHandle STATE;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(StackfulGenerator.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final Channel<I, O, R> channel;
    private final Cleaner.Cleanable cleanable;
    private volatile int state;
    /** The last yielded value while SUSPENDED, the return value once CLOSED. Guarded by {@link #state}. */
    private Object out;

    public StackfulGenerator(String name, Body<I, O, R> body) {
        this.name = Objects.requireNonNull(name, "name");
        this.channel = new Channel<>(THREAD_NAME_PREFIX + name + "-" + SEQUENCE.incrementAndGet(),
                Objects.requireNonNull(body, "body"));
        // The action refers to the channel only, never to this object, or it would never become unreachable.
        this.cleanable = CLEANER.register(this, channel::abandon);
    }

    public StackfulGenerator(Body<I, O, R> body) {
        this("generator", body);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean resume(I value) {
        int current = state;
        if (current == CLOSED) {
            out = null;
            return false;
        }
        if (current == CREATED && value != null) {
            throw new IllegalArgumentException("can't send a non-null value to a just-started coroutine ("
                    + name + "); send null first");
        }
        enter(current);
        try {
            channel.transfer(value, null);
            return settle();
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public O yielded() {
        return state == SUSPENDED ? (O) out : null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public R returnValue() {
        return state == CLOSED ? (R) out : null;
    }

    @Override
    public O throwInto(Throwable exception) {
        Objects.requireNonNull(exception, "exception");
        int current = state;
        if (current == CREATED || current == CLOSED) {
            if (!STATE.compareAndSet(this, current, CLOSED)) {
                throw new IllegalStateException(name + " is already running");
            }
            out = null;
            cleanable.clean();
            throw sneaky(exception);
        }
        enter(current);
        try {
            channel.transfer(null, exception);
            if (settle()) {
                return yielded();
            }
            throw new CoroutineExhaustedException(returnValue());
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void close() {
        int current = state;
        if (current == CLOSED) {
            return;
        }
        if (current == CREATED) {
            if (!STATE.compareAndSet(this, CREATED, CLOSED)) {
                throw new IllegalStateException(name + " is already running");
            }
            cleanable.clean();
            return;
        }
        enter(current);
        try {
            channel.closing = true;
            channel.transfer(null, CoroutineExit.INSTANCE);
            // The body cannot yield any more, so it has finished.
            out = null;
            state = CLOSED;
            cleanable.clean();
            Throwable failure = channel.failure;
            if (failure != null && !(failure instanceof CoroutineExit)) {
                throw sneaky(failure);
            }
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public CoroutineState state() {
        return switch (state) {
            case CREATED -> CoroutineState.CREATED;
            case SUSPENDED -> CoroutineState.SUSPENDED;
            case RUNNING -> CoroutineState.RUNNING;
            default -> CoroutineState.CLOSED;
        };
    }

    private void enter(int current) {
        if (current == RUNNING || !STATE.compareAndSet(this, current, RUNNING)) {
            throw new IllegalStateException(name + " is already running");
        }
    }

    private boolean settle() {
        if (!channel.finished) {
            out = channel.value;
            state = SUSPENDED;
            return true;
        }
        Throwable failure = channel.failure;
        out = failure == null ? channel.value : null;
        state = CLOSED;
        cleanable.clean();
        if (failure != null) {
            throw sneaky(failure);
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable exception) throws T {
        throw (T) exception;
    }

    /**
     * What the sender and the body's thread share. Fields other than {@link #bodyTurn} are written by the
     * side that holds the turn before it flips the flag, so the other side sees them.
     */
    private static final class Channel<I, O, R> implements Yielder<I, O>, Runnable {
        private final String threadName;
        private final Body<I, O, R> body;
        private volatile boolean bodyTurn;
        private Thread thread;
        private Thread sender;
        // sender -> body
        private Object sent;
        private Throwable toThrow;
        private boolean closing;
        // body -> sender
        private Object value;
        private Throwable failure;
        private boolean finished;

        Channel(String threadName, Body<I, O, R> body) {
            this.threadName = threadName;
            this.body = body;
        }

        /** On the sender's thread: lets the body run until it yields or finishes. */
        void transfer(Object sentValue, Throwable thrown) {
            sent = sentValue;
            toThrow = thrown;
            sender = Thread.currentThread();
            bodyTurn = true;
            if (thread == null) {
                thread = Thread.ofVirtual().name(threadName).unstarted(this);
                thread.start();
            } else {
                LockSupport.unpark(thread);
            }
            awaitTurn(false);
        }

        @Override
        public void run() {
            try {
                value = body.run(this);
            } catch (Throwable e) {
                failure = e;
            } finally {
                finished = true;
                Thread waiting = sender;
                bodyTurn = false;
                LockSupport.unpark(waiting);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public I yield(O yielded) {
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("yield() called outside the generator's body (" + threadName + ")");
            }
            if (closing) {
                throw new IllegalStateException(threadName + " yielded after close");
            }
            value = yielded;
            Thread waiting = sender;
            bodyTurn = false;
            LockSupport.unpark(waiting);
            awaitTurn(true);
            Throwable thrown = toThrow;
            if (thrown != null) {
                toThrow = null;
                throw sneaky(thrown);
            }
            return (I) sent;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T yieldFrom(Coroutine<I, O, T> delegate) {
            if (!delegate.resume(null)) {
                return delegate.returnValue();
            }
            O pending = delegate.yielded();
            for (;;) {
                I next;
                try {
                    next = this.yield(pending);
                } catch (CoroutineExit exit) {
                    delegate.close();
                    throw exit;
                } catch (Throwable thrown) {
                    if (closing) {
                        throw thrown;
                    }
                    try {
                        pending = delegate.throwInto(thrown);
                        continue;
                    } catch (CoroutineExhaustedException done) {
                        return (T) done.returnValue();
                    }
                }
                if (!delegate.resume(next)) {
                    return delegate.returnValue();
                }
                pending = delegate.yielded();
            }
        }

        /** The cleaner's action: the generator is unreachable, so nobody sends any more. */
        void abandon() {
            if (bodyTurn || thread == null || finished) {
                return;
            }
            closing = true;
            toThrow = CoroutineExit.INSTANCE;
            sender = null;
            bodyTurn = true;
            LockSupport.unpark(thread);
        }

        private void awaitTurn(boolean body) {
            boolean interrupted = false;
            while (bodyTurn != body) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
