package dev.corojobs.tcp;

import java.util.function.Consumer;

/**
 * One loop's share of {@code max-buffered-bytes}: the bytes its connections hold in message and reply
 * buffers. A connection asks before it grows a buffer; when the share would run out, the greediest other
 * connections are closed to make room, as long as each holds more than the asker would. Otherwise the asker
 * itself is refused, so a flood of large partial messages cannot grow the heap past the budget while small
 * messages keep being served.
 *
 * <p>Holders are kept in lists by size class (the bit length of what they hold), so the greediest is found
 * by looking at a few list heads. Confined to the loop's thread.
 */
final class BufferBudget {

    private static final int CLASSES = 33;

    private final long limit;
    private final TcpStats stats;
    private final Consumer<HelloConnection> evict;
    private final HelloConnection[] holders = new HelloConnection[CLASSES];
    private long used;

    /**
     * @param evict closes a connection of this loop now (its cleanup gives its bytes back through
     *              {@link #release})
     */
    BufferBudget(long limit, TcpStats stats, Consumer<HelloConnection> evict) {
        this.limit = limit;
        this.stats = stats;
        this.evict = evict;
    }

    /**
     * Lets {@code connection} hold {@code bytes} instead of what it holds now, closing greedier connections
     * if needed; false if it may not (it should close itself).
     */
    boolean hold(HelloConnection connection, int bytes) {
        long growth = bytes - (long) connection.held;
        while (used + growth > limit) {
            HelloConnection greediest = greediestBesides(connection);
            if (greediest == null || greediest.held <= bytes) {
                return false;
            }
            stats.reject(TcpStats.RejectReason.BUFFER_BUDGET);
            evict.accept(greediest);
            if (greediest.held > 0) {
                release(greediest); // its cleanup must have released it; never count it twice
            }
        }
        unlink(connection);
        used += growth;
        stats.buffered(growth);
        connection.held = bytes;
        link(connection);
        return true;
    }

    /** Gives back everything {@code connection} holds. */
    void release(HelloConnection connection) {
        if (connection.held == 0) {
            return;
        }
        unlink(connection);
        used -= connection.held;
        stats.buffered(-connection.held);
        connection.held = 0;
    }

    private HelloConnection greediestBesides(HelloConnection connection) {
        for (int c = CLASSES - 1; c > 0; c--) {
            HelloConnection head = holders[c];
            if (head != null) {
                HelloConnection candidate = head != connection ? head : head.nextHolder;
                if (candidate != null) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static int sizeClass(int bytes) {
        return 32 - Integer.numberOfLeadingZeros(bytes);
    }

    private void link(HelloConnection connection) {
        if (connection.held == 0) {
            return;
        }
        int c = sizeClass(connection.held);
        HelloConnection head = holders[c];
        connection.previousHolder = null;
        connection.nextHolder = head;
        if (head != null) {
            head.previousHolder = connection;
        }
        holders[c] = connection;
    }

    private void unlink(HelloConnection connection) {
        if (connection.held == 0) {
            return;
        }
        if (connection.previousHolder == null) {
            holders[sizeClass(connection.held)] = connection.nextHolder;
        } else {
            connection.previousHolder.nextHolder = connection.nextHolder;
        }
        if (connection.nextHolder != null) {
            connection.nextHolder.previousHolder = connection.previousHolder;
        }
        connection.previousHolder = null;
        connection.nextHolder = null;
    }
}
