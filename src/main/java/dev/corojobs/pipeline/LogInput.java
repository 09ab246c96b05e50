package dev.corojobs.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where a job's log comes from, and what to release once the job is over. */
public interface LogInput {

    /** Opens the log for reading from the start. */
    InputStream open() throws IOException;

    /** The log as a file channel, when it is a file (read faster, by mapping); null otherwise. */
    default FileChannel openChannel() throws IOException {
        return null;
    }

    /** Size in bytes as stored (compressed if gzip), or -1 if unknown. */
    long size();

    /** Called once when the job is over, however it ended. */
    default void release() {
    }

    /** A file that stays where it is. */
    static LogInput file(Path path) {
        return file(path, false);
    }

    /** A file, deleted once the job is over when {@code deleteWhenDone} (an upload's temp file). */
    static LogInput file(Path path, boolean deleteWhenDone) {
        return new LogInput() {
            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(path);
            }

            @Override
            public FileChannel openChannel() throws IOException {
                return FileChannel.open(path, StandardOpenOption.READ);
            }

            @Override
            public long size() {
                try {
                    return Files.size(path);
                } catch (IOException e) {
                    return -1;
                }
            }

            @Override
            public void release() {
                if (deleteWhenDone) {
                    try {
                        Files.deleteIfExists(path);
                    } catch (IOException ignored) {
                        // a temp file left behind is not worth failing a finished job for
                    }
                }
            }

            @Override
            public String toString() {
                return path.toString();
            }
        };
    }
}
