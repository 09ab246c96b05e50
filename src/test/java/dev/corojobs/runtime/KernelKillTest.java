package dev.corojobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Killing tasks wherever they are suspended, and failures staying inside their task. */
class KernelKillTest {

    private final List<String> log = new ArrayList<>();
    private final List<String> exits = new ArrayList<>();
    private final TaskTracker tracker = new TaskTracker();
    private final Kernel kernel = new Kernel(TaskKind.SIMULATION, tracker, new KernelListener() {
        @Override
        public void exited(int tid, TaskOutcome outcome, Throwable failure) {
            exits.add(tid + " " + outcome + (failure == null ? "" : ": " + failure.getMessage()));
        }
    });

    @Test
    void killingATaskBlockedInWaitRunsItsCleanupAndWakesItsOwnWaiters() {
        kernel.spawn(ScriptedTask.spinning("busy", log)); // 1
        ScriptedTask middle = ScriptedTask.of("middle", log, new SystemCall.WaitTask(1)); // 2 waits for 1
        kernel.spawn(middle);
        ScriptedTask outer = ScriptedTask.of("outer", log, new SystemCall.WaitTask(2)); // 3 waits for 2
        kernel.spawn(outer);
        kernel.run(10);
        assertThat(kernel.waitsOn(2)).isEqualTo(1);

        assertThat(kernel.kill(2)).isTrue();

        assertThat(log).containsExactly("middle cleanup");
        assertThat(kernel.waitsOn(2)).isNull();
        kernel.run(10);
        assertThat(outer.answers).containsExactly(true); // woken, and then it ended
        assertThat(exits).containsExactly("2 CANCELLED", "3 COMPLETED");
        // task 1 ending later does not touch the dead waiter
        kernel.kill(1);
        assertThat(kernel.run(10)).isEqualTo(Kernel.Status.FINISHED);
        assertThat(kernel.count(TaskState.SUSPENDED)).isZero();
    }

    @Test
    void killingASleepingTaskRunsItsCleanupAndDoesNotMoveTheClock() {
        kernel.spawn(ScriptedTask.of("a", log, new SystemCall.WaitTask(2))); // 1 and 2 wait for each other
        kernel.spawn(ScriptedTask.of("b", log, new SystemCall.WaitTask(1)));
        kernel.spawn(ScriptedTask.of("sleeper", log, new SystemCall.Sleep(1_000_000))); // 3
        kernel.spawn(ScriptedTask.of("waiter", log, new SystemCall.WaitTask(3), null)); // 4, not yet run
        kernel.run(3);
        assertThat(kernel.waitsOn(3)).isEqualTo(1_000_003L);

        kernel.kill(3);

        assertThat(log).containsExactly("sleeper cleanup");
        assertThat(kernel.run(100)).isEqualTo(Kernel.Status.DEADLOCKED);
        // the dead sleeper's wake-up tick is neither waited for nor counted as a way out of the deadlock
        assertThat(kernel.now()).isLessThan(10);
        assertThat(kernel.deadlockReport().cycles()).hasSize(1);
    }

    @Test
    void aTaskKilledBySystemCallWhileSleepingIsClosedAndItsSleepForgotten() {
        kernel.spawn(ScriptedTask.of("sleeper", log, new SystemCall.Sleep(50)));
        ScriptedTask killer = ScriptedTask.of("killer", log, new SystemCall.KillTask(1), new SystemCall.KillTask(1));
        kernel.spawn(killer);

        assertThat(kernel.run(100)).isEqualTo(Kernel.Status.FINISHED);

        assertThat(killer.answers).containsExactly(true, false);
        assertThat(log).containsExactly("sleeper cleanup");
        assertThat(kernel.now()).isLessThan(50);
    }

    @Test
    void aTaskCanKillItself() {
        ScriptedTask self = ScriptedTask.of("self", log, SystemCall.GET_TID, new SystemCall.KillTask(1), null);
        kernel.spawn(self);
        kernel.spawn(ScriptedTask.of("other", log, null, null));

        assertThat(kernel.run(100)).isEqualTo(Kernel.Status.FINISHED);

        assertThat(log).containsExactly("self cleanup");
        assertThat(exits).containsExactly("1 CANCELLED", "2 COMPLETED");
    }

    @Test
    void anExceptionInOneTaskFailsOnlyThatTask() {
        kernel.spawn(new ScriptedTask("thrower", log, i -> {
            if (i == 2) {
                throw new IllegalStateException("boom in step 2");
            }
            return null;
        }));
        kernel.spawn(ScriptedTask.of("survivor", log, null, null, null, null, null));
        kernel.spawn(ScriptedTask.of("bad-spawn", log, new SystemCall.NewTask(null)));

        assertThat(kernel.run(100)).isEqualTo(Kernel.Status.FINISHED);

        assertThat(exits).containsExactly(
                "3 FAILED: NewTask needs a task body, got null",
                "1 FAILED: boom in step 2",
                "2 COMPLETED");
        assertThat(tracker.finishedTotal(TaskKind.SIMULATION, TaskOutcome.FAILED)).isEqualTo(2);
    }

    @Test
    void aTaskThatSwallowsCloseAndYieldsIsReportedFailed() {
        kernel.spawn(new StubbornTask());
        kernel.spawn(ScriptedTask.spinning("bystander", log));
        kernel.run(5);

        assertThat(kernel.kill(1)).isTrue();

        assertThat(exits).singleElement().asString()
                .startsWith("1 FAILED: ").contains("stubborn").contains("yielded after close");
        assertThat(kernel.isAlive(1)).isFalse();
        assertThat(kernel.run(5)).isEqualTo(Kernel.Status.BUDGET_EXHAUSTED); // the rest goes on
    }

    @Test
    void aCoroutineThatIgnoresCloseIsDroppedAndReported() {
        kernel.spawn(new DeafTask());
        kernel.run(3);

        assertThat(kernel.kill(1)).isTrue();

        assertThat(exits).containsExactly(
                "1 FAILED: task 1 (deaf) ignored close and is still SUSPENDED; the kernel dropped it");
        assertThat(kernel.alive()).isZero();
    }

    @Test
    void killAllClosesEveryWaitingSleepingAndReadyTask() {
        kernel.spawn(ScriptedTask.spinning("ready", log));
        kernel.spawn(ScriptedTask.of("sleeping", log, new SystemCall.Sleep(99)));
        kernel.spawn(ScriptedTask.of("waiting", log, new SystemCall.WaitTask(1)));
        kernel.run(5);

        kernel.killAll();

        assertThat(log).containsExactlyInAnyOrder("ready cleanup", "sleeping cleanup", "waiting cleanup");
        assertThat(kernel.alive()).isZero();
        assertThat(kernel.run(10)).isEqualTo(Kernel.Status.FINISHED);
    }

    /** Catches the close and tries to keep going: Python's "generator ignored GeneratorExit". */
    private static final class StubbornTask extends StacklessCoroutine<Object, SystemCall, Object>
            implements SystemCall.Body {
        @Override
        protected void step(Object sent) {
            yieldValue(null);
        }

        @Override
        protected void onClose() {
            yieldValue(null);
        }

        @Override
        public String name() {
            return "stubborn";
        }
    }

    /** A hand-written coroutine whose close does nothing at all. */
    private static final class DeafTask implements SystemCall.Body {
        private boolean started;

        @Override
        public boolean resume(Object value) {
            started = true;
            return true;
        }

        @Override
        public SystemCall yielded() {
            return null;
        }

        @Override
        public Object returnValue() {
            return null;
        }

        @Override
        public SystemCall throwInto(Throwable exception) {
            return null;
        }

        @Override
        public void close() {
        }

        @Override
        public CoroutineState state() {
            return started ? CoroutineState.SUSPENDED : CoroutineState.CREATED;
        }

        @Override
        public String name() {
            return "deaf";
        }
    }
}
