package dev.corojobs.bench;

import dev.corojobs.runtime.Coroutine;
import dev.corojobs.runtime.StacklessCoroutine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A send through a {@code yield from} chain: {@code depth} relays, each {@code return (yield from inner)},
 * over an echo generator. Cost per level per value = (time at depth d - time at depth 0) / d.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DelegationBenchmark {

    /** {@code def relay(inner): return (yield from inner)} */
    static final class Relay extends StacklessCoroutine<Object, Object, Object> {
        private StacklessCoroutine<Object, Object, Object> inner;

        Relay(StacklessCoroutine<Object, Object, Object> inner) {
            this.inner = inner;
        }

        @Override
        protected void step(Object sent) {
            if (inner != null) {
                StacklessCoroutine<Object, Object, Object> start = inner;
                inner = null;
                delegateTo(start);
            } else {
                finish(delegateResult());
            }
        }
    }

    @Param({"0", "1", "10", "100"})
    public int depth;

    private Coroutine<Object, Object, Object> chain;
    private final Object token = new Object();

    @Setup
    public void build() {
        StacklessCoroutine<Object, Object, Object> top = new Echo();
        for (int i = 0; i < depth; i++) {
            top = new Relay(top);
        }
        chain = Coroutine.primed(top);
    }

    @Benchmark
    public Object send() {
        return chain.send(token);
    }
}
