package dev.corojobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corojobs.runtime.TaskKind;
import dev.corojobs.runtime.TaskOutcome;
import dev.corojobs.runtime.TaskState;
import dev.corojobs.runtime.TaskTracker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ThreadedShutdownTest {

    private static long pipelineThreads(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("corojobs-" + name + "-")).count();
    }

    @Test
    void cancellingAThreadedRunStopsEveryWorker() {
        TaskTracker tracker = new TaskTracker();
        AtomicBoolean released = new AtomicBoolean();
        LogAnalysisWork work = new LogAnalysisWork(AccessLogs.endlessExcerpt(released),
                new PipelineSpec(PipelineMode.THREADED, LogFormat.AUTO, PipelineSpec.defaultBranches()),
                new PipelineSettings(2, 4096, 5, 1 << 20), tracker, "cancel-me");
        for (int i = 0; i < 20; i++) {
            assertThat(work.resume(null)).isTrue();
        }
        assertThat(work.yielded()).containsKeys("linesRead", "bytesRead");
        assertThat(pipelineThreads("cancel-me")).isEqualTo(2 + 5 * 3);
        // each state is read racily while the workers run, so only the order of magnitude is certain
        long live = 0;
        for (TaskState state : TaskState.values()) {
            live += tracker.live(TaskKind.PIPELINE, state);
        }
        assertThat(live).isPositive();

        work.close();

        assertThat(work.liveThreads()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> pipelineThreads("cancel-me") == 0);
        assertThat(released).isTrue();
        assertThat(tracker.groups()).isEmpty();
        assertThat(tracker.finishedTotal(TaskKind.PIPELINE, TaskOutcome.CANCELLED)).isEqualTo(2 + 5 * 3);
    }

    @Test
    void inlineStagesAreSuspendedTasksBetweenSteps() {
        TaskTracker tracker = new TaskTracker();
        LogAnalysisWork work = new LogAnalysisWork(AccessLogs.endlessExcerpt(new AtomicBoolean()), new PipelineSpec(PipelineMode.INLINE, LogFormat.AUTO, PipelineSpec.defaultBranches()),
                new PipelineSettings(2, 4096, 5, 1 << 20), tracker, "inline-tasks");
        for (int i = 0; i < 5; i++) {
            work.resume(null);
        }
        assertThat(tracker.live(TaskKind.PIPELINE, TaskState.SUSPENDED)).isEqualTo(2 + 5 * 3);
        assertThat(tracker.live(TaskKind.PIPELINE, TaskState.RUNNING)).isZero();
        work.close();
        assertThat(tracker.groups()).isEmpty();
        assertThat(tracker.finishedTotal(TaskKind.PIPELINE, TaskOutcome.CANCELLED)).isEqualTo(2 + 5 * 3);
    }

    @Test
    void progressGrowsWhileItRuns() {
        LogAnalysisWork work = new LogAnalysisWork(AccessLogs.endlessExcerpt(new AtomicBoolean()), new PipelineSpec(PipelineMode.INLINE, LogFormat.AUTO, PipelineSpec.defaultBranches()),
                new PipelineSettings(2, 4096, 5, 1 << 20), new TaskTracker(), "progress");
        work.resume(null);
        work.resume(null);
        long first = (long) work.yielded().get("bytesRead");
        work.resume(null);
        long second = (long) work.yielded().get("bytesRead");
        assertThat(second).isGreaterThan(first);
        work.close();
    }

    @Test
    void aFullInboxPushesBack() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        Stage<Object> slow = new Stage<>("slow") {
            @Override
            void accept(Object item) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PipelineInterruptedException();
                }
            }

            @Override
            void flush() {
            }
        };
        StageWorker worker = new StageWorker(slow, 2, "corojobs-slow-stage", (w, e) -> { });
        worker.start();
        assertThat(worker.offer("first", TimeUnit.SECONDS.toNanos(1))).isTrue();
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.offer("queued 1", 0)).isTrue();
        assertThat(worker.offer("queued 2", 0)).isTrue();
        assertThat(worker.offer("no room", TimeUnit.MILLISECONDS.toNanos(20))).isFalse();
        release.countDown();
        assertThat(worker.offer(StageWorker.END, TimeUnit.SECONDS.toNanos(5))).isTrue();
        assertThat(worker.join(5_000)).isTrue();
        assertThat(worker.outcome()).isEqualTo(TaskOutcome.COMPLETED);
    }

    @Test
    void aFailingStageFailsTheJobAndStopsTheOthers() {
        // the branch over client addresses goes past its limit of distinct keys in its reduce stage
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            lines.append("1.2.3.").append(i).append(" - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"\n");
        }
        byte[] log = lines.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        PipelineSpec spec = PipelineSpec.fromJson(Map.of("mode", "threaded", "branches", java.util.List.of(
                Map.of("name", "boom", "groupBy", "ip"),
                Map.of("name", "fine", "groupBy", "status"))));
        TaskTracker tracker = new TaskTracker();
        LogAnalysisWork work = new LogAnalysisWork(Jobs.bytes(log), spec, new PipelineSettings(2, 1024, 5, 1 << 20, 3, 1 << 20),
                tracker, "failing");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            while (work.resume(null)) {
                // until the failure surfaces
            }
        }).hasMessageContaining("reduce[boom]").hasMessageContaining("more than 3 distinct keys (corojobs.pipeline.max-distinct-keys)");
        await().atMost(Duration.ofSeconds(5)).until(() -> pipelineThreads("failing") == 0);
        assertThat(tracker.groups()).isEmpty();
        assertThat(tracker.finishedTotal(TaskKind.PIPELINE, TaskOutcome.FAILED)).isPositive();
    }
}
