package dev.corojobs.tcp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.function.IntPredicate;

/**
 * What a {@link HelloConnection} works with, one per loop: the limits, the counters, the idle reaper, the
 * buffer budget, the client table, and the buffers the loop's connections share (they run one at a time,
 * so a connection owns them only during its step).
 */
final class ConnectionContext {

    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final byte[] HELLO = "Hello ".getBytes(StandardCharsets.US_ASCII);

    final int maxMessageBytes;
    final TcpStats stats;
    final IdleReaper reaper;
    final BufferBudget budget;
    final ClientTable clients;
    private final Executor loop;
    private final IntPredicate kill;
    private final Runnable connectionClosed;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final ByteBuffer hello = ByteBuffer.allocateDirect(HELLO.length).put(HELLO).flip();
    private final ByteBuffer[] gather = new ByteBuffer[2];

    /**
     * @param loop             runs an action on the loop's thread between task steps
     * @param kill             kills a task of the loop's kernel, on the loop's thread
     * @param connectionClosed told after each connection closes
     */
    ConnectionContext(int maxMessageBytes, TcpStats stats, IdleReaper reaper, BufferBudget budget, ClientTable clients,
            Executor loop, IntPredicate kill, Runnable connectionClosed) {
        this.maxMessageBytes = maxMessageBytes;
        this.stats = stats;
        this.reaper = reaper;
        this.budget = budget;
        this.clients = clients;
        this.loop = loop;
        this.kill = kill;
        this.connectionClosed = connectionClosed;
    }

    ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** {@code Hello } and {@code message}, ready for one gathering write. */
    ByteBuffer[] gather(ByteBuffer message) {
        gather[0] = hello.clear();
        gather[1] = message;
        return gather;
    }

    /** Closes {@code connection}, which lost its place to another client; callable from any thread. */
    void evict(HelloConnection connection) {
        loop.execute(connection::evict);
    }

    /** Kills task {@code tid} of this loop now (its cleanup runs); on the loop's thread only. */
    boolean kill(int tid) {
        return kill.test(tid);
    }

    void connectionClosed() {
        connectionClosed.run();
    }
}
