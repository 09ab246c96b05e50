package dev.corojobs.bench;

import dev.corojobs.runtime.Coroutine;
import dev.corojobs.runtime.StacklessCoroutine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The send round trips of {@link SendBenchmark} and {@link DelegationBenchmark}, timed in thread CPU time
 * instead of wall-clock time. On a shared, oversubscribed machine wall-clock figures mostly measure the
 * neighbours (time spent descheduled); CPU time does not count that, and CPython's side
 * ({@code coroutine_bench.py}) reports the same. JMH stays the primary measurement; this is the check.
 *
 * <pre>java -cp ... dev.corojobs.bench.CpuTimeSends reference|resume|boxed|boxed-cached|depth-N</pre>
 *
 * Run one case per JVM (as JMH forks do), so the call site in {@code resume} sees a single coroutine
 * class. Prints {@code cpu <case> <min ns per send> <median ns per send>}.
 */
public final class CpuTimeSends {

    private static final int SENDS = 10_000_000;
    private static final int WARMUPS = 5;
    private static final int REPEATS = 9;

    private CpuTimeSends() {
    }

    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "reference";
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Object token = new Object();
        long sink = 0;
        Runnable loop;
        long[] result = new long[1];
        switch (which) {
            case "reference" -> {
                Coroutine<Object, Object, Object> echo = Coroutine.primed(new Echo());
                loop = () -> result[0] += sendReference(echo, token);
            }
            case "resume" -> {
                Coroutine<Object, Object, Object> echo = Coroutine.primed(new Echo());
                loop = () -> result[0] += resumeReference(echo, token);
            }
            case "boxed" -> {
                Coroutine<Long, Long, Void> plusOne = Coroutine.primed(new SendBenchmark.PlusOne());
                loop = () -> result[0] += sendBoxed(plusOne, 0);
            }
            case "boxed-cached" -> {
                Coroutine<Long, Long, Void> plusOne = Coroutine.primed(new SendBenchmark.PlusOne());
                loop = () -> result[0] += sendBoxed(plusOne, 63);
            }
            default -> {
                if (!which.startsWith("depth-")) {
                    throw new IllegalArgumentException("unknown case " + which);
                }
                int depth = Integer.parseInt(which.substring("depth-".length()));
                StacklessCoroutine<Object, Object, Object> top = new Echo();
                for (int i = 0; i < depth; i++) {
                    top = new DelegationBenchmark.Relay(top);
                }
                Coroutine<Object, Object, Object> chain = Coroutine.primed(top);
                loop = () -> result[0] += sendReference(chain, token);
            }
        }
        for (int i = 0; i < WARMUPS; i++) {
            loop.run();
        }
        double[] samples = new double[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            long start = threads.getCurrentThreadCpuTime();
            loop.run();
            samples[i] = (threads.getCurrentThreadCpuTime() - start) / (double) SENDS;
        }
        sink += result[0];
        java.util.Arrays.sort(samples);
        System.out.printf("cpu %s %.3f %.3f (checksum %d)%n", which, samples[0], samples[REPEATS / 2], sink);
    }

    private static long sendReference(Coroutine<Object, Object, ?> coroutine, Object token) {
        long identity = 0;
        for (int i = 0; i < SENDS; i++) {
            identity += coroutine.send(token) == token ? 1 : 0;
        }
        return identity;
    }

    /** The kernel's form: {@code resume} then {@code yielded}, no exception on exhaustion. */
    private static long resumeReference(Coroutine<Object, Object, ?> coroutine, Object token) {
        long identity = 0;
        for (int i = 0; i < SENDS; i++) {
            identity += coroutine.resume(token) && coroutine.yielded() == token ? 1 : 0;
        }
        return identity;
    }

    /** {@code x = yield x + 1}; {@code mask} 0 lets the values grow (allocating), 63 keeps them cached. */
    private static long sendBoxed(Coroutine<Long, Long, ?> coroutine, long mask) {
        long x = 0;
        for (int i = 0; i < SENDS; i++) {
            x = coroutine.send(mask == 0 ? x : x & mask);
        }
        return x;
    }
}
