package dev.corojobs.tcp;

import dev.corojobs.runtime.StacklessCoroutine;
import dev.corojobs.runtime.SystemCall;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One client of the hello protocol, as a stackless coroutine with an explicit state: reading the message
 * up to its blank line, writing {@code Hello <message>}, closed. It tries the socket first and only waits
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
    private static final byte NEWLINE = '\n';

    private final SocketChannel channel;
    private final ServerLoop loop;
    private final SystemCall.WaitRead waitRead;
    private SystemCall.WaitWrite waitWrite;
    private byte state = READING;
    /** The last byte received was a newline: the next newline ends the message. */
    private boolean afterNewline;
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

    HelloConnection(SocketChannel channel, ServerLoop loop) {
        this.channel = channel;
        this.loop = loop;
        this.waitRead = new SystemCall.WaitRead(channel);
    }

    @Override
    protected void step(Object sent) {
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
            loop.reaper().track(this);
        }
        yieldValue(wait);
    }

    /**
     * Reads what is there until the socket would block (state stays READING) or the message is complete
     * (state WRITING, the reply written or pending in {@link #unsent}); DONE at end of stream before the
     * blank line or when the message is too large.
     */
    private void read() throws IOException {
        ByteBuffer buffer = loop.readBuffer();
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
            loop.stats().received(count);
            buffer.flip();
            int end = terminatorEnd(buffer);
            long messageLength = bufferedLength() + (end < 0 ? count : end - 1);
            if (end < 0) {
                if (messageLength - (afterNewline ? 1 : 0) > loop.maxMessageBytes()) {
                    tooLarge();
                    return;
                }
                keep(buffer);
                if (count < buffer.capacity()) {
                    return;
                }
                continue;
            }
            // messageLength counts the terminator's first newline, which may have come with the previous read
            if (messageLength - 1 > loop.maxMessageBytes()) {
                tooLarge();
                return;
            }
            state = WRITING;
            if (received == null) {
                replyFrom(buffer.limit(end - 2));
            } else {
                if (end >= 2) {
                    keep(buffer.limit(end - 2));
                } else {
                    received.position(received.position() - 1);
                }
                ByteBuffer message = received.flip();
                received = null;
                replyFrom(message);
            }
            return;
        }
    }

    /** Index just past the blank line's second newline in {@code buffer}, or -1. */
    private int terminatorEnd(ByteBuffer buffer) {
        boolean newline = afterNewline;
        for (int i = buffer.position(), limit = buffer.limit(); i < limit; i++) {
            if (buffer.get(i) == NEWLINE) {
                if (newline) {
                    return i + 1;
                }
                newline = true;
            } else {
                newline = false;
            }
        }
        afterNewline = newline;
        return -1;
    }

    private int bufferedLength() {
        return received == null ? 0 : received.position();
    }

    private void keep(ByteBuffer bytes) {
        int needed = bufferedLength() + bytes.remaining();
        if (received == null || received.remaining() < bytes.remaining()) {
            int capacity = Math.max(256, Integer.highestOneBit(Math.max(1, needed - 1)) << 1);
            ByteBuffer bigger = ByteBuffer.allocate(Math.min(capacity, loop.maxMessageBytes() + 2));
            if (received != null) {
                bigger.put(received.flip());
            }
            received = bigger;
        }
        received.put(bytes);
    }

    private void tooLarge() {
        loop.stats().reject(TcpStats.RejectReason.TOO_LARGE);
        state = DONE;
        received = null;
    }

    /** Writes {@code Hello } and the message; keeps what the socket would not take in {@link #unsent}. */
    private void replyFrom(ByteBuffer message) throws IOException {
        ByteBuffer[] reply = loop.gather(message);
        long total = reply[0].remaining() + (long) message.remaining();
        long written = channel.write(reply);
        loop.stats().sent(written);
        if (written < total) {
            unsent = ByteBuffer.allocate((int) (total - written));
            unsent.put(reply[0]).put(message).flip();
            if (tracked) {
                loop.reaper().touch(this);
            }
        }
        reply[1] = null;
    }

    /** Writes more of the reply; {@link #unsent} is null once it is all out. */
    private void write() throws IOException {
        int written = channel.write(unsent);
        loop.stats().sent(written);
        if (!unsent.hasRemaining()) {
            unsent = null;
        } else if (written > 0) {
            loop.reaper().touch(this);
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
        if (tracked) {
            loop.reaper().untrack(this);
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do about a failed close
        }
        loop.connectionClosed();
    }

    @Override
    public String name() {
        return "hello-connection";
    }
}
