package dev.corojobs.jobs.store;

import java.io.InputStream;
import java.util.Objects;

/** Reads numbered chunks one at a time, from sequence 0 until a chunk is missing. */
final class ChunkedInputStream extends InputStream {

    interface ChunkSource {
        /** The chunk with this sequence number, or null past the end. */
        byte[] read(int seq);
    }

    private final ChunkSource source;
    private byte[] chunk = new byte[0];
    private int position;
    private int nextSeq;
    private boolean ended;

    ChunkedInputStream(ChunkSource source) {
        this.source = source;
    }

    @Override
    public int read() {
        if (!fill()) {
            return -1;
        }
        return chunk[position++] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, bytes, offset, n);
        position += n;
        return n;
    }

    private boolean fill() {
        while (position == chunk.length) {
            if (ended) {
                return false;
            }
            byte[] next = source.read(nextSeq++);
            if (next == null) {
                ended = true;
                return false;
            }
            chunk = next;
            position = 0;
        }
        return true;
    }
}
