package dev.corojobs.bench;

import dev.corojobs.runtime.Coroutine;
import dev.corojobs.runtime.StacklessCoroutine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The send round trip on {@code x = yield x + 1}. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SendBenchmark {

    static final class PlusOne extends StacklessCoroutine<Long, Long, Void> {
        @Override
        protected void step(Long sent) {
            yieldValue(sent == null ? 1L : sent + 1);
        }
    }

    static final class Echo extends StacklessCoroutine<Object, Object, Void> {
        @Override
        protected void step(Object sent) {
            yieldValue(sent);
        }
    }

    private Coroutine<Long, Long, Void> plusOne;
    private Coroutine<Object, Object, Void> echo;
    private long value;
    private final Object token = new Object();

    @Setup
    public void start() {
        plusOne = Coroutine.primed(new PlusOne());
        echo = Coroutine.primed(new Echo());
    }

    @Benchmark
    public long sendBoxed() {
        value = plusOne.send(value);
        return value;
    }

    @Benchmark
    public Object sendReference() {
        return echo.send(token);
    }
}
