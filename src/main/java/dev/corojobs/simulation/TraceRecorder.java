package dev.corojobs.simulation;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulation's trace: the first {@code limit} lines in memory (they go into the result), the lines after
 * them spooled to a temporary file up to a byte cap, and a count of every line. With a limit of 0 printing
 * is off: lines are only counted and never built.
 *
 * <p>The spool file is deleted by {@link #discard()}, or when the recorder is no longer reachable (the job
 * record that held it is gone). Writes come from the simulation's thread, reads from request threads.
 */
final class TraceRecorder {

    private static final Cleaner CLEANER = Cleaner.create();

    private final int limit;
    private final long maxSpoolBytes;
    private final Path directory;
    private final List<String> kept;
    private long lines;
    private long dropped;
    private long spooledBytes;
    private Spool spool;
    private Cleaner.Cleanable cleanable;
    private boolean discarded;

    TraceRecorder(int limit, long maxSpoolBytes, Path directory) {
        this.limit = limit;
        this.maxSpoolBytes = maxSpoolBytes;
        this.directory = directory;
        this.kept = new ArrayList<>(Math.min(limit, 1024));
    }

    /** False when printing is off: callers must not build lines, only {@link #count()} them. */
    boolean enabled() {
        return limit > 0;
    }

    /** Counts a line that was not built because printing is off. */
    void count() {
        lines++;
    }

    synchronized void line(String line) {
        lines++;
        if (kept.size() < limit) {
            kept.add(line);
            return;
        }
        if (discarded) {
            return;
        }
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (spooledBytes + bytes.length > maxSpoolBytes || !spool()) {
            dropped++;
            return;
        }
        try {
            spool.out.write(bytes);
            spooledBytes += bytes.length;
        } catch (IOException e) {
            dropped++;
            discard();
        }
    }

    private boolean spool() {
        if (discarded) {
            return false;
        }
        if (spool != null) {
            return spool.out != null;
        }
        try {
            Path file = Files.createTempFile(directory == null ? Path.of(System.getProperty("java.io.tmpdir")) : directory,
                    "corojobs-trace-", ".txt");
            spool = new Spool(file, Files.newOutputStream(file));
        } catch (IOException | UnsupportedOperationException e) {
            spool = new Spool(null, null);
            return false;
        }
        cleanable = CLEANER.register(this, spool);
        return true;
    }

    /** Every line so far. */
    synchronized long lines() {
        return lines;
    }

    /** Lines that were counted but are in neither memory nor the spool file (over the spool cap). */
    synchronized long dropped() {
        return dropped;
    }

    /** The lines kept in memory: the first {@code limit} ones. */
    synchronized List<String> kept() {
        return List.copyOf(kept);
    }

    /** Flushes the spool so a reader sees every line written so far. */
    synchronized void flush() {
        if (spool != null && spool.out != null) {
            try {
                spool.out.flush();
            } catch (IOException e) {
                discard();
            }
        }
    }

    /**
     * Writes the whole trace as text lines: the kept lines, then the spooled ones, then a note if lines were
     * dropped. Safe while the simulation still runs: it writes what was there when it started.
     */
    void writeTo(OutputStream out) throws IOException {
        List<String> head;
        Path file;
        long fileBytes;
        long droppedLines;
        boolean deleted;
        synchronized (this) {
            deleted = discarded && spooledBytes > 0;
            head = List.copyOf(kept);
            flush();
            file = spool == null ? null : spool.file;
            fileBytes = spooledBytes;
            droppedLines = dropped;
        }
        Writer writer = new BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
        for (String line : head) {
            writer.write(line);
            writer.write('\n');
        }
        writer.flush();
        if (deleted) {
            writer.write("... (the rest of this trace was deleted)\n");
        } else if (file != null && fileBytes > 0) {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                long left = fileBytes;
                int read;
                while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                    out.write(buffer, 0, read);
                    left -= read;
                }
            } catch (java.nio.file.NoSuchFileException gone) {
                writer.write("... (the spooled part of this trace was deleted)\n");
            }
        }
        if (droppedLines > 0) {
            writer.write("... (" + droppedLines + " more lines not kept: over the trace file cap of " + maxSpoolBytes + " bytes)\n");
        }
        writer.flush();
    }

    /** Closes the spool file (the trace stays readable). */
    synchronized void finish() {
        if (spool != null && spool.out != null) {
            try {
                spool.out.close();
            } catch (IOException ignored) {
                // the lines written so far stay; nothing more is appended
            }
        }
    }

    /** Deletes the spool file now. */
    synchronized void discard() {
        discarded = true;
        if (cleanable != null) {
            cleanable.clean();
        }
    }

    /** The spool file and its stream; the cleaner closes and deletes it (must not refer to the recorder). */
    private static final class Spool implements Runnable {
        private final Path file;
        private final OutputStream out;

        Spool(Path file, OutputStream out) {
            this.file = file;
            this.out = out == null ? null : new java.io.BufferedOutputStream(out, 64 * 1024);
        }

        @Override
        public void run() {
            try {
                if (out != null) {
                    out.close();
                }
            } catch (IOException ignored) {
                // deleting is what matters
            }
            try {
                if (file != null) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
