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
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulation's trace: the first {@code limit} lines in memory (they go into the result), the lines after
 * them spooled to a temporary file, and a count of every line. With a limit of 0 printing is off: lines are
 * only counted and never built.
 *
 * <p>Three byte budgets bound it: the kept lines' bytes, the job's spool file, and the instance's
 * {@link SpoolBudget}. The first line over one of them, or a failed write (a full disk), stops recording and
 * sets {@link #failure()}, which the simulation turns into a failed job; the trace is never cut silently.
 *
 * <p>The spool file is deleted by {@link #discard()}, or when the recorder is no longer reachable (the job
 * record that held it is gone). Writes come from the simulation's thread, reads from request threads.
 */
final class TraceRecorder {

    private static final Cleaner CLEANER = Cleaner.create();

    private final int limit;
    private final long maxKeptBytes;
    private final long maxSpoolBytes;
    private final SpoolBudget spoolBudget;
    private final Path directory;
    private final List<String> kept;
    private long keptBytes;
    private long lines;
    private Spool spool;
    private Cleaner.Cleanable cleanable;
    private boolean discarded;
    private String failure;

    TraceRecorder(int limit, long maxSpoolBytes, Path directory) {
        this(limit, Long.MAX_VALUE, maxSpoolBytes, SpoolBudget.unlimited(), directory);
    }

    TraceRecorder(int limit, long maxKeptBytes, long maxSpoolBytes, SpoolBudget spoolBudget, Path directory) {
        this.limit = limit;
        this.maxKeptBytes = maxKeptBytes;
        this.maxSpoolBytes = maxSpoolBytes;
        this.spoolBudget = spoolBudget;
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
        if (failure != null || discarded) {
            return;
        }
        if (kept.size() < limit) {
            keptBytes += line.length() + 1;
            if (keptBytes > maxKeptBytes) {
                failure = "the trace kept in memory reached its budget of " + maxKeptBytes
                        + " bytes (corojobs.simulation.max-trace-bytes) at line " + lines
                        + "; lower traceLimit or print shorter lines";
                return;
            }
            kept.add(line);
            return;
        }
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if ((spool == null ? 0 : spool.bytes.get()) + bytes.length > maxSpoolBytes) {
            failure = "the trace spooled to disk reached its cap of " + maxSpoolBytes
                    + " bytes (corojobs.simulation.max-trace-file) at line " + lines + "; lower the program's output";
            return;
        }
        if (!spoolBudget.tryReserve(bytes.length)) {
            failure = "the instance's trace spool is full: all running simulations may spool "
                    + spoolBudget.capacity() + " bytes together (corojobs.simulation.max-spool-total); retry later";
            return;
        }
        if (!spool()) {
            spoolBudget.release(bytes.length);
            return;
        }
        spool.bytes.addAndGet(bytes.length);
        try {
            spool.out.write(bytes);
        } catch (IOException e) {
            writeFailed(e);
        }
    }

    private void writeFailed(IOException e) {
        failure = "writing the trace spool file failed: " + e.getMessage()
                + (e.getMessage() != null && e.getMessage().contains("space") ? "" : " (the disk may be full)");
        discard();
    }

    private boolean spool() {
        if (spool != null) {
            return true;
        }
        Path dir = directory == null ? Path.of(System.getProperty("java.io.tmpdir")) : directory;
        Path file = null;
        try {
            file = Files.createTempFile(dir, "corojobs-trace-", ".txt");
            spool = new Spool(file, Files.newOutputStream(file), spoolBudget);
        } catch (IOException | UnsupportedOperationException e) {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // the stale-file sweep at the next start removes it
                }
            }
            failure = "creating the trace spool file in " + dir + " failed: " + e.getMessage();
            return false;
        }
        cleanable = CLEANER.register(this, spool);
        return true;
    }

    /** Why recording stopped (a budget or a failed write), or null while it goes on. */
    synchronized String failure() {
        return failure;
    }

    /** Every line so far. */
    synchronized long lines() {
        return lines;
    }

    /** The lines kept in memory: the first {@code limit} ones. */
    synchronized List<String> kept() {
        return List.copyOf(kept);
    }

    /** Bytes the kept lines take, as counted against their budget. */
    synchronized long keptBytes() {
        return keptBytes;
    }

    /** Flushes the spool so a reader sees every line written so far. */
    synchronized void flush() {
        if (spool != null && !discarded) {
            try {
                spool.out.flush();
            } catch (IOException e) {
                writeFailed(e);
            }
        }
    }

    /**
     * Writes the whole trace as text lines: the kept lines, then the spooled ones, then a note if recording
     * stopped. Safe while the simulation still runs: it writes what was there when it started.
     */
    void writeTo(OutputStream out) throws IOException {
        List<String> head;
        Path file;
        long fileBytes;
        boolean deleted;
        String stopped;
        synchronized (this) {
            head = List.copyOf(kept);
            flush();
            deleted = discarded && spool != null;
            file = spool == null ? null : spool.file;
            fileBytes = spool == null ? 0 : spool.bytes.get();
            stopped = failure;
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
        if (stopped != null) {
            writer.write("... (recording stopped: " + stopped + ")\n");
        }
        writer.flush();
    }

    /** Closes the spool file (the trace stays readable). */
    synchronized void finish() {
        if (spool != null && !discarded) {
            try {
                spool.out.close();
            } catch (IOException e) {
                writeFailed(e);
            }
        }
    }

    /** Deletes the spool file now and gives its bytes back to the instance's budget. */
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
        private final SpoolBudget budget;
        private final AtomicLong bytes = new AtomicLong();

        Spool(Path file, OutputStream out, SpoolBudget budget) {
            this.file = file;
            this.out = new java.io.BufferedOutputStream(out, 64 * 1024);
            this.budget = budget;
        }

        @Override
        public void run() {
            try {
                out.close();
            } catch (IOException ignored) {
                // deleting is what matters
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                budget.release(bytes.getAndSet(0));
            }
        }
    }
}
