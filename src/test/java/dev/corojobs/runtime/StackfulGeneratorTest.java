package dev.corojobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stackful generator: seed examples as straight-line code, semantics, and no leaked threads. */
class StackfulGeneratorTest {

    @TempDir
    Path dumps;

    /** The seed's tree node. */
    record Node(int value, List<Node> left, List<Node> right) {
        static Node leaf(int value) {
            return new Node(value, List.of(), List.of());
        }
    }

    static final Node SEED_TREE = new Node(0,
            List.of(new Node(1, List.of(Node.leaf(7), Node.leaf(8)), List.of()),
                    new Node(2, List.of(), List.of(Node.leaf(9), Node.leaf(10))),
                    Node.leaf(3)),
            List.of(Node.leaf(4), Node.leaf(5), Node.leaf(6)));

    static <O> List<O> drain(Coroutine<?, O, ?> generator) {
        List<O> values = new ArrayList<>();
        Coroutine.iterate(generator).forEachRemaining(values::add);
        return values;
    }

    static StackfulGenerator<Object, Integer, Void> range(String name, int from, int to) {
        return new StackfulGenerator<>(name, y -> {
            for (int i = from; i < to; i++) {
                y.yield(i);
            }
            return null;
        });
    }

    @Test
    void seedCounterFibAndSayAsStraightLineCode() {
        var counter = new StackfulGenerator<Object, Integer, Void>("counter", y -> {
            for (int i = 0; ; i++) {
                y.yield(i);
            }
        });
        var fib = new StackfulGenerator<Object, Long, Void>("fib", y -> {
            long a = 0;
            long b = 1;
            while (true) {
                y.yield(a);
                long next = a + b;
                b = a;
                a = next;
            }
        });
        var say = new StackfulGenerator<Object, String, Void>("say", y -> {
            y.yield("C");
            y.yield("Java");
            y.yield("Python");
            return null;
        });

        assertThat(List.of(counter.next(), counter.next(), counter.next())).containsExactly(0, 1, 2);
        assertThat(IntStream.range(0, 10).mapToObj(i -> String.valueOf(fib.next()))).containsExactly(
                "0", "1", "1", "2", "3", "5", "8", "13", "21", "34");
        assertThat(List.of(say.next(), say.next(), say.next())).containsExactly("C", "Java", "Python");
        assertThatThrownBy(say::next).isInstanceOf(CoroutineExhaustedException.class);
        counter.close();
        fib.close();
        assertThat(List.of(counter.state(), fib.state(), say.state())).containsOnly(CoroutineState.CLOSED);
    }

    @Test
    void seedCoroFnConsumesWhatIsSent() {
        List<String> printed = new ArrayList<>();
        var co = new StackfulGenerator<String, String, Void>("coro_fn", y -> {
            String val = y.yield("Starting");
            printed.add("Consume " + val);
            y.yield("Hello World");
            return null;
        });

        printed.add(co.send(null));
        printed.add(co.send("data"));
        co.close();

        assertThat(printed).containsExactly("Starting", "Consume data", "Hello World");
        assertThat(co.state()).isEqualTo(CoroutineState.CLOSED);
    }

    @Test
    void seedG1AndG2WithYieldFrom() {
        var g = new StackfulGenerator<Object, Integer, Void>("g", y -> {
            y.yieldFrom(range("g1", 0, 10));
            y.yieldFrom(new SeedExamplesTest.Range(10, 20));
            return null;
        });

        assertThat(drain(g)).isEqualTo(IntStream.range(0, 20).boxed().toList());
    }

    @Test
    void seedTreeWalkByPlainRecursionAndByYieldFrom() {
        var recursive = new StackfulGenerator<Object, Integer, Void>("walk", y -> {
            walk(SEED_TREE, y);
            return null;
        });

        assertThat(drain(recursive)).containsExactly(7, 8, 1, 2, 9, 10, 3, 0, 4, 5, 6);
        assertThat(drain(visit(SEED_TREE))).containsExactly(7, 8, 1, 2, 9, 10, 3, 0, 4, 5, 6);
    }

    private static void walk(Node node, StackfulGenerator.Yielder<Object, Integer> y) {
        node.left().forEach(child -> walk(child, y));
        y.yield(node.value());
        node.right().forEach(child -> walk(child, y));
    }

    private static StackfulGenerator<Object, Integer, Void> visit(Node node) {
        return new StackfulGenerator<>("visit-" + node.value(), y -> {
            for (Node child : node.left()) {
                y.yieldFrom(visit(child));
            }
            y.yield(node.value());
            for (Node child : node.right()) {
                y.yieldFrom(visit(child));
            }
            return null;
        });
    }

    @Test
    void returnValueAndEdgeCasesMatchTheStacklessForm() {
        var co = new StackfulGenerator<Object, Integer, String>("edges", y -> {
            y.yield(1);
            return "result";
        });

        assertThatThrownBy(() -> co.send("early")).isInstanceOf(IllegalArgumentException.class);
        assertThat(co.state()).isEqualTo(CoroutineState.CREATED);
        assertThat(co.next()).isEqualTo(1);
        assertThatThrownBy(co::next).isInstanceOfSatisfying(CoroutineExhaustedException.class,
                e -> assertThat(e.returnValue()).isEqualTo("result"));
        assertThat(co.returnValue()).isEqualTo("result");
        assertThatThrownBy(co::next).isInstanceOfSatisfying(CoroutineExhaustedException.class,
                e -> assertThat(e.returnValue()).isNull());
        co.close();
        co.close();
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> co.throwInto(boom)).isSameAs(boom);
    }

    @Test
    void closeRaisesCoroutineExitAtTheYieldSoFinallyRuns() {
        List<String> log = new ArrayList<>();
        var co = new StackfulGenerator<Object, Integer, Void>("closing", y -> {
            try {
                for (int i = 0; ; i++) {
                    y.yield(i);
                }
            } catch (CoroutineExit exit) {
                log.add("exit raised");
                throw exit;
            } finally {
                log.add("finally ran");
            }
        });
        co.next();
        co.next();

        co.close();
        co.close();

        assertThat(log).containsExactly("exit raised", "finally ran");
        assertThat(co.state()).isEqualTo(CoroutineState.CLOSED);
        assertThat(co.resume(null)).isFalse();
    }

    @Test
    void yieldingAfterCloseIsAnError() {
        var stubborn = new StackfulGenerator<Object, String, Void>("stubborn", y -> {
            try {
                y.yield("working");
            } finally {
                y.yield("still working");
            }
            return null;
        });
        stubborn.next();

        assertThatThrownBy(stubborn::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("yielded after close");
        assertThat(stubborn.state()).isEqualTo(CoroutineState.CLOSED);
    }

    @Test
    void closingANeverStartedGeneratorStartsNoThread() {
        AtomicInteger ran = new AtomicInteger();
        String tag = tag("never-started");
        var co = new StackfulGenerator<Object, Integer, Void>(tag, y -> {
            ran.incrementAndGet();
            return null;
        });

        co.close();

        assertThat(co.state()).isEqualTo(CoroutineState.CLOSED);
        assertThat(co.resume(null)).isFalse();
        assertThat(ran).hasValue(0);
        assertThat(liveThreads(tag)).isZero();
    }

    @Test
    void exceptionsPropagateToTheSenderAndThrowsArriveAtTheYield() {
        IllegalArgumentException failure = new IllegalArgumentException("bad input");
        var failing = new StackfulGenerator<String, String, Void>("failing", y -> {
            String sent = y.yield("ready");
            if (sent.equals("bad")) {
                throw failure;
            }
            return null;
        });
        var handling = new StackfulGenerator<Object, String, Void>("handling", y -> {
            while (true) {
                try {
                    y.yield("waiting");
                } catch (IllegalStateException e) {
                    y.yield("handled " + e.getMessage());
                }
            }
        });
        failing.next();
        handling.next();

        assertThatThrownBy(() -> failing.send("bad")).isSameAs(failure);
        assertThat(failing.state()).isEqualTo(CoroutineState.CLOSED);
        assertThat(handling.throwInto(new IllegalStateException("oops"))).isEqualTo("handled oops");
        assertThat(handling.next()).isEqualTo("waiting");
        RuntimeException unhandled = new RuntimeException("unhandled");
        assertThatThrownBy(() -> handling.throwInto(unhandled)).isSameAs(unhandled);
        assertThat(handling.state()).isEqualTo(CoroutineState.CLOSED);
    }

    @Test
    void aStacklessCoroutineCanDelegateToAStackfulGenerator() {
        List<String> log = new ArrayList<>();
        var inner = new StackfulGenerator<Object, Object, Object>("inner", y -> {
            try {
                Object got = y.yield("a");
                y.yield("b got " + got);
                return "inner result";
            } finally {
                log.add("inner finally");
            }
        });
        StacklessCoroutine<Object, Object, Object> delegator = new StacklessCoroutine<>() {
            private int pc;

            @Override
            protected void step(Object sent) {
                if (pc++ == 0) {
                    delegateTo(inner);
                } else {
                    finish(delegateResult());
                }
            }
        };

        assertThat(delegator.send(null)).isEqualTo("a");
        assertThat(delegator.send("x")).isEqualTo("b got x");
        assertThat(delegator.resume(null)).isFalse();
        assertThat(delegator.returnValue()).isEqualTo("inner result");
        assertThat(log).containsExactly("inner finally");
        assertThat(inner.state()).isEqualTo(CoroutineState.CLOSED);
    }

    @Test
    void closingAYieldFromChainRunsEveryFinallyInnermostFirst() {
        List<String> log = new ArrayList<>();
        var inner = new StackfulGenerator<Object, Integer, Void>("inner", y -> {
            try {
                y.yield(1);
                y.yield(2);
                return null;
            } finally {
                log.add("inner finally");
            }
        });
        var outer = new StackfulGenerator<Object, Integer, Void>("outer", y -> {
            try {
                y.yieldFrom(inner);
                return null;
            } finally {
                log.add("outer finally");
            }
        });
        assertThat(outer.next()).isEqualTo(1);

        outer.close();

        assertThat(log).containsExactly("inner finally", "outer finally");
        assertThat(List.of(inner.state(), outer.state())).containsOnly(CoroutineState.CLOSED);
    }

    @Test
    void aThrowIntoAYieldFromChainReachesTheInnermostFirst() {
        var inner = new StackfulGenerator<Object, String, String>("inner", y -> {
            try {
                y.yield("inner waiting");
            } catch (IllegalStateException e) {
                return "inner caught " + e.getMessage();
            }
            return "not reached";
        });
        var outer = new StackfulGenerator<Object, String, Void>("outer", y -> {
            String result = y.yieldFrom(inner);
            y.yield(result);
            return null;
        });
        assertThat(outer.next()).isEqualTo("inner waiting");

        assertThat(outer.throwInto(new IllegalStateException("x"))).isEqualTo("inner caught x");
    }

    @Test
    void aSendWhileAnotherIsInProgressIsAnError() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        var slow = new StackfulGenerator<Object, String, Void>("slow", y -> {
            y.yield("first");
            inside.countDown();
            release.await(10, TimeUnit.SECONDS);
            y.yield("second");
            return null;
        });
        slow.next();
        try (ExecutorService driver = Executors.newSingleThreadExecutor()) {
            CompletableFuture<String> second = CompletableFuture.supplyAsync(slow::next, driver);
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(slow.state()).isEqualTo(CoroutineState.RUNNING);
            assertThatThrownBy(slow::next).isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");
            assertThatThrownBy(slow::close).isInstanceOf(IllegalStateException.class);

            release.countDown();
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("second");
        }
        assertThat(slow.resume(null)).isFalse();
        assertThat(slow.state()).isEqualTo(CoroutineState.CLOSED);
    }

    @Test
    void yieldFromAnotherThreadIsRejected() throws Exception {
        AtomicReference<StackfulGenerator.Yielder<Object, String>> leaked = new AtomicReference<>();
        var co = new StackfulGenerator<Object, String, Void>("leaky", y -> {
            leaked.set(y);
            y.yield("one");
            return null;
        });
        co.next();

        assertThatThrownBy(() -> leaked.get().yield("from outside")).isInstanceOf(IllegalStateException.class);
        co.close();
    }

    @Test
    void noThreadOutlivesExhaustionOrClose() {
        String tag = tag("lifecycle");
        List<StackfulGenerator<Object, Integer, Void>> generators = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            generators.add(range(tag, 0, 3));
        }
        generators.forEach(StackfulGenerator::next);
        assertThat(liveThreads(tag)).isEqualTo(20);

        for (int i = 0; i < 20; i++) {
            if (i % 2 == 0) {
                drain(generators.get(i));
            } else {
                generators.get(i).close();
            }
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> liveThreads(tag) == 0);
    }

    @Test
    void anUnreachableSuspendedGeneratorIsClosedAndItsThreadEnds() {
        String tag = tag("garbage");
        AtomicInteger cleanedUp = new AtomicInteger();
        List<StackfulGenerator<Object, Integer, Void>> started = start(tag, cleanedUp, 20);
        // counted while still referenced: once dropped, any GC (a thread dump allocates) may clean them up
        assertThat(liveThreads(tag)).isEqualTo(20);
        Reference.reachabilityFence(started);
        started = null;

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            System.gc();
            return cleanedUp.get() == 20 && liveThreads(tag) == 0;
        });
    }

    private static List<StackfulGenerator<Object, Integer, Void>> start(String tag, AtomicInteger cleanedUp, int count) {
        List<StackfulGenerator<Object, Integer, Void>> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var co = new StackfulGenerator<Object, Integer, Void>(tag, y -> {
                try {
                    for (int n = 0; ; n++) {
                        y.yield(n);
                    }
                } finally {
                    cleanedUp.incrementAndGet();
                }
            });
            co.next();
            started.add(co);
        }
        return started;
    }

    private static String tag(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Counts live threads whose name carries {@code tag}, virtual ones included, from a JSON thread dump. */
    private long liveThreads(String tag) {
        try {
            Path file = dumps.resolve("threads-" + UUID.randomUUID() + ".json");
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), ThreadDumpFormat.JSON);
            Matcher names = Pattern.compile("\"name\": \"" + Pattern.quote(StackfulGenerator.THREAD_NAME_PREFIX + tag))
                    .matcher(Files.readString(file));
            Files.delete(file);
            return names.results().count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
