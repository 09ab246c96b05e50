package dev.corojobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An exhausted heap is not one task's failure: it leaves the kernel for whoever drives it. */
class KernelOutOfMemoryTest {

    private final List<String> exits = new ArrayList<>();
    private final Kernel kernel = new Kernel(TaskKind.SIMULATION, new TaskTracker(), new KernelListener() {
        @Override
        public void exited(int tid, TaskOutcome outcome, Throwable failure) {
            exits.add(tid + " " + outcome);
        }
    });

    private static final class Throwing extends StacklessCoroutine<Object, SystemCall, Object> implements SystemCall.Body {
        private final Throwable thrown;

        Throwing(Throwable thrown) {
            this.thrown = thrown;
        }

        @Override
        protected void step(Object sent) {
            if (thrown instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) thrown;
        }
    }

    @Test
    void anOutOfMemoryErrorLeavesTheKernelInsteadOfFailingTheTask() {
        kernel.spawn(new Throwing(new OutOfMemoryError("Java heap space")));

        assertThatThrownBy(() -> kernel.run(10)).isInstanceOf(OutOfMemoryError.class).hasMessage("Java heap space");
        assertThat(exits).as("no task outcome was recorded").isEmpty();
    }

    @Test
    void otherErrorsStayTaskFailures() {
        kernel.spawn(new Throwing(new StackOverflowError()));
        kernel.spawn(new Throwing(new IllegalStateException("bug")));

        assertThat(kernel.run(10)).isEqualTo(Kernel.Status.FINISHED);
        assertThat(exits).containsExactly("1 FAILED", "2 FAILED");
    }
}
