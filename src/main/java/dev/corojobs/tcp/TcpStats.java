package dev.corojobs.tcp;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the hello server, framework-free; the metrics package binds them to Micrometer. */
public final class TcpStats {

    /** Why the server closed a connection before answering it. */
    public enum RejectReason {
        /** {@code max-connections} were already open, and the client's address held its fair share of them. */
        LIMIT("limit"),
        /** The client's address already held {@code max-connections-per-address}. */
        ADDRESS_LIMIT("address_limit"),
        /** Closed at the connection cap to make room for a client address holding fewer connections. */
        FAIR_SHARE("fair_share"),
        /** The greediest holder of buffered bytes when {@code max-buffered-bytes} ran out. */
        BUFFER_BUDGET("buffer_budget"),
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
    private final LongAdder buffered = new LongAdder();
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

    /** Message and reply bytes the connections hold in memory now (buffer capacities). */
    public long bufferedBytes() {
        return buffered.sum();
    }

    /** Connections accepted and served (not counting those closed at once when refused on accept). */
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

    void buffered(long delta) {
        buffered.add(delta);
    }

    void sent(long bytes) {
        bytesSent.add(bytes);
    }
}
