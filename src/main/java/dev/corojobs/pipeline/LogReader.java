package dev.corojobs.pipeline;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Cuts a log stream into {@link LogBatch}es of whole lines, a slice at a time: the log is never held in
 * memory as a whole. Gzip input is recognized by its magic bytes and inflated on the fly. A line longer
 * than {@code maxLineBytes} is handed on cut short (so it is counted as one malformed line) and the rest
 * of it is dropped, a buffer at a time, each returned as an empty batch so that a caller can stop (cancel,
 * timeout) inside a line of any length, such as a gzip bomb of one endless line. A plain file is mapped into memory and copied slice by slice into the batches (one copy,
 * no system call per slice); what it holds is the file as it was when the reader opened it.
 */
public final class LogReader implements Closeable {

    private final InputStream in;
    private final FileChannel channel;
    private final Arena arena;
    private final MemorySegment mapped;
    private long mappedPosition;
    private final int batchBytes;
    private final int maxLineBytes;
    private final boolean gzip;
    private byte[] carry = new byte[0];
    private int carryLength;
    private boolean skippingLongLine;
    private boolean eof;
    private long bytesRead;
    private long batches;
    /** Compressed bytes taken from the input so far (gzip only). */
    private final CountingStream counted;
    /** A batch whose lines are all processed, to read the next slice into (inline runs only). */
    private LogBatch spare;

    public LogReader(InputStream raw, int batchBytes, int maxLineBytes) throws IOException {
        if (batchBytes < 64 || maxLineBytes < batchBytes) {
            throw new IllegalArgumentException("need 64 <= batchBytes <= maxLineBytes");
        }
        PushbackInputStream peek = new PushbackInputStream(raw, 2);
        byte[] magic = peek.readNBytes(2);
        peek.unread(magic);
        this.gzip = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        this.counted = gzip ? new CountingStream(peek) : null;
        this.in = gzip ? new GZIPInputStream(counted, 64 * 1024) : peek;
        this.batchBytes = batchBytes;
        this.maxLineBytes = maxLineBytes;
        this.channel = null;
        this.arena = null;
        this.mapped = null;
    }

    /** Reads a file: mapped if it is plain, inflated through a stream if it is gzip. The reader closes the channel. */
    public LogReader(FileChannel file, int batchBytes, int maxLineBytes) throws IOException {
        if (batchBytes < 64 || maxLineBytes < batchBytes) {
            throw new IllegalArgumentException("need 64 <= batchBytes <= maxLineBytes");
        }
        this.batchBytes = batchBytes;
        this.maxLineBytes = maxLineBytes;
        this.channel = file;
        ByteBuffer magic = ByteBuffer.allocate(2);
        while (magic.hasRemaining() && file.read(magic, magic.position()) > 0) {
            // a file channel returns what is there; loop for the odd short read
        }
        this.gzip = magic.position() == 2 && (magic.get(0) & 0xff) == 0x1f && (magic.get(1) & 0xff) == 0x8b;
        if (gzip) {
            file.position(0);
            this.counted = new CountingStream(Channels.newInputStream(file));
            this.in = new GZIPInputStream(counted, 64 * 1024);
            this.arena = null;
            this.mapped = null;
        } else {
            this.counted = null;
            this.in = null;
            this.arena = Arena.ofShared();
            this.mapped = file.map(FileChannel.MapMode.READ_ONLY, 0, file.size(), arena);
        }
    }

    private int read(byte[] buffer, int offset, int length) throws IOException {
        if (mapped == null) {
            return in.read(buffer, offset, length);
        }
        long left = mapped.byteSize() - mappedPosition;
        if (left <= 0) {
            return -1;
        }
        int n = (int) Math.min(length, left);
        MemorySegment.copy(mapped, ValueLayout.JAVA_BYTE, mappedPosition, buffer, offset, n);
        mappedPosition += n;
        return n;
    }

    public boolean gzip() {
        return gzip;
    }

    /** Compressed bytes read so far: of a gzip input, what the inflater has consumed; else {@link #bytesRead()}. */
    public long compressedBytesRead() {
        return counted == null ? bytesRead : counted.count;
    }

    /** Counts the bytes read through it (the compressed side of a gzip input). */
    private static final class CountingStream extends java.io.FilterInputStream {

        private volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /** Log bytes handed out so far (after inflating). */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * Hands back a batch that nothing refers to any more, so that its arrays hold the next slice: an inline
     * run processes each batch completely before it reads the next one, so it reads without allocating.
     */
    public void recycle(LogBatch batch) {
        spare = batch;
    }

    /**
     * The next slice of whole lines (empty while the tail of an over-long line is skipped), or null at the
     * end of the input.
     */
    public LogBatch next() throws IOException {
        while (!eof || carryLength > 0) {
            LogBatch batch = readSlice();
            if (batch != null) {
                return batch;
            }
        }
        return null;
    }

    private LogBatch readSlice() throws IOException {
        int wanted = Math.max(batchBytes, carryLength + batchBytes / 2);
        LogBatch reuse = spare;
        spare = null;
        byte[] buffer = reuse != null && reuse.data.length >= wanted ? reuse.data : new byte[wanted];
        System.arraycopy(carry, 0, buffer, 0, carryLength);
        int fill = carryLength;
        int scanFrom = carryLength;
        carryLength = 0;
        for (;;) {
            while (fill < buffer.length && !eof) {
                int n = read(buffer, fill, buffer.length - fill);
                if (n < 0) {
                    eof = true;
                } else {
                    fill += n;
                }
            }
            if (skippingLongLine) {
                int newline = ByteScan.newline(buffer, 0, fill);
                if (newline == fill) {
                    bytesRead += fill;
                    if (eof) {
                        skippingLongLine = false;
                        return null;
                    }
                    // an empty slice: the caller regains control once per buffer, even inside an endless line
                    return batch(reuse, buffer, 0);
                }
                skippingLongLine = false;
                bytesRead += newline + 1;
                fill -= newline + 1;
                System.arraycopy(buffer, newline + 1, buffer, 0, fill);
                scanFrom = 0;
                continue;
            }
            if (eof) {
                if (fill == 0) {
                    return null;
                }
                bytesRead += fill;
                return batch(reuse, buffer, fill);
            }
            int last = ByteScan.lastNewline(buffer, scanFrom, fill);
            if (last >= 0) {
                carryLength = fill - last - 1;
                if (carry.length < carryLength) {
                    carry = new byte[Math.max(carryLength, batchBytes / 2)];
                }
                System.arraycopy(buffer, last + 1, carry, 0, carryLength);
                bytesRead += last + 1;
                return batch(reuse, buffer, last + 1);
            }
            if (buffer.length >= maxLineBytes) {
                // One line fills the whole buffer: hand it on as a (malformed) line and drop its tail.
                skippingLongLine = true;
                bytesRead += fill;
                return batch(reuse, buffer, fill);
            }
            scanFrom = fill;
            buffer = Arrays.copyOf(buffer, Math.min(maxLineBytes, buffer.length * 2));
        }
    }

    private LogBatch batch(LogBatch reuse, byte[] buffer, int end) {
        LogBatch batch;
        if (reuse != null && reuse.data == buffer) {
            reuse.reset(end);
            batch = reuse;
        } else {
            batch = new LogBatch(buffer, 0, end);
        }
        batch.sequence = batches++;
        return batch;
    }

    @Override
    public void close() throws IOException {
        try {
            if (arena != null) {
                arena.close();
            }
        } finally {
            if (in != null) {
                in.close();
            }
            if (channel != null) {
                channel.close();
            }
        }
    }
}
