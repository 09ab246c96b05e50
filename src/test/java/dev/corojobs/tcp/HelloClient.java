package dev.corojobs.tcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A blocking client of the hello protocol on loopback, for tests: one connection per instance. */
final class HelloClient implements AutoCloseable {

    private final Socket socket;

    HelloClient(int port) throws IOException {
        this(port, null);
    }

    /** A client from {@code from} (another loopback address such as 127.0.0.2 is another client address). */
    HelloClient(int port, String from) throws IOException {
        socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            if (from != null) {
                socket.bind(new InetSocketAddress(from, 0));
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends {@code message} and the blank line, returns everything the server answers. */
    static String exchange(int port, String message) throws IOException {
        return exchange(port, null, message);
    }

    /** {@link #exchange(int, String)} from client address {@code from}. */
    static String exchange(int port, String from, String message) throws IOException {
        try (HelloClient client = new HelloClient(port, from)) {
            client.send(message + "\n\n");
            return client.readAll();
        }
    }

    HelloClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    HelloClient send(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads until the server closes; a reset after some bytes ends the read too. */
    String readAll() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int count;
        while ((count = in.read(buffer)) >= 0) {
            answer.write(buffer, 0, count);
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    /** True if the server closed the connection (end of stream or reset), waiting at most the socket timeout. */
    boolean closedByServer() {
        try {
            return socket.getInputStream().read() < 0;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Closes with SO_LINGER 0: the server sees a reset instead of an orderly close. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
