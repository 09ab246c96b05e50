package dev.corojobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A kernel that reuses the ids of dead tasks, as a server's kernel does. */
class KernelTaskIdReuseTest {

    /** Yields {@code rounds} times (plain yields, or sleeps of one tick), recording each step. */
    private static final class Looper extends StacklessCoroutine<Object, SystemCall, Object> implements SystemCall.Body {
        private final String label;
        private final List<String> log;
        private final boolean sleep;
        private int rounds;

        Looper(String label, int rounds, boolean sleep, List<String> log) {
            this.label = label;
            this.rounds = rounds;
            this.sleep = sleep;
            this.log = log;
        }

        @Override
        protected void step(Object sent) {
            log.add(label);
            if (rounds-- > 0) {
                yieldValue(sleep ? new SystemCall.Sleep(1) : null);
            } else {
                finish(null);
            }
        }
    }

    private final List<String> log = new ArrayList<>();
    private final Kernel kernel = new Kernel(TaskKind.TCP, new TaskTracker(), null, null, true);

    @Test
    void reusesTheIdOfATaskThatFinished() {
        int first = kernel.spawn(new Looper("a", 0, false, log));
        kernel.run(Long.MAX_VALUE);

        assertThat(kernel.spawn(new Looper("b", 0, false, log))).isEqualTo(first);
        assertThat(kernel.run(Long.MAX_VALUE)).isEqualTo(Kernel.Status.FINISHED);
        assertThat(log).containsExactly("a", "b");
    }

    @Test
    void keepsTheIdOfAKilledReadyTaskUntilItsQueueEntryIsGone() {
        int killed = kernel.spawn(new Looper("killed", 5, false, log));
        kernel.kill(killed);

        int next = kernel.spawn(new Looper("next", 1, false, log));
        assertThat(next).isNotEqualTo(killed);
        kernel.run(Long.MAX_VALUE);
        assertThat(log).containsExactly("next", "next");

        assertThat(kernel.spawn(new Looper("later", 0, false, log))).isIn(killed, next);
    }

    @Test
    void neverWakesANewTaskWithAStaleSleeperEntry() {
        int sleeper = kernel.spawn(new Looper("sleeper", 3, true, log));
        kernel.run(1);
        kernel.kill(sleeper);

        int next = kernel.spawn(new Looper("next", 2, true, log));
        assertThat(next).isNotEqualTo(sleeper);
        assertThat(kernel.run(Long.MAX_VALUE)).isEqualTo(Kernel.Status.FINISHED);
        assertThat(log).containsExactly("sleeper", "next", "next", "next");
    }

    @Test
    void handsOutNewIdsWithoutReuseByDefault() {
        Kernel plain = new Kernel(TaskKind.SIMULATION, new TaskTracker(), null);
        plain.spawn(new Looper("a", 0, false, log));
        plain.run(Long.MAX_VALUE);

        assertThat(plain.spawn(new Looper("b", 0, false, log))).isEqualTo(2);
    }
}
