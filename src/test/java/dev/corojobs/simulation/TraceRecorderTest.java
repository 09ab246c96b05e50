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
    void linesOverTheFileCapAreCountedAndNoted() throws IOException {
        TraceRecorder trace = new TraceRecorder(1, 20, spool);
        for (int i = 0; i < 10; i++) {
            trace.line("line " + i);
        }

        assertThat(trace.lines()).isEqualTo(10);
        assertThat(trace.dropped()).isEqualTo(7);
        assertThat(read(trace).lines()).containsExactly("line 0", "line 1", "line 2",
                "... (7 more lines not kept: over the trace file cap of 20 bytes)");
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
