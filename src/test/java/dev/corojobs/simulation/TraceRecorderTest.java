package dev.corojobs.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceRecorderTest {

    @TempDir
    Path spool;

    private static String read(TraceRecorder trace) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        trace.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private long spoolFiles() throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.count();
        }
    }

    @Test
    void keepsTheFirstLinesInMemoryAndSpoolsTheRest() throws IOException {
        TraceRecorder trace = new TraceRecorder(3, 1 << 20, spool);
        for (int i = 0; i < 10; i++) {
            trace.line("line " + i);
        }

        assertThat(trace.kept()).containsExactly("line 0", "line 1", "line 2");
        assertThat(trace.lines()).isEqualTo(10);
        assertThat(spoolFiles()).isEqualTo(1);
        assertThat(read(trace).lines()).hasSize(10).startsWith("line 0").endsWith("line 9");
    }

    @Test
    void aShortTraceNeedsNoFile() throws IOException {
        TraceRecorder trace = new TraceRecorder(10, 1 << 20, spool);
        trace.line("only");

        assertThat(spoolFiles()).isZero();
        assertThat(read(trace)).isEqualTo("only\n");
    }

    @Test
    void theFirstLineOverTheFileCapStopsRecordingWithAReason() throws IOException {
        TraceRecorder trace = new TraceRecorder(1, 20, spool);
        for (int i = 0; i < 10; i++) {
            trace.line("line " + i);
        }

        assertThat(trace.lines()).isEqualTo(10);
        assertThat(trace.failure()).contains("cap of 20 bytes", "corojobs.simulation.max-trace-file", "at line 4");
        assertThat(read(trace).lines()).containsExactly("line 0", "line 1", "line 2",
                "... (recording stopped: " + trace.failure() + ")");
    }

    @Test
    void keptLinesOverTheirByteBudgetStopRecording() {
        TraceRecorder trace = new TraceRecorder(100, 25, 1 << 20, SpoolBudget.unlimited(), spool);
        for (int i = 0; i < 10; i++) {
            trace.line("line " + i); // 7 bytes counted each
        }

        assertThat(trace.kept()).containsExactly("line 0", "line 1", "line 2");
        assertThat(trace.failure()).contains("budget of 25 bytes", "corojobs.simulation.max-trace-bytes");
    }

    @Test
    void theInstanceSpoolBudgetIsSharedAndGivenBackWhenAFileIsDeleted() throws IOException {
        SpoolBudget budget = new SpoolBudget(30);
        TraceRecorder first = new TraceRecorder(0 + 1, Long.MAX_VALUE, 1 << 20, budget, spool);
        TraceRecorder second = new TraceRecorder(1, Long.MAX_VALUE, 1 << 20, budget, spool);
        first.line("kept");
        second.line("kept");
        for (int i = 0; i < 3; i++) {
            first.line("spooled " + i); // 10 bytes each
        }
        assertThat(budget.used()).isEqualTo(30);

        second.line("spooled x");
        assertThat(second.failure()).contains("spool is full", "30 bytes", "max-spool-total");
        assertThat(first.failure()).isNull();

        first.discard();
        assertThat(budget.used()).isZero();
        assertThat(spoolFiles()).isZero();
    }

    @Test
    void aSpoolThatCannotBeWrittenFailsWithTheTrueReasonAndLeavesNoFile() throws IOException {
        Path missing = spool.resolve("not-there");
        TraceRecorder trace = new TraceRecorder(1, 1 << 20, missing);
        trace.line("kept");
        trace.line("spooled");

        assertThat(trace.failure()).startsWith("creating the trace spool file in " + missing + " failed");
        assertThat(spoolFiles()).isZero();
    }

    @Test
    void discardDeletesTheSpoolFile() throws IOException {
        TraceRecorder trace = new TraceRecorder(1, 1 << 20, spool);
        trace.line("kept");
        trace.line("spooled");
        trace.finish();
        assertThat(spoolFiles()).isEqualTo(1);

        trace.discard();
        trace.line("after");

        assertThat(spoolFiles()).isZero();
        assertThat(read(trace).lines()).containsExactly("kept", "... (the rest of this trace was deleted)");
    }

    @Test
    void printingOffOnlyCounts() throws IOException {
        TraceRecorder trace = new TraceRecorder(0, 1 << 20, spool);
        trace.count();
        trace.count();

        assertThat(trace.enabled()).isFalse();
        assertThat(trace.lines()).isEqualTo(2);
        assertThat(read(trace)).isEmpty();
        assertThat(spoolFiles()).isZero();
    }
}
