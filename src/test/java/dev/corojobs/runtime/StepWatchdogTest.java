package dev.corojobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StepWatchdogTest {

    private final List<String> log = new ArrayList<>();
    private final TaskTracker tracker = new TaskTracker();
    private final List<LongStep> reported = new CopyOnWriteArrayList<>();

    @Test
    void aStepThatHogsItsKernelIsReportedWhileItRunsWithItsTaskAndStack() throws Exception {
        Kernel kernel = new Kernel(TaskKind.SIMULATION, tracker, null);
        tracker.register(kernel);
        AtomicBoolean release = new AtomicBoolean();
        kernel.spawn(ScriptedTask.spinning("quick", log));
        kernel.spawn(new ScriptedTask("hog", log, i -> {
            if (i == 3) {
                while (!release.get()) {
                    Thread.onSpinWait(); // hogs its kernel until the test lets go
                }
            }
            return i < 5 ? null : ScriptedTask.END;
        }));
        Thread driver = Thread.ofPlatform().start(() -> kernel.run(1_000));

        try (StepWatchdog watchdog = new StepWatchdog(tracker, Duration.ofMillis(40), reported::add)) {
            watchdog.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> !reported.isEmpty());
            release.set(true);
            driver.join();

            assertThat(reported).singleElement().satisfies(step -> {
                assertThat(step.nanos()).isGreaterThanOrEqualTo(Duration.ofMillis(40).toNanos());
                assertThat(step.task().id()).isEqualTo(2);
                assertThat(step.task().name()).isEqualTo("hog");
                assertThat(step.task().state()).isEqualTo(TaskState.RUNNING);
                assertThat(step.task().runs()).isEqualTo(4);
                assertThat(step.stack()).anySatisfy(frame ->
                        assertThat(frame.getClassName()).startsWith(StepWatchdogTest.class.getName()));
            });
            assertThat(watchdog.longStepsTotal(TaskKind.SIMULATION)).isEqualTo(1);
        }
    }

    @Test
    void quickStepsAreNotReported() {
        Kernel kernel = new Kernel(TaskKind.SIMULATION, tracker, null);
        tracker.register(kernel);
        kernel.spawn(ScriptedTask.spinning("quick", log));
        StepWatchdog watchdog = new StepWatchdog(tracker, Duration.ofSeconds(1), reported::add);

        for (int i = 0; i < 100; i++) {
            kernel.run(100);
            watchdog.sample(System.nanoTime() + i * Duration.ofMillis(100).toNanos());
        }

        assertThat(reported).isEmpty();
    }
}
