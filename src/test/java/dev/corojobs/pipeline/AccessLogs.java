package dev.corojobs.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;

/** Test access to the log fixtures in src/test/resources and, when present, the full logs in ../shared. */
final class AccessLogs {

    private AccessLogs() {
    }

    static InputStream fixture(String name) {
        return Objects.requireNonNull(AccessLogs.class.getResourceAsStream("/accesslogs/" + name), name);
    }

    static byte[] fixtureBytes(String name) {
        try (InputStream in = fixture(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A log under ../shared/data/accesslogs; the test is skipped when that folder is not there. */
    static Path shared(String name) {
        String dir = System.getProperty("corojobs.shared-dir");
        Assumptions.assumeTrue(dir != null, "corojobs.shared-dir is not set");
        Path path = Path.of(dir, "data", "accesslogs", name);
        Assumptions.assumeTrue(Files.isRegularFile(path), path + " is not there");
        return path;
    }

    /** What parsing a whole stream gave. */
    record Parsed(long lines, long parsed, List<MalformedLine> malformed, List<LogBatch> batches) {

        List<Long> malformedLineNumbers() {
            return malformed.stream().map(MalformedLine::line).toList();
        }
    }

    /** Reads and parses a whole stream in batches of {@code batchBytes}. */
    static Parsed parse(InputStream in, LogFormat format, int batchBytes) {
        AccessLogParser parser = new AccessLogParser(format);
        List<MalformedLine> malformed = new ArrayList<>();
        List<LogBatch> batches = new ArrayList<>();
        long lines = 0;
        long parsed = 0;
        try (LogReader reader = new LogReader(in, batchBytes, Math.max(batchBytes, 1024))) {
            for (LogBatch batch = reader.next(); batch != null; batch = reader.next()) {
                batch.firstLineNumber = lines + 1;
                parser.parse(batch, (number, reason, data, start, end) ->
                        malformed.add(new MalformedLine(number, reason, ParseStage.sampleText(data, start, end))));
                lines += batch.lines();
                parsed += batch.parsed();
                batches.add(batch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Parsed(lines, parsed, malformed, batches);
    }

    /** An endless log: the excerpt over and over; {@code closed} turns true when it is closed or released. */
    static LogInput endlessExcerpt(AtomicBoolean closed) {
        byte[] chunk = AccessLogs.fixtureBytes("apache_logs-excerpt.log");
        return new LogInput() {
            @Override
            public InputStream open() {
                return new InputStream() {
                    private long position;

                    @Override
                    public int read() {
                        return chunk[(int) (position++ % chunk.length)] & 0xff;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        for (int i = 0; i < len; i++) {
                            b[off + i] = chunk[(int) (position++ % chunk.length)];
                        }
                        return len;
                    }

                    @Override
                    public void close() {
                        closed.set(true);
                    }
                };
            }

            @Override
            public long size() {
                return -1;
            }

            @Override
            public void release() {
                closed.set(true);
            }
        };
    }
}
