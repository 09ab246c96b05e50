package dev.corojobs.jobs.store;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/** Writes a byte stream as numbered chunks of a fixed size, so that no more than one chunk is held in memory. */
final class ChunkedOutputStream extends OutputStream {

    interface ChunkSink {
        void write(int seq, byte[] chunk);
    }

    private final ChunkSink sink;
    private final byte[] buffer;
    private int filled;
    private int nextSeq;
    private long written;
    private boolean closed;

    ChunkedOutputStream(ChunkSink sink, int chunkSize, int firstSeq) {
        this.sink = sink;
        this.buffer = new byte[chunkSize];
        this.nextSeq = firstSeq;
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        buffer[filled++] = (byte) b;
        written++;
        if (filled == buffer.length) {
            emit();
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        ensureOpen();
        while (length > 0) {
            int n = Math.min(length, buffer.length - filled);
            System.arraycopy(bytes, offset, buffer, filled, n);
            filled += n;
            offset += n;
            length -= n;
            written += n;
            if (filled == buffer.length) {
                emit();
            }
        }
    }

    /** Bytes written so far. */
    long written() {
        return written;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (filled > 0) {
            emit();
        }
    }

    private void emit() {
        sink.write(nextSeq++, Arrays.copyOf(buffer, filled));
        filled = 0;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }
}
