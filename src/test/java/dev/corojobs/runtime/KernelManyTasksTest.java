package dev.corojobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** More tasks than one page of the kernel's task table and one segment of its ready queue. */
class KernelManyTasksTest {

    private static final int TASKS = 2 * TaskTable.PAGE + 100;

    /** Records its id at each of {@code rounds + 1} steps. */
    private static final class Recorder extends StacklessCoroutine<Object, SystemCall, Object> implements SystemCall.Body {
        private final List<Integer> order;
        private int rounds;
        private int tid;

        Recorder(int rounds, List<Integer> order) {
            this.rounds = rounds;
            this.order = order;
        }

        @Override
        protected void step(Object sent) {
            if (sent instanceof Integer id) {
                tid = id;
            }
            if (tid == 0) {
                yieldValue(new SystemCall.GetTid());
                return;
            }
            order.add(tid);
            if (rounds-- > 0) {
                yieldValue(null);
            } else {
                finish(null);
            }
        }
    }

    private final List<Integer> order = new ArrayList<>();

    @Test
    void runsThemRoundRobinInIdOrderAndKeepsTheirCounts() {
        Kernel kernel = new Kernel(TaskKind.SIMULATION, new TaskTracker(), null);
        for (int i = 1; i <= TASKS; i++) {
            assertThat(kernel.spawn(new Recorder(2, order))).isEqualTo(i);
        }

        assertThat(kernel.run(Long.MAX_VALUE)).isEqualTo(Kernel.Status.FINISHED);

        assertThat(order).hasSize(3 * TASKS);
        for (int i = 0; i < order.size(); i++) {
            assertThat(order.get(i)).isEqualTo(i % TASKS + 1);
        }
        assertThat(kernel.stepsOf(TaskTable.PAGE)).isEqualTo(4);
        assertThat(kernel.stepsOf(TASKS)).isEqualTo(4);
        assertThat(kernel.lastTid()).isEqualTo(TASKS);
    }

    @Test
    void dumpsPageByPageAcrossThePageBoundary() {
        Kernel kernel = new Kernel(TaskKind.SIMULATION, new TaskTracker(), null);
        for (int i = 1; i <= TASKS; i++) {
            kernel.spawn(ScriptedTask.spinning("t" + i, new ArrayList<>()));
        }
        kernel.run(TASKS);

        List<Integer> seen = new ArrayList<>();
        long cursor = TaskTable.PAGE - 2;
        cursor = kernel.dump(cursor, 0, 4, dump -> seen.add(dump.id()));
        assertThat(seen).containsExactly(TaskTable.PAGE - 2, TaskTable.PAGE - 1, TaskTable.PAGE, TaskTable.PAGE + 1);
        assertThat(cursor).isEqualTo(TaskTable.PAGE + 2);
    }

    @Test
    void reusesIdsFromEveryPage() {
        Kernel kernel = new Kernel(TaskKind.TCP, new TaskTracker(), null, null, true);
        for (int i = 1; i <= TASKS; i++) {
            kernel.spawn(new Recorder(0, order));
        }
        kernel.run(Long.MAX_VALUE);

        List<Integer> again = new ArrayList<>();
        for (int i = 1; i <= TASKS; i++) {
            again.add(kernel.spawn(new Recorder(0, order)));
        }
        assertThat(again).doesNotHaveDuplicates().allMatch(tid -> tid >= 1 && tid <= TASKS);
        assertThat(kernel.lastTid()).isEqualTo(TASKS);
        assertThat(kernel.run(Long.MAX_VALUE)).isEqualTo(Kernel.Status.FINISHED);
    }
}
