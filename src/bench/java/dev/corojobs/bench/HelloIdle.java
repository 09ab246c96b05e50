package dev.corojobs.bench;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens {@code count} connections to a hello server on 127.0.0.1 and holds them idle (nothing sent),
 * prints {@code HELD <n>} once they are all connected and none has been closed by the server, then
 * waits for a line on stdin and closes them.
 *
 * <p>Usage: {@code HelloIdle <port> <count>}
 */
public final class HelloIdle {

    private HelloIdle() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        List<SocketChannel> held = new ArrayList<>(count);
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open(address);
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ);
                held.add(channel);
            }
            // a connection the server closed (or reset) becomes readable: none may be
            selector.select(2_000);
            int closed = 0;
            ByteBuffer probe = ByteBuffer.allocate(1);
            for (SelectionKey key : selector.selectedKeys()) {
                try {
                    if (((SocketChannel) key.channel()).read(probe.clear()) < 0) {
                        closed++;
                    }
                } catch (java.io.IOException reset) {
                    closed++;
                }
            }
            System.out.println((closed == 0 ? "HELD " : "LOST ") + (count - closed));
            System.out.flush();
            System.in.read();
        } finally {
            for (SocketChannel channel : held) {
                channel.close();
            }
        }
    }
}
