package dev.corojobs.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Load client of bench/tcp.sh: keeps {@code concurrency} hello exchanges in flight on 127.0.0.1, each on a
 * new connection ({@code World\n\n} in, {@code Hello World} checked), for a warm-up and then a measured
 * window, and reads the server's CPU time from {@code /proc/<pid>/stat} around that window. One thread,
 * one selector, so the same client costs the same for every server.
 *
 * <p>Usage: {@code HelloLoad <label> <port> <server-pid> <concurrency> <warm-up-s> <seconds> [max-requests]}.
 * Prints one line: label, requests/s, server CPU microseconds per request, errors.
 */
public final class HelloLoad {

    private static final byte[] REQUEST = "World\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXPECTED = "Hello World".getBytes(StandardCharsets.US_ASCII);
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final InetSocketAddress address;
    private final Selector selector = Selector.open();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256);
    private long completed;
    private long errors;
    private boolean starting = true;
    private int inFlight;

    private HelloLoad(int port) throws IOException {
        this.address = new InetSocketAddress("127.0.0.1", port);
    }

    /** What one exchange has received so far. */
    private static final class Exchange {
        final byte[] answer = new byte[64];
        int length;
    }

    public static void main(String[] args) throws Exception {
        String label = args[0];
        int port = Integer.parseInt(args[1]);
        long pid = Long.parseLong(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        double warmUp = Double.parseDouble(args[4]);
        double seconds = Double.parseDouble(args[5]);
        long maxRequests = args.length > 6 ? Long.parseLong(args[6]) : Long.MAX_VALUE;

        HelloLoad load = new HelloLoad(port);
        for (int i = 0; i < concurrency; i++) {
            load.open();
        }
        load.runFor(warmUp, maxRequests);
        long cpuBefore = cpuTicks(pid);
        long doneBefore = load.completed;
        long errorsBefore = load.errors;
        long start = System.nanoTime();
        load.runFor(seconds, maxRequests);
        long elapsed = System.nanoTime() - start;
        long cpuAfter = cpuTicks(pid);
        long requests = load.completed - doneBefore;
        load.starting = false;
        load.runFor(5, Long.MAX_VALUE);

        double perSecond = requests / (elapsed / 1e9);
        double cpuMicros = (cpuAfter - cpuBefore) * (1e6 / CLOCK_TICKS_PER_SECOND) / Math.max(1, requests);
        System.out.printf(Locale.ROOT, "%-10s %10.0f req/s %8.1f us-cpu/req %6d errors %8d requests%n",
                label, perSecond, cpuMicros, load.errors - errorsBefore, requests);
    }

    private void runFor(double seconds, long maxRequests) throws IOException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end && completed < maxRequests && (starting || inFlight > 0)) {
            selector.select(this::ready, 100);
        }
    }

    private void open() throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        inFlight++;
        try {
            if (channel.connect(address)) {
                send(channel, channel.register(selector, 0, new Exchange()));
            } else {
                channel.register(selector, SelectionKey.OP_CONNECT, new Exchange());
            }
        } catch (IOException e) {
            fail(channel);
        }
    }

    private void ready(SelectionKey key) {
        SocketChannel channel = (SocketChannel) key.channel();
        try {
            if (key.isConnectable()) {
                channel.finishConnect();
                send(channel, key);
            } else if (key.isReadable()) {
                receive(channel, (Exchange) key.attachment());
            }
        } catch (IOException e) {
            fail(channel);
        }
    }

    private static void send(SocketChannel channel, SelectionKey key) throws IOException {
        ByteBuffer request = ByteBuffer.wrap(REQUEST);
        channel.write(request);
        if (request.hasRemaining()) {
            throw new IOException("request not written at once");
        }
        key.interestOps(SelectionKey.OP_READ);
    }

    private void receive(SocketChannel channel, Exchange exchange) throws IOException {
        readBuffer.clear();
        int count = channel.read(readBuffer);
        if (count > 0) {
            readBuffer.flip();
            int take = Math.min(count, exchange.answer.length - exchange.length);
            readBuffer.get(exchange.answer, exchange.length, take);
            exchange.length += take;
            return;
        }
        if (count < 0) {
            channel.close();
            inFlight--;
            if (Arrays.equals(exchange.answer, 0, exchange.length, EXPECTED, 0, EXPECTED.length)) {
                completed++;
            } else {
                errors++;
            }
            if (starting) {
                open();
            }
        }
    }

    private void fail(SocketChannel channel) {
        errors++;
        inFlight--;
        try {
            channel.close();
            if (starting) {
                open();
            }
        } catch (IOException ignored) {
            // counted already
        }
    }

    /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
