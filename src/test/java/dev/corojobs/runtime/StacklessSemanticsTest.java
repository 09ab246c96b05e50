package dev.corojobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Python generator semantics at the edges: errors, close, throw, delegation, threads. */
class StacklessSemanticsTest {

    /** Yields 1, 2, 3 (each sent value is recorded), then returns {@code result}; logs its cleanup. */
    static class Three extends StacklessCoroutine<Object, Integer, String> {
        final List<Object> received = new ArrayList<>();
        final List<String> log;
        final String label;
        final String result;
        private int n;

        Three(String label, List<String> log, String result) {
            this.label = label;
            this.log = log;
            this.result = result;
        }

        Three() {
            this("three", new ArrayList<>(), "done");
        }

        @Override
        protected void step(Object sent) {
            received.add(sent);
            if (n < 3) {
                yieldValue(++n);
            } else {
                finish(result);
            }
        }

        @Override
        protected void onClose() {
            log.add("close " + label);
        }

        @Override
        public String name() {
            return label;
        }
    }

    /** Delegates to {@code inner}, then yields what it returned, then returns it too. */
    static final class Outer extends StacklessCoroutine<Object, Object, Object> {
        final StacklessCoroutine<Object, Object, ?> inner;
        final List<String> log;
        final String label;
        private int pc;
        final List<Throwable> caught = new ArrayList<>();

        @SuppressWarnings({"unchecked", "rawtypes"})
        Outer(String label, StacklessCoroutine inner, List<String> log) {
            this.label = label;
            this.inner = inner;
            this.log = log;
        }

        @Override
        protected void step(Object sent) {
            switch (pc++) {
                case 0 -> delegateTo(inner);
                case 1 -> yieldValue("inner returned " + delegateResult());
                default -> finish(delegateResultOr());
            }
        }

        private Object delegateResultOr() {
            return label + " finished";
        }

        @Override
        protected void onThrow(Throwable exception) {
            caught.add(exception);
            if (exception instanceof Recoverable) {
                pc = 2;
                yieldValue("recovered in " + label);
            } else {
                super.onThrow(exception);
            }
        }

        @Override
        protected void onClose() {
            log.add("close " + label);
        }

        @Override
        public String name() {
            return label;
        }
    }

    static final class Recoverable extends RuntimeException {
        Recoverable(String message) {
            super(message);
        }
    }

    @Test
    void sendingNonNullToAJustStartedCoroutineIsRejectedAndLeavesItStartable() {
        Three co = new Three();

        assertThatThrownBy(() -> co.send("early"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("just-started");
        assertThat(co.state()).isEqualTo(CoroutineState.CREATED);
        assertThat(co.send(null)).isEqualTo(1);
    }

    @Test
    void sendAfterExhaustionKeepsSayingExhaustedWithoutTheReturnValue() {
        Three co = new Three();
        co.next();
        co.next();
        co.next();

        assertThatThrownBy(() -> co.send("x"))
                .isInstanceOfSatisfying(CoroutineExhaustedException.class,
                        e -> assertThat(e.returnValue()).isEqualTo("done"));
        assertThat(co.returnValue()).isEqualTo("done");
        assertThatThrownBy(co::next)
                .isInstanceOfSatisfying(CoroutineExhaustedException.class,
                        e -> assertThat(e.returnValue()).isNull());
        assertThat(co.resume(null)).isFalse();
        assertThat(co.received).containsExactly(null, null, null, "x");
    }

    @Test
    void closeTwiceRunsCleanupOnce() {
        Three co = Coroutine.primed(new Three());

        co.close();
        co.close();

        assertThat(co.log).containsExactly("close three");
        assertThat(co.state()).isEqualTo(CoroutineState.CLOSED);
        assertThatThrownBy(co::next).isInstanceOf(CoroutineExhaustedException.class);
    }

    @Test
    void closingANeverStartedCoroutineRunsNoCleanup() {
        Three co = new Three();

        co.close();

        assertThat(co.log).isEmpty();
        assertThat(co.received).isEmpty();
        assertThat(co.state()).isEqualTo(CoroutineState.CLOSED);
        assertThat(co.resume(null)).isFalse();
    }

    @Test
    void throwingIntoAClosedOrNeverStartedCoroutineRaisesTheExceptionAtTheCaller() {
        Three closed = Coroutine.primed(new Three());
        closed.close();
        Three fresh = new Three();
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> closed.throwInto(boom)).isSameAs(boom);
        assertThatThrownBy(() -> fresh.throwInto(boom)).isSameAs(boom);
        assertThat(fresh.state()).isEqualTo(CoroutineState.CLOSED);
        assertThat(fresh.received).isEmpty();
    }

    @Test
    void anExceptionHandledInsideYieldsTheNextValue() {
        List<String> log = new ArrayList<>();
        Outer co = Coroutine.primed(new Outer("outer", new Three("inner", log, "r"), log));

        Object next = co.throwInto(new Recoverable("handled"));

        assertThat(next).isEqualTo("recovered in outer");
        assertThat(co.caught).singleElement().extracting(Throwable::getMessage).isEqualTo("handled");
        assertThat(co.state()).isEqualTo(CoroutineState.SUSPENDED);
        assertThatThrownBy(co::next).isInstanceOfSatisfying(CoroutineExhaustedException.class,
                e -> assertThat(e.returnValue()).isEqualTo("outer finished"));
    }

    @Test
    void anUnhandledThrowFinishesTheCoroutineWithIt() {
        Three co = Coroutine.primed(new Three());
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> co.throwInto(boom)).isSameAs(boom);
        assertThat(co.state()).isEqualTo(CoroutineState.CLOSED);
        assertThat(co.log).as("a failure is not a close").isEmpty();
    }

    @Test
    void delegationPassesSendsInAndTheReturnValueBack() {
        List<String> log = new ArrayList<>();
        Three inner = new Three("inner", log, "inner result");
        Outer outer = new Outer("outer", inner, log);

        assertThat(outer.send(null)).isEqualTo(1);
        assertThat(outer.delegationChain()).containsExactly("outer", "inner");
        assertThat(inner.state()).isEqualTo(CoroutineState.SUSPENDED);
        assertThat(outer.send("a")).isEqualTo(2);
        assertThat(outer.send("b")).isEqualTo(3);
        assertThat(outer.send("c")).isEqualTo("inner returned inner result");
        assertThat(inner.received).containsExactly(null, "a", "b", "c");
        assertThat(inner.state()).isEqualTo(CoroutineState.CLOSED);
        assertThat(outer.delegationChain()).containsExactly("outer");
        assertThat(log).isEmpty();
    }

    @Test
    void aDelegateCannotBeDrivenDirectly() {
        Three inner = new Three();
        Outer outer = Coroutine.primed(new Outer("outer", inner, new ArrayList<>()));

        assertThatThrownBy(inner::next).isInstanceOf(IllegalStateException.class).hasMessageContaining("delegated to by outer");
        assertThatThrownBy(inner::close).isInstanceOf(IllegalStateException.class);
        assertThat(outer.next()).isEqualTo(2);
    }

    @Test
    void anExceptionEscapingADelegateReachesTheDelegator() {
        List<String> log = new ArrayList<>();
        Three inner = new Three("inner", log, "r");
        Outer middle = new Outer("middle", inner, log);
        Outer outer = Coroutine.primed(new Outer("outer", middle, log));

        assertThat(outer.throwInto(new Recoverable("from the sender"))).isEqualTo("recovered in middle");
        assertThat(inner.state()).isEqualTo(CoroutineState.CLOSED);
        assertThat(middle.caught).singleElement().extracting(Throwable::getMessage).isEqualTo("from the sender");
        assertThat(outer.caught).isEmpty();
        assertThat(outer.delegationChain()).containsExactly("outer", "middle");

        IllegalStateException fatal = new IllegalStateException("fatal");
        assertThatThrownBy(() -> outer.throwInto(fatal)).isSameAs(fatal);
        assertThat(middle.caught).hasSize(2);
        assertThat(outer.caught).containsExactly(fatal);
        assertThat(List.of(outer.state(), middle.state())).containsOnly(CoroutineState.CLOSED);
        assertThat(log).isEmpty();
    }

    @Test
    void anExceptionRaisedByADelegateStepReachesTheDelegatorsOnThrow() {
        StacklessCoroutine<Object, Object, Object> failing = new StacklessCoroutine<>() {
            @Override
            protected void step(Object sent) {
                throw new Recoverable("inner failed");
            }
        };
        Outer outer = new Outer("outer", failing, new ArrayList<>());

        assertThat(outer.send(null)).isEqualTo("recovered in outer");
        assertThat(failing.state()).isEqualTo(CoroutineState.CLOSED);
    }

    @Test
    void closeRunsCleanupInEveryFrameInnermostFirst() {
        List<String> log = new ArrayList<>();
        Three inner = new Three("inner", log, "r");
        Outer middle = new Outer("middle", inner, log);
        Outer outer = Coroutine.primed(new Outer("outer", middle, log));

        outer.close();

        assertThat(log).containsExactly("close inner", "close middle", "close outer");
        assertThat(List.of(outer.state(), middle.state(), inner.state())).containsOnly(CoroutineState.CLOSED);
        assertThat(outer.delegationChain()).containsExactly("outer");
    }

    @Test
    void cleanupFailuresComeOutOfCloseAfterEveryFrameIsClosed() {
        List<String> log = new ArrayList<>();
        Three inner = new Three("inner", log, "r") {
            @Override
            protected void onClose() {
                super.onClose();
                throw new IllegalStateException("inner cleanup failed");
            }
        };
        Outer outer = Coroutine.primed(new Outer("outer", inner, log));

        assertThatThrownBy(outer::close).hasMessage("inner cleanup failed");
        assertThat(log).containsExactly("close inner", "close outer");
        assertThat(outer.state()).isEqualTo(CoroutineState.CLOSED);
    }

    @Test
    void yieldingAfterCloseIsAnError() {
        StacklessCoroutine<Object, String, Void> stubborn = new StacklessCoroutine<>() {
            @Override
            protected void step(Object sent) {
                yieldValue("working");
            }

            @Override
            protected void onClose() {
                yieldValue("still working");
            }
        };
        stubborn.next();

        assertThatThrownBy(stubborn::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("yielded after close");
        assertThat(stubborn.state()).isEqualTo(CoroutineState.CLOSED);
    }

    @Test
    void aStepMustEndWithExactlyOneSignal() {
        StacklessCoroutine<Object, String, Void> silent = new StacklessCoroutine<>() {
            @Override
            protected void step(Object sent) {
            }
        };
        StacklessCoroutine<Object, String, Void> twice = new StacklessCoroutine<>() {
            @Override
            protected void step(Object sent) {
                yieldValue("one");
                yieldValue("two");
            }
        };

        assertThatThrownBy(silent::next).isInstanceOf(IllegalStateException.class).hasMessageContaining("ended without");
        assertThatThrownBy(twice::next).isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
        assertThat(List.of(silent.state(), twice.state())).containsOnly(CoroutineState.CLOSED);
    }

    @Test
    void reEntrantSendFromInsideStepIsAnError() {
        AtomicReference<Throwable> reentry = new AtomicReference<>();
        AtomicReference<CoroutineState> seenInside = new AtomicReference<>();
        StacklessCoroutine<Object, String, Void> selfish = new StacklessCoroutine<>() {
            @Override
            protected void step(Object sent) {
                seenInside.set(state());
                try {
                    send("me again");
                } catch (RuntimeException e) {
                    reentry.set(e);
                }
                yieldValue("fine");
            }
        };

        assertThat(selfish.next()).isEqualTo("fine");
        assertThat(seenInside.get()).isEqualTo(CoroutineState.RUNNING);
        assertThat(reentry.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");
        assertThat(selfish.next()).as("the failed re-entry did not corrupt it").isEqualTo("fine");
    }

    @Test
    void sendingFromASecondThreadWhileItRunsIsAnError() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StacklessCoroutine<Object, String, Void> slow = new StacklessCoroutine<>() {
            @Override
            protected void step(Object sent) {
                inside.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yieldValue("done");
            }
        };
        try (ExecutorService driver = Executors.newSingleThreadExecutor()) {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(slow::next, driver);
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(slow.state()).isEqualTo(CoroutineState.RUNNING);
            assertThatThrownBy(() -> slow.send(null)).isInstanceOf(IllegalStateException.class).hasMessageContaining("driven by thread");
            assertThatThrownBy(slow::close).isInstanceOf(IllegalStateException.class);

            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("done");
            assertThatThrownBy(slow::next).as("still owned by the driver thread").isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void releaseOwnershipHandsTheCoroutineToAnotherThread() throws Exception {
        Three co = Coroutine.primed(new Three());
        co.releaseOwnership();
        try (ExecutorService other = Executors.newSingleThreadExecutor()) {
            Integer second = other.submit(() -> {
                Integer value = co.next();
                co.releaseOwnership();
                return value;
            }).get(10, TimeUnit.SECONDS);

            assertThat(second).isEqualTo(2);
            assertThat(co.next()).isEqualTo(3);
            assertThatThrownBy(() -> other.submit(co::next).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalStateException.class);
        }
    }

    /** Each level delegates to the next; the innermost yields its depth twice and returns 0. */
    static final class Nested extends StacklessCoroutine<Object, Integer, Integer> {
        private final int depth;
        private final int[] closed;
        private int pc;

        Nested(int depth, int[] closed) {
            this.depth = depth;
            this.closed = closed;
        }

        @Override
        protected void step(Object sent) {
            if (depth == 0) {
                if (pc++ < 2) {
                    yieldValue(pc);
                } else {
                    finish(0);
                }
            } else if (pc++ == 0) {
                delegateTo(new Nested(depth - 1, closed));
            } else {
                int inner = delegateResult();
                finish(inner + 1);
            }
        }

        @Override
        protected void onClose() {
            closed[0]++;
        }
    }

    @Test
    void aDelegationChain10000DeepNeitherRecursesNorLosesTheReturnValue() {
        int[] closed = {0};
        Nested outer = new Nested(10_000, closed);

        assertThat(outer.send(null)).isEqualTo(1);
        assertThat(outer.delegationChain()).hasSize(10_001);
        assertThat(outer.send(null)).isEqualTo(2);
        assertThat(outer.resume(null)).isFalse();
        assertThat(outer.returnValue()).isEqualTo(10_000);

        Nested again = Coroutine.primed(new Nested(10_000, closed));
        again.close();
        assertThat(closed[0]).isEqualTo(10_001);
    }

    @Test
    void delegatingToAStartedCoroutineGoesThroughAnAdapterFrame() {
        List<String> log = new ArrayList<>();
        Three started = Coroutine.primed(new Three("started", log, "adapted"));
        Outer outer = new Outer("outer", started, log);

        assertThat(outer.send(null)).as("yield from first sends None").isEqualTo(2);
        assertThat(outer.send("x")).isEqualTo(3);
        assertThat(outer.send("y")).isEqualTo("inner returned adapted");
        assertThat(started.received).containsExactly(null, null, "x", "y");
    }

    @Test
    void anAdapterFramePassesThrowsAndCloseThrough() {
        List<String> log = new ArrayList<>();
        Three started = Coroutine.primed(new Three("started", log, "adapted"));
        Outer outer = Coroutine.primed(new Outer("outer", started, log));

        assertThat(outer.throwInto(new Recoverable("via adapter"))).isEqualTo("recovered in outer");
        assertThat(started.state()).isEqualTo(CoroutineState.CLOSED);

        Three other = Coroutine.primed(new Three("other", log, "r"));
        Outer closing = Coroutine.primed(new Outer("closing", other, log));
        closing.close();
        assertThat(log).containsExactly("close other", "close closing");
    }
}
