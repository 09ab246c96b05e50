package dev.corojobs.bench;

import dev.corojobs.runtime.Coroutine;
import dev.corojobs.runtime.StackfulGenerator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The stackful generator's send round trip on {@code x = yield x + 1}, driven from JMH's platform thread
 * (each hand-off wakes an OS thread) and from a virtual thread (both sides on the virtual-thread scheduler).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StackfulBenchmark {

    private Coroutine<Long, Long, Void> plusOne;
    private long value;

    @Setup
    public void start() {
        plusOne = Coroutine.primed(new StackfulGenerator<Long, Long, Void>("plus-one", y -> {
            long x = 0;
            while (true) {
                x = y.yield(x + 1);
            }
        }));
    }

    @TearDown
    public void stop() {
        plusOne.close();
    }

    @Benchmark
    public long send() {
        value = plusOne.send(value & 63);
        return value;
    }

    private static final int BATCH = 1_000;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long sendFromVirtualThread() throws InterruptedException {
        Thread driver = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < BATCH; i++) {
                value = plusOne.send(value & 63);
            }
        });
        driver.join();
        return value;
    }
}
