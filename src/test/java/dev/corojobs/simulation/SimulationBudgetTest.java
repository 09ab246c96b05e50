package dev.corojobs.simulation;

import static dev.corojobs.simulation.Programs.json;
import static dev.corojobs.simulation.Programs.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corojobs.runtime.TaskTracker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One simulation cannot hold more than its budgets: a clear failure instead of a full heap or disk. */
class SimulationBudgetTest {

    @TempDir
    Path spool;

    private static SimulationLimits limits(long maxTraceBytes, long maxTraceFile, SpoolBudget spool, Path dir) {
        SimulationLimits d = SimulationLimits.DEFAULTS;
        return new SimulationLimits(d.maxTasks(), d.maxStepsCap(), d.defaultMaxSteps(), d.maxTraceLimit(),
                d.defaultTraceLimit(), 50, maxTraceFile, d.taskSummaryLimit(), dir, d.timelineLimit(),
                maxTraceBytes, spool);
    }

    private static Map<String, Object> printing(int times, int traceLimit, String text) {
        return json("""
                {'tasks': {'t': [{'op': 'repeat', 'times': %d, 'body': [{'op': 'print', 'text': '%s'}, {'op': 'yield'}]}]},
                 'start': ['t'], 'traceLimit': %d}""".formatted(times, text, traceLimit));
    }

    @Test
    void oneLongPrintIsRefusedBeforeTheJobExists() {
        String huge = "x".repeat(Template.MAX_LINE_LENGTH + 1);

        assertThatThrownBy(() -> ProgramCompiler.compile(printing(1, 10, huge), SimulationLimits.DEFAULTS))
                .isInstanceOf(InvalidProgramException.class)
                .hasMessageContaining("1001 characters; at most 1000");
        String variables = "{i}".repeat(100);
        Map<String, Object> wide = json("""
                {'tasks': {'t': [{'op': 'repeat', 'times': 2, 'var': 'i', 'body': [{'op': 'print', 'text': '%s'}]}]},
                 'start': ['t']}""".formatted(variables));
        assertThatThrownBy(() -> ProgramCompiler.compile(wide, SimulationLimits.DEFAULTS))
                .isInstanceOf(InvalidProgramException.class)
                .hasMessageContaining("renders up to 1100 characters");
    }

    @Test
    void aTraceOverItsMemoryBudgetFailsTheRunAndNamesTheKey() {
        Programs.Outcome outcome = run(printing(1000, 100_000, "y".repeat(500)),
                limits(64 * 1024, 1 << 20, SpoolBudget.unlimited(), spool));

        assertThat(outcome.failure()).isNotNull();
        assertThat(outcome.failure().reason()).isEqualTo(SimulationFailedException.Reason.TRACE_BUDGET_EXCEEDED);
        assertThat(outcome.failure().getMessage()).contains("65536 bytes", "corojobs.simulation.max-trace-bytes");
        assertThat(outcome.trace().size()).isLessThan(140);
    }

    @Test
    void aTraceOverItsSpoolCapFailsTheRunInsteadOfBeingCutSilently() {
        Programs.Outcome outcome = run(printing(1000, 10, "z".repeat(99)),
                limits(1 << 20, 10_000, SpoolBudget.unlimited(), spool));

        assertThat(outcome.failure().reason()).isEqualTo(SimulationFailedException.Reason.TRACE_BUDGET_EXCEEDED);
        assertThat(outcome.failure().getMessage()).contains("10000 bytes", "corojobs.simulation.max-trace-file");
        assertThat(outcome.fullTrace()).contains("recording stopped");
    }

    @Test
    void aFinishedRunDropsItsKernelAndKeepsItsTrace() throws IOException {
        CompiledProgram program = ProgramCompiler.compile(printing(3, 1, "line"), SimulationLimits.DEFAULTS);
        SimulationWork work = new SimulationWork(program, SimulationLimits.DEFAULTS, new TaskTracker());
        assertThat(work.taskGroups()).hasSize(1);
        while (work.resume(null)) {
            // slices
        }

        assertThat(work.taskGroups()).isEmpty();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        work.writeTrace(out);
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly("line", "line", "line", "Task 1 terminated");
    }

    @Test
    void aProgramWithAKnownTaskCountHasASmallMemoryBudget() {
        CompiledProgram bounded = ProgramCompiler.compile(printing(3, 0, "quiet"), SimulationLimits.DEFAULTS);
        Map<String, Object> recursive = json("""
                {'tasks': {'r': [{'op': 'spawn', 'task': 'r'}]}, 'start': ['r'], 'traceLimit': 0}""");
        CompiledProgram unbounded = ProgramCompiler.compile(recursive, SimulationLimits.DEFAULTS);

        assertThat(bounded.maxTasks()).isEqualTo(1);
        assertThat(SimulationLimits.DEFAULTS.memoryBudget(bounded)).isLessThan(1024);
        assertThat(unbounded.maxTasks()).isEqualTo(SimulationLimits.DEFAULTS.maxTasks());
        assertThat(SimulationLimits.DEFAULTS.memoryBudget(unbounded))
                .isEqualTo(SimulationLimits.DEFAULTS.maxTasks() * 96L);
    }
}
