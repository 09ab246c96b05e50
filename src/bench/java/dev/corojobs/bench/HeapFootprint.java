package dev.corojobs.bench;

import dev.corojobs.runtime.Coroutine;
import dev.corojobs.runtime.StackfulGenerator;
import dev.corojobs.runtime.StacklessCoroutine;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.function.Supplier;

/**
 * Heap per suspended coroutine: makes {@code count} of them, sends each its first value so it stands at a
 * yield, and divides the growth of the used heap (after full GCs) by the count.
 *
 * <pre>java -cp ... dev.corojobs.bench.HeapFootprint stackless 1000000</pre>
 *
 * Prints {@code heap <kind> <count> <bytes per coroutine>}. Kinds: {@code stackless} (the send benchmark's
 * {@code x = yield x + 1}: only the base class), {@code fib} (the seed's fib: two longs and a flag),
 * {@code stackful} (a parked virtual thread per generator).
 */
public final class HeapFootprint {

    static final class PlusOne extends StacklessCoroutine<Long, Long, Void> {
        @Override
        protected void step(Long sent) {
            yieldValue(sent == null ? 1L : sent + 1);
        }
    }

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

    private HeapFootprint() {
    }

    public static void main(String[] args) {
        String kind = args.length > 0 ? args[0] : "stackless";
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Supplier<Coroutine<?, ?, ?>> factory = switch (kind) {
            case "stackless" -> PlusOne::new;
            case "fib" -> Fib::new;
            case "stackful" -> () -> new StackfulGenerator<Long, Long, Void>("footprint", y -> {
                long x = 0;
                while (true) {
                    x = y.yield(x + 1);
                }
            });
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
        Coroutine<?, ?, ?>[] live = new Coroutine<?, ?, ?>[count];
        long before = usedAfterGc();
        for (int i = 0; i < count; i++) {
            live[i] = Coroutine.primed(factory.get());
        }
        long after = usedAfterGc();
        for (Coroutine<?, ?, ?> coroutine : live) {
            if (coroutine.state() != dev.corojobs.runtime.CoroutineState.SUSPENDED) {
                throw new IllegalStateException("not suspended: " + coroutine.name());
            }
        }
        System.out.printf("heap %s %d %.1f%n", kind, count, (after - before) / (double) count);
        Reference.reachabilityFence(live);
        for (Coroutine<?, ?, ?> coroutine : live) {
            coroutine.close();
        }
    }

    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
