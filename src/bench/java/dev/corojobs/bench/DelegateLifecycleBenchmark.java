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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a {@code yield from} costs once per delegate rather than per value: every send ends a one-value
 * delegate, resumes the delegator, which makes and starts the next one
 * ({@code while True: yield from one()}), so each value pays a whole delegate lifecycle.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DelegateLifecycleBenchmark {

    /** {@code def one(): x = yield; return x} */
    static final class One extends StacklessCoroutine<Object, Object, Object> {
        private boolean yielded;

        @Override
        protected void step(Object sent) {
            if (yielded) {
                finish(sent);
            } else {
                yielded = true;
                yieldValue(null);
            }
        }
    }

    /** {@code while True: yield from one()} */
    static final class Repeat extends StacklessCoroutine<Object, Object, Object> {
        @Override
        protected void step(Object sent) {
            delegateTo(new One());
        }
    }

    private Coroutine<Object, Object, Object> repeat;
    private final Object token = new Object();

    @Setup
    public void start() {
        repeat = Coroutine.primed(new Repeat());
    }

    @Benchmark
    public Object sendThroughAFreshDelegate() {
        return repeat.send(token);
    }
}
