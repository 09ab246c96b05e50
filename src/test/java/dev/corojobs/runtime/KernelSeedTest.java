package dev.corojobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corojobs.SeedTrace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's foo/bar scheduler run, with the tasks written as stackless coroutines by hand. */
class KernelSeedTest {

    private final List<String> out = new ArrayList<>();
    private Object killAnswer;

    /** def foo(): tid = yield GetTid(); print(...); for i in range(5): print(...); yield */
    private final class Foo extends StacklessCoroutine<Object, SystemCall, Object> implements SystemCall.Body {
        private int pc;
        private int tid;
        private int i;

        @Override
        protected void step(Object sent) {
            switch (pc) {
                case 0 -> {
                    pc = 1;
                    yieldValue(SystemCall.GET_TID);
                }
                case 1 -> {
                    tid = (Integer) sent;
                    out.add("I'm foo and I am living in " + tid + " process");
                    pc = 2;
                    loop();
                }
                default -> loop();
            }
        }

        private void loop() {
            if (i < 5) {
                out.add("Foo " + tid + " is in " + i++ + " step");
                yieldValue(null);
            } else {
                finish(null);
            }
        }
    }

    private final class Bar extends StacklessCoroutine<Object, SystemCall, Object> implements SystemCall.Body {
        private int pc;
        private int tid;
        private int i;

        @Override
        protected void step(Object sent) {
            switch (pc) {
                case 0 -> {
                    pc = 1;
                    yieldValue(SystemCall.GET_TID);
                }
                case 1 -> {
                    tid = (Integer) sent;
                    out.add("I'm bar and I'm living in " + tid + " process");
                    pc = 2;
                    yieldValue(new SystemCall.NewTask(new Foo()));
                }
                case 2 -> {
                    if (i < 3) {
                        out.add("Bar " + tid + " is in " + i++ + " step");
                        yieldValue(null);
                    } else {
                        pc = 3;
                        yieldValue(new SystemCall.KillTask(1));
                    }
                }
                default -> {
                    killAnswer = sent;
                    finish(null);
                }
            }
        }
    }

    @Test
    void reproducesTheSeedRun() {
        Kernel kernel = new Kernel(TaskKind.SIMULATION, new TaskTracker(), new KernelListener() {
            @Override
            public void exited(int tid, TaskOutcome outcome, Throwable failure) {
                out.add("Task " + tid + " terminated");
            }
        });
        kernel.spawn(new Foo());
        kernel.spawn(new Bar());

        assertThat(kernel.run(Long.MAX_VALUE)).isEqualTo(Kernel.Status.FINISHED);

        assertThat(out).containsExactlyElementsOf(SeedTrace.LINES);
        // Task 1 is still alive (it would end at its next step) when bar kills it: the seed's kill answers
        // True too, and its "Task 1 terminated" comes out at the same place in the trace.
        assertThat(killAnswer).isEqualTo(true);
    }
}
