package dev.corojobs.simulation;

import static dev.corojobs.simulation.Programs.example;
import static dev.corojobs.simulation.Programs.json;
import static dev.corojobs.simulation.Programs.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corojobs.SeedTrace;
import dev.corojobs.runtime.TaskKind;
import dev.corojobs.runtime.TaskState;
import dev.corojobs.runtime.TaskTracker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulationTest {

    static final List<String> SEED_TRACE = SeedTrace.LINES;

    @Test
    void seedExamplePrintsTheSeedsNineteenLines() {
        Programs.Outcome outcome = run(example("seed"));

        assertThat(outcome.failure()).isNull();
        assertThat(outcome.trace()).containsExactlyElementsOf(SEED_TRACE);
        assertThat(outcome.result()).containsEntry("traceLines", 19L).containsEntry("tasksStarted", 3).containsEntry("tasksAlive", 0);
        assertThat(outcome.tasks()).extracting(TaskSummary::task).containsExactly("foo", "bar", "foo");
        assertThat(outcome.tasks()).extracting(TaskSummary::parent).containsExactly(null, null, 2);
        // bar kills task 1 while it is still alive (it would end at its next step): as in the seed, task 1
        // ends killed and bar's KillTask answers true (the "false" is not what the seed does).
        assertThat(outcome.tasks()).extracting(TaskSummary::ended).containsExactly("killed", "completed", "completed");
        assertThat(outcome.fullTrace()).isEqualTo(String.join("\n", SEED_TRACE) + "\n");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theResultCarriesATimelineOfSchedulingEvents() {
        Map<String, Object> timeline = (Map<String, Object>) run(example("seed")).result().get("timeline");

        List<String> events = (List<String>) timeline.get("event");
        List<Integer> tids = (List<Integer>) timeline.get("tid");
        List<Long> targets = (List<Long>) timeline.get("target");
        List<Long> ticks = (List<Long>) timeline.get("tick");
        assertThat(events.stream().filter("step"::equals)).hasSize(20);
        assertThat(events.stream().filter("exit"::equals)).hasSize(3);
        int kill = events.indexOf("kill");
        assertThat(tids.get(kill)).isEqualTo(2);
        assertThat(targets.get(kill)).isEqualTo(1L);
        int spawnOfChild = events.lastIndexOf("spawn");
        assertThat(tids.get(spawnOfChild)).isEqualTo(2);
        assertThat(targets.get(spawnOfChild)).isEqualTo(3L);
        assertThat(ticks).isSorted();
        assertThat(timeline).containsEntry("truncated", false);

        Map<String, Object> sleepy = (Map<String, Object>) run(example("wait-and-sleep")).result().get("timeline");
        assertThat((List<String>) sleepy.get("event")).contains("sleep", "wait");
    }

    @Test
    void noTimelineWhenPrintingIsOffAndAtMostTheLimitOtherwise() {
        Map<String, Object> quiet = json("""
                {'tasks': {'t': [{'op': 'repeat', 'times': 100, 'body': [{'op': 'yield'}]}]},
                 'start': [{'task': 't', 'count': 100}], 'traceLimit': 0}""");
        assertThat(run(quiet).result()).doesNotContainKey("timeline");

        Map<String, Object> loud = new java.util.LinkedHashMap<>(quiet);
        loud.put("traceLimit", 10);
        @SuppressWarnings("unchecked")
        Map<String, Object> timeline = (Map<String, Object>) run(loud).result().get("timeline");
        assertThat((List<?>) timeline.get("tick")).hasSize(SimulationLimits.DEFAULTS.timelineLimit());
        assertThat(timeline).containsEntry("truncated", true);
    }

    @Test
    void seedKillAnswersTrue() {
        Map<String, Object> program = example("seed");
        @SuppressWarnings("unchecked")
        List<Object> bar = (List<Object>) ((Map<String, Object>) program.get("tasks")).get("bar");
        List<Object> withPrint = new java.util.ArrayList<>(bar);
        withPrint.add(Map.of("op", "print", "text", "killed 1: {killed}"));
        Map<String, Object> tasks = new java.util.LinkedHashMap<>((Map<String, Object>) program.get("tasks"));
        tasks.put("bar", withPrint);

        Programs.Outcome outcome = run(Map.of("tasks", tasks, "start", program.get("start")));

        assertThat(outcome.trace()).contains("killed 1: true");
    }

    @Test
    void sameProgramGivesTheSameTrace() {
        for (String name : List.of("seed", "wait-and-sleep", "spawn-many", "fork-join", "kill-sleeper")) {
            Programs.Outcome first = run(example(name));
            Programs.Outcome second = run(example(name), SimulationLimits.DEFAULTS.withSliceSteps(1000));
            assertThat(second.result()).as(name).isEqualTo(first.result());
            assertThat(second.fullTrace()).as(name).isEqualTo(first.fullTrace());
        }
    }

    @Test
    void waitSuspendsUntilTheTargetEndsAndSleepUsesTheVirtualClock() {
        Programs.Outcome outcome = run(example("wait-and-sleep"));

        assertThat(outcome.trace()).containsExactly(
                "quick 2 sleeps 3 ticks",
                "parent 1 waits for task 3",
                "slow 3 sleeps 100 ticks",
                "quick 2 woke up",
                "Task 2 terminated",
                "slow 3 woke up",
                "Task 3 terminated",
                "parent 1: task 3 is done (waited: true)",
                "parent 1: task 2 was already gone (waited: false)",
                "Task 1 terminated");
        // the clock jumped to tick 100-odd while everyone slept, without running 100 steps
        assertThat((Long) outcome.result().get("ticks")).isGreaterThan(100L);
        assertThat((Long) outcome.result().get("steps")).isLessThan(20L);
    }

    @Test
    void killingASleeperWakesItsWaiterAndASecondKillAnswersFalse() {
        Programs.Outcome outcome = run(example("kill-sleeper"));

        assertThat(outcome.trace()).containsExactly(
                "sleeper 2 sleeps 1000 ticks",
                "watcher waits for task 2",
                "guard kills task 2",
                "Task 2 terminated",
                "watcher: task 2 is gone (waited: true)",
                "Task 3 terminated",
                "guard: killed 2: true",
                "guard: killed 2 again: false",
                "Task 1 terminated");
        assertThat(outcome.tasks()).extracting(TaskSummary::ended).containsExactly("completed", "killed", "completed");
        assertThat((Long) outcome.result().get("ticks")).isLessThan(100L);
    }

    @Test
    void spawnedTasksRunBeforeTheirParentIsRescheduled() {
        Programs.Outcome outcome = run(json("""
                {'tasks': {'parent': [{'op': 'spawn', 'task': 'child', 'into': 'c'}, {'op': 'print', 'text': 'parent got {c}'}],
                           'child': [{'op': 'print', 'text': 'child runs'}]},
                 'start': ['parent']}"""));

        assertThat(outcome.trace()).containsExactly("child runs", "Task 2 terminated", "parent got 2", "Task 1 terminated");
    }

    @Test
    void forkJoinTreeJoinsEveryChild() {
        Programs.Outcome outcome = run(example("fork-join"));

        assertThat(outcome.trace()).contains("branch 2: leaves 4 and 5 joined", "branch 3: leaves 6 and 7 joined",
                "root 1: branches 2 and 3 joined");
        assertThat(outcome.trace().getLast()).isEqualTo("Task 1 terminated");
        assertThat(outcome.result()).containsEntry("tasksStarted", 7);
    }

    @Test
    void spawnManyStartsAThousandTasksAndKeepsTheTraceLimit() {
        Programs.Outcome outcome = run(example("spawn-many"));

        assertThat(outcome.result()).containsEntry("tasksStarted", 1000).containsEntry("traceLines", 2000L);
        assertThat(outcome.trace()).hasSize(50);
        assertThat(outcome.tasks()).hasSize(1000).allSatisfy(task -> assertThat(task.steps()).isEqualTo(5));
        assertThat(outcome.fullTrace().lines()).hasSize(2000).endsWith("worker 1000 done", "Task 1000 terminated");
    }

    @Test
    void exceedingMaxStepsFailsWithThePartialTrace() {
        Programs.Outcome outcome = run(example("max-steps"));

        assertThat(outcome.failure()).isNotNull();
        assertThat(outcome.failure().reason()).isEqualTo(SimulationFailedException.Reason.MAX_STEPS_EXCEEDED);
        assertThat(outcome.failure().getMessage()).contains("maxSteps (25)");
        assertThat(outcome.trace()).hasSize(25).startsWith("count 0", "count 1").endsWith("count 24");
        assertThat(outcome.result()).containsEntry("steps", 25L).containsKey("failure");
        assertThat(outcome.tasks()).singleElement().satisfies(task -> assertThat(task.state()).isEqualTo("ready"));
        assertThat(outcome.work().partialResult()).isEqualTo(outcome.result());
    }

    @Test
    void tasksThatWaitForEachOtherFailAsADeadlock() {
        Programs.Outcome outcome = run(example("deadlock"));

        assertThat(outcome.failure().reason()).isEqualTo(SimulationFailedException.Reason.DEADLOCK);
        assertThat(outcome.failure().getMessage()).contains("task 1 waits for 2, 2 waits for 1");
        assertThat(outcome.failure().deadlock().cycles()).hasSize(1);
        assertThat(outcome.trace()).containsExactly("first waits for task 2", "second waits for task 1");
    }

    @Test
    void recursiveSpawnsStopAtTheTaskCap() {
        Programs.Outcome outcome = run(json("""
                {'tasks': {'bomb': [{'op': 'spawn', 'task': 'bomb'}, {'op': 'spawn', 'task': 'bomb'}]}, 'start': ['bomb']}"""),
                SimulationLimits.DEFAULTS.withMaxTasks(50).withSliceSteps(10));

        assertThat(outcome.failure().reason()).isEqualTo(SimulationFailedException.Reason.TASK_CAP_EXCEEDED);
        assertThat(outcome.result()).containsEntry("tasksStarted", 50);
    }

    @Test
    void aRepeatWithoutYieldFailsItsTaskInsteadOfHangingTheKernel() {
        Programs.Outcome outcome = run(json("""
                {'tasks': {'spin': [{'op': 'repeat', 'times': 2000000000, 'body': []}]}, 'start': ['spin'], 'traceLimit': 0}"""));

        assertThat(outcome.failure()).isNull();
        assertThat(outcome.tasks()).singleElement().satisfies(task -> {
            assertThat(task.ended()).isEqualTo("failed");
            assertThat(task.message()).contains("without yielding");
        });
    }

    @Test
    void printOffCountsLinesWithoutKeepingThem() {
        Programs.Outcome outcome = run(json("""
                {'tasks': {'t': [{'op': 'getTid', 'into': 'me'}, {'op': 'print', 'text': 'hello {me}'}]},
                 'start': [{'task': 't', 'count': 10}], 'traceLimit': 0}"""));

        assertThat(outcome.trace()).isEmpty();
        assertThat(outcome.result()).containsEntry("traceLines", 20L);
        assertThat(outcome.fullTrace()).isEmpty();
    }

    @Test
    void tinyPackedAndPlainTasksBehaveAlike() {
        Map<String, Object> program = json("""
                {'tasks': {'t': [{'op': 'getTid', 'into': 'me'}, {'op': 'print', 'text': 'task {me}'},
                                 {'op': 'spawn', 'task': 'u', 'into': 'me'}, {'op': 'print', 'text': 'spawned {me}'},
                                 {'op': 'wait', 'tid': '{me}'}, {'op': 'print', 'text': 'waited for {me}'}],
                           'u': [{'op': 'repeat', 'times': 3, 'var': 'i', 'body': [{'op': 'print', 'text': 'u {i}'}, {'op': 'yield'}]}],
                           'v': [{'op': 'repeat', 'times': 1500, 'body': [{'op': 'yield'}]}]},
                 'start': [{'task': 't', 'count': 3}, 'v']}""");
        SimulationLimits limits = SimulationLimits.DEFAULTS;
        CompiledProgram compiled = ProgramCompiler.compile(program, limits);
        // t holds task ids (packed, not tiny), u a small counter (tiny), v a counter over 1023 (packed, not tiny)
        assertThat(compiled.tasks()).extracting(TaskCode::tiny).containsExactly(false, true, false);
        assertThat(compiled.tasks()).extracting(TaskCode::packable).containsExactly(true, true, true);
        CompiledProgram plain = new CompiledProgram(compiled.tasks().stream()
                .map(c -> new TaskCode(c.name(), c.index(), c.code(), c.templates(), c.calls(), c.slots(), false, false))
                .toList(), compiled.start(), compiled.maxSteps(), compiled.traceLimit(), compiled.maxTasks());
        CompiledProgram packedOnly = new CompiledProgram(compiled.tasks().stream()
                .map(c -> new TaskCode(c.name(), c.index(), c.code(), c.templates(), c.calls(), c.slots(), c.packable(), false))
                .toList(), compiled.start(), compiled.maxSteps(), compiled.traceLimit(), compiled.maxTasks());

        Programs.Outcome specialized = run(compiled, limits);

        assertThat(specialized.trace()).contains("task 1", "spawned 5", "u 2", "waited for 5");
        assertThat(run(plain, limits).result()).isEqualTo(specialized.result());
        assertThat(run(packedOnly, limits).result()).isEqualTo(specialized.result());
        assertThat(ProgramCompiler.compile(program, limits.withMaxTasks(TaskCode.PACKED_MAX_VALUE + 1)).tasks())
                .extracting(TaskCode::packable).containsExactly(false, true, true);
    }

    @Test
    void booleanAndBraceInterpolation() {
        Programs.Outcome outcome = run(json("""
                {'tasks': {'t': [{'op': 'wait', 'tid': 42, 'into': 'w'}, {'op': 'print', 'text': '{{w}} = {w}, {{}}'}]},
                 'start': ['t']}"""));

        assertThat(outcome.trace()).startsWith("{w} = false, {}");
    }

    @Test
    void closingStopsTheKernelAndUnregistersIt() {
        TaskTracker tracker = new TaskTracker();
        SimulationLimits limits = SimulationLimits.DEFAULTS.withSliceSteps(100);
        SimulationWork work = new SimulationWork(ProgramCompiler.compile(json("""
                {'tasks': {'t': [{'op': 'repeat', 'times': 1000000, 'body': [{'op': 'yield'}]}]},
                 'start': [{'task': 't', 'count': 10}]}"""), limits), limits, tracker);
        work.resume(null);
        work.resume(null);
        assertThat(tracker.live(TaskKind.SIMULATION, TaskState.READY)).isEqualTo(10);

        work.close();

        assertThat(tracker.live(TaskKind.SIMULATION, TaskState.READY)).isZero();
        assertThat(tracker.finishedTotal(TaskKind.SIMULATION, dev.corojobs.runtime.TaskOutcome.CANCELLED)).isEqualTo(10);
        assertThat(work.partialResult()).containsEntry("tasksAlive", 0);
    }
}
