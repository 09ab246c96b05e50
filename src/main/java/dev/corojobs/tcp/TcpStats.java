package dev.corojobs.tcp;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the hello server, framework-free; the metrics package binds them to Micrometer. */
public final class TcpStats {

    /** Why the server closed a connection before answering it. */
    public enum RejectReason {
        /** {@code max-connections} were already open. */
        LIMIT("limit"),
        /** The message was longer than {@code max-message-bytes}. */
        TOO_LARGE("too_large"),
        /** The client sent its message, or took its reply, too slowly. */
        IDLE("idle");

        private final String label;

        RejectReason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);

    public TcpStats() {
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, new LongAdder());
        }
    }

    /** Connections open now (accepted and not yet closed). */
    public int open() {
        return open.get();
    }

    /** Connections accepted and served (not counting those closed at once for {@link RejectReason#LIMIT}). */
    public long accepted() {
        return accepted.sum();
    }

    public long rejected(RejectReason reason) {
        return rejected.get(reason).sum();
    }

    public long bytesReceived() {
        return bytesReceived.sum();
    }

    public long bytesSent() {
        return bytesSent.sum();
    }

    void opened() {
        accepted.increment();
        open.incrementAndGet();
    }

    /** Returns the connections still open. */
    int closed() {
        return open.decrementAndGet();
    }

    void reject(RejectReason reason) {
        rejected.get(reason).increment();
    }

    void received(int bytes) {
        bytesReceived.add(bytes);
    }

    void sent(long bytes) {
        bytesSent.add(bytes);
    }
}
