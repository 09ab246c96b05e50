package dev.corojobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class KernelDumpTest {

    private final List<String> log = new ArrayList<>();
    private final Kernel kernel = new Kernel(TaskKind.SIMULATION, new TaskTracker(), null);

    /** Delegates ({@code yield from}) to an inner coroutine that sleeps; its chain shows both. */
    private static final class Outer extends StacklessCoroutine<Object, SystemCall, Object> implements SystemCall.Body {
        private boolean delegated;

        @Override
        protected void step(Object sent) {
            if (!delegated) {
                delegated = true;
                delegateTo(new Inner());
            } else {
                finish(null);
            }
        }

        @Override
        public String name() {
            return "outer";
        }
    }

    private static final class Inner extends StacklessCoroutine<Object, SystemCall, Object> {
        @Override
        protected void step(Object sent) {
            yieldValue(new SystemCall.Sleep(100));
        }

        @Override
        public String name() {
            return "inner";
        }
    }

    private List<TaskDump> dumpAll() {
        List<TaskDump> all = new ArrayList<>();
        assertThat(kernel.dump(0, 0, Integer.MAX_VALUE, all::add)).isEqualTo(-1);
        return all;
    }

    @Test
    void dumpShowsStateWaitTargetRunsParentAndDelegationChain() {
        kernel.spawn(ScriptedTask.of("parent", log,
                new SystemCall.NewTask(ScriptedTask.spinning("child", log)), new SystemCall.WaitTask(3))); // 1
        kernel.spawn(new Outer()); // 2; the child is 3
        kernel.run(6);

        List<TaskDump> dump = dumpAll();

        assertThat(dump).extracting(TaskDump::id).containsExactly(1, 2, 3);
        TaskDump parent = dump.get(0);
        assertThat(parent.state()).isEqualTo(TaskState.SUSPENDED);
        assertThat(parent.waitsOn()).isEqualTo(new WaitTarget.Task(3));
        assertThat(parent.runs()).isEqualTo(2);
        assertThat(parent.chain()).containsExactly("parent");
        TaskDump child = dump.get(2);
        assertThat(child.parent()).isEqualTo(1);
        assertThat(child.state()).isEqualTo(TaskState.READY);
        assertThat(child.waitsOn()).isNull();
        TaskDump outer = dump.get(1);
        assertThat(outer.waitsOn()).isInstanceOf(WaitTarget.Tick.class);
        assertThat(outer.chain()).containsExactly("outer", "inner");
        assertThat(outer.clock()).isEqualTo(TaskDump.Clock.TICKS);
        assertThat(outer.sinceLastRun()).isPositive();
    }

    @Test
    void dumpPagesWithSkipLimitAndCursor() {
        for (int i = 0; i < 10; i++) {
            kernel.spawn(ScriptedTask.spinning("t" + i, log));
        }
        kernel.kill(3);
        List<Integer> ids = new ArrayList<>();

        long cursor = kernel.dump(0, 2, 3, d -> ids.add(d.id()));
        assertThat(ids).containsExactly(4, 5, 6); // 1 and 2 skipped, 3 is dead
        assertThat(kernel.dump(cursor, 0, 100, d -> ids.add(d.id()))).isEqualTo(-1);
        assertThat(ids).containsExactly(4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void dumpFromAnotherThreadRunsOnTheKernelThreadWhileItRuns() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicReference<Thread> kernelThread = new AtomicReference<>();
        kernel.spawn(new ScriptedTask("spinner", log, i -> {
            running.countDown();
            return null;
        }));
        Thread driver = Thread.ofPlatform().start(() -> {
            kernelThread.set(Thread.currentThread());
            kernel.run(Long.MAX_VALUE);
        });
        running.await();
        AtomicReference<Thread> dumpedOn = new AtomicReference<>();

        kernel.dump(0, 0, 10, d -> dumpedOn.set(Thread.currentThread()));

        assertThat(dumpedOn.get()).isSameAs(kernelThread.get());
        kernel.execute(kernel::killAll);
        driver.join(Duration.ofSeconds(10));
        assertThat(driver.isAlive()).isFalse();
    }

    @Test
    void dumpOfAnIdleKernelIsTakenOnTheCallersThread() throws Exception {
        kernel.spawn(ScriptedTask.spinning("idle", log));
        Thread driver = Thread.ofPlatform().start(() -> kernel.run(3));
        driver.join();
        List<TaskDump> dump = new ArrayList<>();

        Thread other = Thread.ofPlatform().start(() -> kernel.dump(0, 0, 10, dump::add));
        other.join();

        assertThat(dump).singleElement().extracting(TaskDump::runs).isEqualTo(3L);
    }

    @Test
    void trackerListsGroupsInRegistrationOrder() {
        TaskTracker tracker = new TaskTracker();
        Kernel a = new Kernel(TaskKind.SIMULATION, tracker, null);
        Kernel b = new Kernel(TaskKind.TCP, tracker, null);
        tracker.register(b);
        tracker.register(a);
        await().until(() -> tracker.groupsInOrder().size() == 2);
        assertThat(tracker.groupsInOrder()).containsExactly(b, a);
    }
}
