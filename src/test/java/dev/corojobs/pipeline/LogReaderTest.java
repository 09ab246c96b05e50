package dev.corojobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogReaderTest {

    @TempDir
    Path dir;

    /** The slices as text, asserting each ends at a line end (except the last). */
    private static List<String> slices(LogReader reader, boolean recycle) throws IOException {
        List<String> slices = slicesAsIs(reader, recycle);
        for (int i = 0; i < slices.size() - 1; i++) {
            assertThat(slices.get(i)).endsWith("\n");
        }
        return slices;
    }

    private static List<String> slicesAsIs(LogReader reader, boolean recycle) throws IOException {
        List<String> slices = new ArrayList<>();
        try (reader) {
            for (LogBatch batch = reader.next(); batch != null; batch = reader.next()) {
                if (batch.end == batch.start) {
                    continue; // skipping the tail of an over-long line
                }
                slices.add(new String(batch.data, batch.start, batch.end - batch.start, StandardCharsets.ISO_8859_1));
                if (recycle) {
                    reader.recycle(batch);
                }
            }
        }
        return slices;
    }

    @Test
    void mappedFilesStreamsAndGzipGiveTheSameBytesInWholeLines() throws IOException {
        byte[] log = AccessLogs.fixtureBytes("apache_logs-excerpt.log");
        Path plain = Files.write(dir.resolve("plain.log"), log);
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
            gzip.write(log);
        }
        Path gz = Files.write(dir.resolve("log.gz"), packed.toByteArray());
        String expected = new String(log, StandardCharsets.ISO_8859_1);
        for (int batch : new int[] {64, 1000, 1 << 16}) {
            for (boolean recycle : new boolean[] {false, true}) {
                LogReader mapped = new LogReader(FileChannel.open(plain), batch, 1 << 20);
                assertThat(mapped.gzip()).isFalse();
                assertThat(String.join("", slices(mapped, recycle))).isEqualTo(expected);
                assertThat(String.join("", slices(new LogReader(new ByteArrayInputStream(log), batch, 1 << 20), recycle)))
                        .isEqualTo(expected);
                LogReader inflated = new LogReader(FileChannel.open(gz), batch, 1 << 20);
                assertThat(inflated.gzip()).isTrue();
                assertThat(String.join("", slices(inflated, recycle))).isEqualTo(expected);
            }
        }
    }

    @Test
    void anEmptyFileHasNoSlices() throws IOException {
        Path empty = Files.write(dir.resolve("empty.log"), new byte[0]);
        assertThat(slices(new LogReader(FileChannel.open(empty), 64, 1024), false)).isEmpty();
        assertThat(slices(new LogReader(new ByteArrayInputStream(new byte[0]), 64, 1024), false)).isEmpty();
    }

    @Test
    void aLineLongerThanTheLimitIsCutAndItsTailDropped() throws IOException {
        byte[] longLine = new byte[5000];
        Arrays.fill(longLine, (byte) 'x');
        String text = "first\n" + new String(longLine, StandardCharsets.US_ASCII) + "\nlast\n";
        List<String> slices = slicesAsIs(new LogReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)),
                256, 1024), false);
        String all = String.join("", slices);
        assertThat(all).startsWith("first\n").endsWith("last\n");
        assertThat(all.length()).isLessThan(text.length());
        AccessLogs.Parsed parsed = AccessLogs.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)),
                LogFormat.AUTO, 256);
        assertThat(parsed.lines()).as("first, the cut long line, last").isEqualTo(3);
    }

    @Test
    void anEndlessLineInAGzipBombReturnsControlOncePerBuffer() throws IOException {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gzip.write(zeros);
            }
        }
        int maxLine = 64 * 1024;
        LogReader reader = new LogReader(new ByteArrayInputStream(packed.toByteArray()), 4096, maxLine);

        long calls = 0;
        long before = 0;
        for (LogBatch batch = reader.next(); batch != null; batch = reader.next()) {
            calls++;
            assertThat(reader.bytesRead() - before).as("bytes inflated by one call").isLessThanOrEqualTo(maxLine);
            before = reader.bytesRead();
        }

        assertThat(reader.bytesRead()).isEqualTo(64L << 20);
        assertThat(calls).isGreaterThan((64L << 20) / maxLine / 2);
    }
}
