package dev.corojobs.jobs;

import dev.corojobs.runtime.StacklessCoroutine;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the job executor adds per step: a job of {@value #STEPS} trivial steps driven by {@link JobRunner}
 * (cancel flag, timeout clock, progress publishing every 100 ms) against the same work driven by a bare
 * {@code while (work.resume(null))} loop. Reported per step.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JobStepBenchmark {

    static final int STEPS = 1_000_000;

    /** Counts to {@link #STEPS}, yielding the same small progress map each step. */
    static final class Counter extends StacklessCoroutine<Object, Map<String, Object>, Object> implements JobWork {
        private final Map<String, Object> progress = Map.of("steps", 0);
        private int n;

        @Override
        protected void step(Object sent) {
            if (++n > STEPS) {
                finish(n - 1);
            } else {
                yieldValue(progress);
            }
        }
    }

    private final JobRunner runner = new JobRunner(Clock.systemUTC(), Duration.ofMillis(100), java.util.List.of());

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public Object bareLoop() {
        Counter work = new Counter();
        while (work.resume(null)) {
            // drive to the end
        }
        return work.returnValue();
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public Object jobRunner() {
        Job job = new Job(UUID.randomUUID(), 1, "bench", null, null, new Counter(), Duration.ofHours(1),
                Clock.systemUTC().instant(), null, (j, from, to) -> { });
        return runner.run(job);
    }
}
