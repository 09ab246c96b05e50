package dev.corojobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Every Python example of the seed article, written as stackless coroutines. */
class SeedExamplesTest {

    /** {@code def coroutine(): i = 0; while 1: yield i; i += 1} (and the C switch/static version). */
    static final class Counter extends StacklessCoroutine<Object, Integer, Void> {
        private int i;

        @Override
        protected void step(Object sent) {
            yieldValue(i++);
        }
    }

    /** {@code def fib(): a, b = 0, 1; while True: yield a; a, b = a + b, a} */
    static final class Fib extends StacklessCoroutine<Object, Long, Void> {
        private long a;
        private long b = 1;
        private boolean started;

        @Override
        protected void step(Object sent) {
            if (started) {
                long next = a + b;
                b = a;
                a = next;
            }
            started = true;
            yieldValue(a);
        }
    }

    /** {@code def say(): yield "C"; yield "Java"; yield "Python"} */
    static final class Say extends StacklessCoroutine<Object, String, Void> {
        private int pc;

        @Override
        protected void step(Object sent) {
            switch (pc++) {
                case 0 -> yieldValue("C");
                case 1 -> yieldValue("Java");
                case 2 -> yieldValue("Python");
                default -> finish(null);
            }
        }
    }

    /** {@code def coro_fn(): val = yield 'Starting'; print('Consume', val); yield 'Hello World'} */
    static final class CoroFn extends StacklessCoroutine<String, String, Void> {
        private final List<String> printed;
        private int pc;

        CoroFn(List<String> printed) {
            this.printed = printed;
        }

        @Override
        protected void step(String sent) {
            switch (pc++) {
                case 0 -> yieldValue("Starting");
                case 1 -> {
                    printed.add("Consume " + sent);
                    yieldValue("Hello World");
                }
                default -> finish(null);
            }
        }
    }

    /** {@code for i in range(from, to): yield i}: the seed's g1 and g2. */
    static final class Range extends StacklessCoroutine<Object, Integer, Void> {
        private int next;
        private final int end;

        Range(int from, int end) {
            this.next = from;
            this.end = end;
        }

        @Override
        protected void step(Object sent) {
            if (next < end) {
                yieldValue(next++);
            } else {
                finish(null);
            }
        }
    }

    /** {@code def g(): yield from g1(); yield from g2()} */
    static final class Chained extends StacklessCoroutine<Object, Integer, Void> {
        private int pc;

        @Override
        protected void step(Object sent) {
            switch (pc++) {
                case 0 -> delegateTo(new Range(0, 10));
                case 1 -> delegateTo(new Range(10, 20));
                default -> finish(null);
            }
        }
    }

    /** {@code def g(): for i in g1(): yield i; for i in g2(): yield i}: the same without delegation. */
    static final class Looped extends StacklessCoroutine<Object, Integer, Void> {
        private final Range g1 = new Range(0, 10);
        private final Range g2 = new Range(10, 20);

        @Override
        protected void step(Object sent) {
            if (g1.resume(null)) {
                yieldValue(g1.yielded());
            } else if (g2.resume(null)) {
                yieldValue(g2.yielded());
            } else {
                finish(null);
            }
        }
    }

    /** The seed's {@code Node}: left nodes, a value, right nodes. */
    record Node(int value, List<Node> left, List<Node> right) {
        static Node leaf(int value) {
            return new Node(value, List.of(), List.of());
        }
    }

    /**
     * {@code def visit(self): for node in self.left_nodes: yield from node.visit(); yield self.value;
     * for node in self.right_nodes: yield from node.visit()}
     */
    static final class Visit extends StacklessCoroutine<Object, Integer, Void> {
        private final Node node;
        private int leftIndex;
        private int rightIndex;
        private boolean valueYielded;

        Visit(Node node) {
            this.node = node;
        }

        @Override
        protected void step(Object sent) {
            if (leftIndex < node.left().size()) {
                delegateTo(new Visit(node.left().get(leftIndex++)));
            } else if (!valueYielded) {
                valueYielded = true;
                yieldValue(node.value());
            } else if (rightIndex < node.right().size()) {
                delegateTo(new Visit(node.right().get(rightIndex++)));
            } else {
                finish(null);
            }
        }
    }

    static <O> List<O> drain(Coroutine<?, O, ?> generator) {
        List<O> values = new ArrayList<>();
        Coroutine.iterate(generator).forEachRemaining(values::add);
        return values;
    }

    @Test
    void counterYieldsZeroOneTwo() {
        Counter co = new Counter();

        assertThat(List.of(co.next(), co.next(), co.next())).containsExactly(0, 1, 2);
        assertThat(co.state()).isEqualTo(CoroutineState.SUSPENDED);
    }

    @Test
    void fibPrintsThePythonSequence() {
        Fib co = new Fib();
        StringBuilder printed = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            printed.append(co.next()).append(' ');
        }

        assertThat(printed.toString().strip()).isEqualTo("0 1 1 2 3 5 8 13 21 34");
    }

    @Test
    void sayYieldsThreeLanguagesThenIsExhausted() {
        Say co = new Say();

        assertThat(co.next()).isEqualTo("C");
        assertThat(co.next()).isEqualTo("Java");
        assertThat(co.next()).isEqualTo("Python");
        assertThatThrownBy(co::next).isInstanceOf(CoroutineExhaustedException.class);
        assertThat(co.state()).isEqualTo(CoroutineState.CLOSED);
    }

    @Test
    void coroFnStartsConsumesProducesAndCloses() {
        List<String> printed = new ArrayList<>();
        CoroFn co = new CoroFn(printed);

        printed.add(co.send(null));
        printed.add(co.send("data"));
        co.close();

        assertThat(printed).containsExactly("Starting", "Consume data", "Hello World");
        assertThat(co.state()).isEqualTo(CoroutineState.CLOSED);
    }

    @Test
    void g1AndG2ChainedWithDelegationGiveZeroToNineteen() {
        List<Integer> expected = IntStream.range(0, 20).boxed().toList();

        assertThat(drain(new Chained())).isEqualTo(expected);
        assertThat(drain(new Looped())).isEqualTo(expected);
    }

    @Test
    void binaryTreeWalkWithDelegation() {
        Node root = new Node(0,
                List.of(new Node(1, List.of(Node.leaf(7), Node.leaf(8)), List.of()),
                        new Node(2, List.of(), List.of(Node.leaf(9), Node.leaf(10))),
                        Node.leaf(3)),
                List.of(Node.leaf(4), Node.leaf(5), Node.leaf(6)));

        String printed = String.join(" ", drain(new Visit(root)).stream().map(String::valueOf).toList());

        assertThat(printed).isEqualTo("7 8 1 2 9 10 3 0 4 5 6");
    }
}
