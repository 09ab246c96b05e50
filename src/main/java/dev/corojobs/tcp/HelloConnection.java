package dev.corojobs.tcp;

import dev.corojobs.runtime.StacklessCoroutine;
import dev.corojobs.runtime.SystemCall;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One client of the hello protocol, as a stackless coroutine with an explicit state: reading the message
 * up to its blank line ({@code \n\n}, or {@code \r\n\r\n} from telnet and other line-based clients),
 * writing {@code Hello <message>}, closed. It tries the socket first and only waits
 * (yields {@code WaitRead}/{@code WaitWrite}) when the socket would block, so a client whose message is
 * already there when it is accepted is served in one step with no selector registration.
 *
 * <p>Small while idle: until a message is split over several reads nothing is buffered here; reads go
 * to its loop's shared buffer.
 */
final class HelloConnection extends StacklessCoroutine<Object, SystemCall, Object> implements SystemCall.Body {

    private static final byte READING = 0;
    private static final byte WRITING = 1;
    /** Finished (answered, too large, or the client left): close. */
    private static final byte DONE = 2;
    private static final byte CLOSED = 3;
    private static final byte LF = '\n';
    private static final byte CR = '\r';
    /** How the bytes read so far end, as far as a terminator ({@code \n\n} or {@code \r\n\r\n}) goes. */
    private static final byte SAW_NOTHING = 0;
    private static final byte SAW_CR = 1;
    private static final byte SAW_LF = 2;
    private static final byte SAW_CRLF = 3;
    private static final byte SAW_CRLFCR = 4;
    /** For each of those, how many bytes at the end may yet turn out to be a terminator's. */
    private static final int[] PARTIAL_TERMINATOR = {0, 1, 1, 2, 3};
    private static final int LONGEST_PARTIAL_TERMINATOR = 3;

    private final SocketChannel channel;
    private final ConnectionContext context;
    private final SystemCall.WaitRead waitRead;
    private SystemCall.WaitWrite waitWrite;
    private byte state = READING;
    /** One of the {@code SAW_} states: how the bytes received so far end. */
    private byte scan = SAW_NOTHING;
    /** Length of the terminator {@link #terminatorEnd} found: 2 or 4. */
    private int terminatorLength;
    /** Bytes of a message split over reads so far, or null. */
    private ByteBuffer received;
    /** What is left to write, once a reply did not go out in one write. */
    private ByteBuffer unsent;

    /** Task id in the loop's kernel (asked for in the first step), for the idle reaper's KillTask. */
    int tid;
    /** Idle deadline on the kernel's clock, and links of the loop's deadline list (oldest first). */
    long deadline;
    HelloConnection older;
    HelloConnection newer;
    boolean tracked;
    /** Buffer bytes counted in the loop's {@link BufferBudget}, and the links of its size-class list. */
    int held;
    HelloConnection previousHolder;
    HelloConnection nextHolder;
    /** The client address this connection counts for in the {@link ClientTable} (null once released), and its links. */
    ClientTable.Client client;
    HelloConnection olderOfClient;
    HelloConnection newerOfClient;
    /** Evicted before its first step: close at once. */
    private boolean evicted;

    HelloConnection(SocketChannel channel, ConnectionContext context) {
        this.channel = channel;
        this.context = context;
        this.waitRead = new SystemCall.WaitRead(channel);
    }

    ConnectionContext context() {
        return context;
    }

    @Override
    protected void step(Object sent) {
        if (evicted) {
            closeNow();
            finish(null);
            return;
        }
        if (tid == 0) {
            if (sent == null) {
                yieldValue(SystemCall.GET_TID);
                return;
            }
            tid = (Integer) sent;
        }
        try {
            if (state == READING) {
                read();
            } else if (state == WRITING) {
                write();
            }
        } catch (IOException e) {
            state = DONE; // a reset or a broken pipe: this client is gone, the server goes on
        } catch (RuntimeException | Error e) {
            closeNow();
            throw e;
        }
        if (state == READING) {
            waitFor(waitRead);
        } else if (state == WRITING && unsent != null) {
            waitFor(waitWrite == null ? waitWrite = new SystemCall.WaitWrite(channel) : waitWrite);
        } else {
            closeNow();
            finish(null);
        }
    }

    private void waitFor(SystemCall wait) {
        if (!tracked) {
            context.reaper.track(this);
        }
        yieldValue(wait);
    }

    /**
     * Reads what is there until the socket would block (state stays READING) or the message is complete
     * (state WRITING, the reply written or pending in {@link #unsent}); DONE at end of stream before the
     * blank line, when the message is too large, or when the buffer budget refuses room for it.
     */
    private void read() throws IOException {
        ByteBuffer buffer = context.readBuffer();
        for (;;) {
            buffer.clear();
            int count = channel.read(buffer);
            if (count == 0) {
                return;
            }
            if (count < 0) {
                state = DONE;
                return;
            }
            context.stats.received(count);
            buffer.flip();
            int end = terminatorEnd(buffer);
            if (end < 0) {
                // the bytes of a terminator begun at the end of this read are not the message's (yet)
                if (bufferedLength() + (long) count - PARTIAL_TERMINATOR[scan] > context.maxMessageBytes) {
                    tooLarge();
                    return;
                }
                if (!keep(buffer)) {
                    return;
                }
                if (count < buffer.capacity()) {
                    return;
                }
                continue;
            }
            // the terminator may have begun in an earlier read: then fromThisRead is negative
            int fromThisRead = end - terminatorLength;
            if (bufferedLength() + (long) fromThisRead > context.maxMessageBytes) {
                tooLarge();
                return;
            }
            state = WRITING;
            if (received == null) {
                replyFrom(buffer.limit(fromThisRead));
            } else {
                if (fromThisRead >= 0) {
                    if (!keep(buffer.limit(fromThisRead))) {
                        return;
                    }
                } else {
                    received.position(received.position() + fromThisRead);
                }
                ByteBuffer message = received.flip();
                received = null;
                replyFrom(message);
            }
            return;
        }
    }

    /**
     * Index just past the first blank line ({@code \n\n}, or {@code \r\n\r\n} as telnet sends it) in
     * {@code buffer}, with its length in {@link #terminatorLength}; or -1, with how much of a terminator the
     * buffer ends with in {@link #scan}.
     */
    private int terminatorEnd(ByteBuffer buffer) {
        byte seen = scan;
        for (int i = buffer.position(), limit = buffer.limit(); i < limit; i++) {
            byte b = buffer.get(i);
            if (b == LF) {
                switch (seen) {
                    case SAW_LF, SAW_CRLF -> {
                        terminatorLength = 2;
                        return i + 1;
                    }
                    case SAW_CRLFCR -> {
                        terminatorLength = 4;
                        return i + 1;
                    }
                    case SAW_CR -> seen = SAW_CRLF;
                    default -> seen = SAW_LF;
                }
            } else if (b == CR) {
                seen = seen == SAW_CRLF ? SAW_CRLFCR : SAW_CR;
            } else {
                seen = SAW_NOTHING;
            }
        }
        scan = seen;
        return -1;
    }

    private int bufferedLength() {
        return received == null ? 0 : received.position();
    }

    /** Appends {@code bytes} to {@link #received}; false (and DONE) if the buffer budget refuses the room. */
    private boolean keep(ByteBuffer bytes) {
        int needed = bufferedLength() + bytes.remaining();
        if (received == null || received.remaining() < bytes.remaining()) {
            int capacity = Math.min(Math.max(256, Integer.highestOneBit(Math.max(1, needed - 1)) << 1),
                    context.maxMessageBytes + LONGEST_PARTIAL_TERMINATOR);
            if (!context.budget.hold(this, capacity)) {
                overBudget();
                return false;
            }
            ByteBuffer bigger = ByteBuffer.allocate(capacity);
            if (received != null) {
                bigger.put(received.flip());
            }
            received = bigger;
        }
        received.put(bytes);
        return true;
    }

    private void tooLarge() {
        context.stats.reject(TcpStats.RejectReason.TOO_LARGE);
        state = DONE;
        received = null;
    }

    private void overBudget() {
        context.stats.reject(TcpStats.RejectReason.BUFFER_BUDGET);
        state = DONE;
        received = null;
    }

    /** Writes {@code Hello } and the message; keeps what the socket would not take in {@link #unsent}. */
    private void replyFrom(ByteBuffer message) throws IOException {
        ByteBuffer[] reply = context.gather(message);
        long total = reply[0].remaining() + (long) message.remaining();
        long written;
        try {
            written = channel.write(reply);
        } finally {
            reply[1] = null;
        }
        context.stats.sent(written);
        if (written < total) {
            int left = (int) (total - written);
            if (!context.budget.hold(this, left)) {
                overBudget();
                return;
            }
            unsent = ByteBuffer.allocate(left);
            unsent.put(reply[0]).put(message).flip();
            if (tracked) {
                context.reaper.touch(this);
            }
        } else {
            context.budget.release(this);
        }
    }

    /** Writes more of the reply; {@link #unsent} is null once it is all out. */
    private void write() throws IOException {
        int written = channel.write(unsent);
        context.stats.sent(written);
        if (!unsent.hasRemaining()) {
            unsent = null;
            context.budget.release(this);
        } else if (written > 0) {
            context.reaper.touch(this);
        }
    }

    /** Closes this connection, which lost its place to another; on the loop's thread, between steps. */
    void evict() {
        if (state == CLOSED) {
            return;
        }
        if (tid == 0) {
            evicted = true;
        } else {
            context.kill(tid);
        }
    }

    @Override
    protected void onClose() {
        closeNow();
    }

    private void closeNow() {
        if (state == CLOSED) {
            return;
        }
        state = CLOSED;
        received = null;
        unsent = null;
        context.budget.release(this);
        context.clients.release(this);
        if (tracked) {
            context.reaper.untrack(this);
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do about a failed close
        }
        context.connectionClosed();
    }

    @Override
    public String name() {
        return "hello-connection";
    }
}
