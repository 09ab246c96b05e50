package dev.corojobs.bench;

import dev.corojobs.runtime.Kernel;
import dev.corojobs.runtime.StacklessCoroutine;
import dev.corojobs.runtime.SystemCall;
import dev.corojobs.runtime.TaskKind;
import dev.corojobs.runtime.TaskTracker;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Why the long-step watch samples instead of timing each step: the cost of a kernel step (1,000 tasks that
 * only yield) next to the cost of the two {@code System.nanoTime()} calls that timing it would add.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KernelStepBenchmark {

    private static final int STEPS = 10_000;

    static final class Yielder extends StacklessCoroutine<Object, SystemCall, Object> implements SystemCall.Body {
        @Override
        protected void step(Object sent) {
            yieldValue(null);
        }
    }

    private Kernel kernel;

    @Setup
    public void start() {
        kernel = new Kernel(TaskKind.SIMULATION, new TaskTracker(), null);
        for (int i = 0; i < 1_000; i++) {
            kernel.spawn(new Yielder());
        }
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public Kernel.Status plain() {
        return kernel.run(STEPS);
    }

    @Benchmark
    public long clockPair() {
        long started = System.nanoTime();
        return System.nanoTime() - started;
    }
}
