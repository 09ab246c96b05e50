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
 * The stackless send round trip: {@code x = yield x + 1} with boxed longs (allocating, and within the
 * {@code Long} cache), and a reference value passed through unchanged (no allocation).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SendBenchmark {

    /** {@code x = 0; while True: x = yield x + 1} */
    static final class PlusOne extends StacklessCoroutine<Long, Long, Void> {
        @Override
        protected void step(Long sent) {
            yieldValue(sent == null ? 1L : sent + 1);
        }
    }

    private Coroutine<Long, Long, Void> plusOne;
    private Coroutine<Object, Object, Object> echo;
    private long value;
    private final Object token = new Object();

    @Setup
    public void start() {
        plusOne = Coroutine.primed(new PlusOne());
        echo = Coroutine.primed(new Echo());
    }

    /** Boxes a new Long on each side (values grow past the Long cache): allocation dominates. */
    @Benchmark
    public long sendBoxed() {
        value = plusOne.send(value);
        return value;
    }

    /** The same with values in 0..64, so {@code Long.valueOf} hits the cache and nothing is allocated. */
    @Benchmark
    public long sendBoxedCached() {
        value = plusOne.send(value & 63);
        return value;
    }

    @Benchmark
    public Object sendReference() {
        return echo.send(token);
    }

    /** The exception-free form the kernel uses: {@code resume} then {@code yielded}. */
    @Benchmark
    public Object resumeReference() {
        return echo.resume(token) ? echo.yielded() : null;
    }
}
