package dev.corojobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corojobs.runtime.DeadlockReport.Blocked;
import dev.corojobs.runtime.DeadlockReport.Cycle;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelDeadlockTest {

    private final List<String> log = new ArrayList<>();
    private final Kernel kernel = new Kernel(TaskKind.SIMULATION, new TaskTracker(), null);

    private void waiter(int target) {
        kernel.spawn(ScriptedTask.of("waits-" + target, log, new SystemCall.WaitTask(target)));
    }

    @Test
    void twoTasksWaitingForEachOther() {
        waiter(2);
        waiter(1);

        assertThat(kernel.run(1_000)).isEqualTo(Kernel.Status.DEADLOCKED);

        DeadlockReport report = kernel.deadlockReport();
        assertThat(report.cycles()).containsExactly(new Cycle(List.of(1, 2)));
        assertThat(report.blocked()).isEmpty();
        assertThat(report.cycles().getFirst().describe()).isEqualTo("task 1 waits for 2, 2 waits for 1");
    }

    @Test
    void threeTaskCycleIsNamedFromItsSmallestTask() {
        kernel.spawn(ScriptedTask.spinning("busy", log)); // 1: never waits, but is killed below
        waiter(3); // 2 -> 3
        waiter(4); // 3 -> 4
        waiter(2); // 4 -> 2
        kernel.run(10);
        kernel.kill(1);

        assertThat(kernel.run(1_000)).isEqualTo(Kernel.Status.DEADLOCKED);

        DeadlockReport report = kernel.deadlockReport();
        assertThat(report.cycles()).containsExactly(new Cycle(List.of(2, 3, 4)));
        assertThat(report.describe()).isEqualTo("cycle 1: task 2 waits for 3, 3 waits for 4, 4 waits for 2");
    }

    @Test
    void tasksWaitingOnACycleAreReportedAsBlockedBehindIt() {
        waiter(2); // 1 -> 2: behind the cycle
        waiter(5); // 2 -> 5: behind the cycle
        waiter(6); // 3 -> 6: behind the second cycle
        waiter(5); // 4 -> 5: behind the cycle
        waiter(7); // 5 -> 7
        waiter(3); // 6 -> 3: with 3 -> 6, the first cycle by smallest id
        waiter(5); // 7 -> 5

        assertThat(kernel.run(1_000)).isEqualTo(Kernel.Status.DEADLOCKED);

        DeadlockReport report = kernel.deadlockReport();
        assertThat(report.cycles()).containsExactly(new Cycle(List.of(3, 6)), new Cycle(List.of(5, 7)));
        assertThat(report.blocked()).containsExactly(
                new Blocked(1, 2, 1), new Blocked(2, 5, 1), new Blocked(4, 5, 1));
        assertThat(report.lines()).containsExactly(
                "cycle 1: task 3 waits for 6, 6 waits for 3",
                "cycle 2: task 5 waits for 7, 7 waits for 5",
                "blocked: task 1 waits for 2, behind cycle 2",
                "blocked: task 2 waits for 5, behind cycle 2",
                "blocked: task 4 waits for 5, behind cycle 2");
    }

    @Test
    void noCycleWhileTasksOnlyWaitForRunningOnes() {
        kernel.spawn(ScriptedTask.spinning("busy", log));
        waiter(1);
        waiter(2);

        assertThat(kernel.run(50)).isEqualTo(Kernel.Status.BUDGET_EXHAUSTED);

        assertThat(kernel.deadlockReport().isEmpty()).isTrue();
        assertThat(kernel.deadlockReport().describe()).isEqualTo("no wait-for cycle");
    }

    @Test
    void killingATaskInTheCycleBreaksTheDeadlock() {
        waiter(2);
        waiter(1);
        assertThat(kernel.run(1_000)).isEqualTo(Kernel.Status.DEADLOCKED);

        assertThat(kernel.kill(2)).isTrue();

        assertThat(kernel.run(1_000)).isEqualTo(Kernel.Status.FINISHED);
        assertThat(log).containsExactly("waits-1 cleanup");
    }
}
