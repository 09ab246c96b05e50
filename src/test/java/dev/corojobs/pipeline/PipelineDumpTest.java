package dev.corojobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corojobs.runtime.TaskDump;
import dev.corojobs.runtime.TaskGroup;
import dev.corojobs.runtime.TaskKind;
import dev.corojobs.runtime.TaskState;
import dev.corojobs.runtime.TaskTracker;
import dev.corojobs.runtime.WaitTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A pipeline's stages in task dumps: threaded stages show what queue they wait on. */
class PipelineDumpTest {

    private static List<TaskDump> dump(TaskGroup group) {
        List<TaskDump> tasks = new ArrayList<>();
        group.dump(0, 0, 1000, tasks::add);
        return tasks;
    }

    @Test
    void threadedStagesAreDumpedAndAnIdleOneWaitsOnItsEmptyInbox() {
        LogAnalysisWork work = new LogAnalysisWork(AccessLogs.endlessExcerpt(new AtomicBoolean()),
                new PipelineSpec(PipelineMode.THREADED, LogFormat.AUTO, PipelineSpec.defaultBranches()),
                new PipelineSettings(2, 4096, 5, 1 << 20), new TaskTracker(), "dump-me");
        assertThat(work.taskGroups()).isEmpty();
        try {
            for (int i = 0; i < 5; i++) {
                assertThat(work.resume(null)).isTrue();
            }
            TaskGroup stages = work.taskGroups().getFirst();
            assertThat(stages.dumpable()).isTrue();

            // not fed any more, every stage drains its inbox and then waits on it
            await().untilAsserted(() -> assertThat(dump(stages)).hasSize(17).allSatisfy(task -> {
                assertThat(task.state()).isEqualTo(TaskState.SUSPENDED);
                assertThat(task.waitsOn()).isInstanceOf(WaitTarget.Queue.class);
                assertThat(((WaitTarget.Queue) task.waitsOn()).name()).startsWith("inbox of ").endsWith("(empty)");
            }));
            List<TaskDump> tasks = dump(stages);
            assertThat(tasks).extracting(TaskDump::id).startsWith(1, 2, 3);
            assertThat(tasks).allSatisfy(task -> {
                assertThat(task.kind()).isEqualTo(TaskKind.PIPELINE);
                assertThat(task.runs()).isPositive();
                assertThat(task.chain()).containsExactly(task.name());
                assertThat(task.clock()).isEqualTo(TaskDump.Clock.MILLISECONDS);
            });
            List<TaskDump> page = new ArrayList<>();
            long cursor = stages.dump(0, 15, 1, page::add);
            assertThat(page).extracting(TaskDump::id).containsExactly(16);
            assertThat(cursor).isEqualTo(16);
        } finally {
            work.close();
        }
        // a closed work drops its pipeline (a finished job keeps only its result): nothing is left to dump
        assertThat(work.taskGroups()).isEmpty();
        assertThat(work.liveThreads()).isZero();
    }

    @Test
    void inlineStagesAreDumpedSuspendedBetweenSteps() {
        LogAnalysisWork work = new LogAnalysisWork(AccessLogs.endlessExcerpt(new AtomicBoolean()),
                new PipelineSpec(PipelineMode.INLINE, LogFormat.AUTO, PipelineSpec.defaultBranches()),
                new PipelineSettings(2, 4096, 5, 1 << 20), new TaskTracker(), "dump-inline");
        try {
            for (int i = 0; i < 3; i++) {
                assertThat(work.resume(null)).isTrue();
            }
            List<TaskDump> tasks = dump(work.taskGroups().getFirst());
            assertThat(tasks).hasSize(17).allSatisfy(task -> {
                assertThat(task.state()).isEqualTo(TaskState.SUSPENDED);
                assertThat(task.waitsOn()).isNull();
            });
        } finally {
            work.close();
        }
    }
}
