package dev.corojobs.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.corojobs.runtime.Kernel;
import dev.corojobs.runtime.TaskKind;
import dev.corojobs.runtime.TaskState;
import dev.corojobs.runtime.TaskTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hello server over real loopback sockets, without Spring. */
class TcpServerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TaskTracker tracker = new TaskTracker();
    private final TcpStats stats = new TcpStats();
    private TcpServer server;
    private long fdsBefore;
    private Set<Thread> threadsBefore;

    @BeforeAll
    static void openLongLivedDescriptorsFirst() throws Exception {
        // class loading opens jar files, and blocking I/O on virtual threads the JDK's pollers, for good:
        // open them before counting descriptors
        try (TcpServer warmUp = new TcpServer(TestTcpProperties.with(), new TcpStats(), new TaskTracker());
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            warmUp.start();
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                answers.add(pool.submit(() -> HelloClient.exchange(warmUp.port(), "warm-up")));
            }
            for (Future<String> answer : answers) {
                assertThat(answer.get()).isEqualTo("Hello warm-up");
            }
            await().atMost(WAIT).until(() -> warmUp.stats().open() == 0);
        }
    }

    @BeforeEach
    void countDescriptorsAndThreads() {
        fdsBefore = Descriptors.open();
        threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
    }

    @AfterEach
    void stopAndCheckDescriptors() {
        if (server != null) {
            server.stop();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(Descriptors.open())
                .as(Descriptors::describe).isLessThanOrEqualTo(fdsBefore));
        assertThat(tracker.groups()).isEmpty();
    }

    private TcpServer start(TcpProperties properties) {
        server = new TcpServer(properties, stats, tracker);
        server.start();
        return server;
    }

    private TcpServer start() {
        return start(TestTcpProperties.with());
    }

    @Test
    void answersTheSeedExchange() throws IOException {
        start();

        assertThat(HelloClient.exchange(server.port(), "World")).isEqualTo("Hello World");
        assertThat(stats.accepted()).isEqualTo(1);
        assertThat(stats.bytesReceived()).isEqualTo("World\n\n".length());
        assertThat(stats.bytesSent()).isEqualTo("Hello World".length());
        await().atMost(WAIT).until(() -> stats.open() == 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n\n", "\r\n\r\n"})
    void findsTheTerminatorWhereverTheReadsSplitIt(String terminator) throws IOException {
        start();
        byte[] request = ("split me" + terminator).getBytes(StandardCharsets.US_ASCII);

        for (int at = 1; at < request.length; at++) {
            try (HelloClient client = new HelloClient(server.port())) {
                sendAndAwaitRead(client, Arrays.copyOfRange(request, 0, at));
                client.send(Arrays.copyOfRange(request, at, request.length));
                assertThat(client.readAll()).as("split at %d", at).isEqualTo("Hello split me");
            }
        }
    }

    @Test
    void answersTelnetsBlankLine() throws IOException {
        start();

        try (HelloClient client = new HelloClient(server.port())) {
            client.send("World\r\n\r\n");
            assertThat(client.readAll()).isEqualTo("Hello World");
        }
        try (HelloClient client = new HelloClient(server.port())) {
            client.send("two\r\nlines\r\n\r\nignored\r\n\r\n");
            assertThat(client.readAll()).isEqualTo("Hello two\r\nlines");
        }
        assertThat(stats.bytesSent()).isEqualTo("Hello World".length() + "Hello two\r\nlines".length());
    }

    @Test
    void endsAtTheFirstBlankLineOfEitherKind() throws IOException {
        start();

        // the seed's \n\n wins where it comes first, a carriage return before it stays in the message
        assertThat(exchangeRaw("a\r\n\nb\r\n\r\n")).isEqualTo("Hello a\r");
        // \n\r\n and \r\n\n\r are no blank line of either kind
        assertThat(exchangeRaw("a\n\r\nb\r\n\r\n")).isEqualTo("Hello a\n\r\nb");
        assertThat(exchangeRaw("a\r\r\n\r\r\n\n")).isEqualTo("Hello a\r\r\n\r\r");
        assertThat(exchangeRaw("\r\n\r\n")).isEqualTo("Hello ");
    }

    @Test
    void readsATelnetMessageTypedOneByteAtATime() throws IOException {
        start();
        byte[] request = "typed\r\nby hand\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        try (HelloClient client = new HelloClient(server.port())) {
            for (int i = 0; i < request.length - 1; i++) {
                sendAndAwaitRead(client, new byte[] {request[i]});
            }
            client.send(new byte[] {request[request.length - 1]});
            assertThat(client.readAll()).isEqualTo("Hello typed\r\nby hand");
        }
    }

    @Test
    void countsOnlyTheMessageAgainstTheLimitWhenTheTerminatorComesInPieces() throws IOException {
        start(TestTcpProperties.with("max-message-bytes=1000"));

        try (HelloClient client = new HelloClient(server.port())) {
            sendAndAwaitRead(client, ("y".repeat(1000) + "\r\n\r").getBytes(StandardCharsets.US_ASCII));
            client.send("\n");
            assertThat(client.readAll()).isEqualTo("Hello " + "y".repeat(1000));
        }
        try (HelloClient client = new HelloClient(server.port())) {
            client.send("y".repeat(1001) + "\r\n\r\n");
            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(stats.rejected(TcpStats.RejectReason.TOO_LARGE)).isEqualTo(1);
    }

    @Test
    void readsAMessageWrittenOneByteAtATime() throws IOException {
        start();
        byte[] request = "one\nbyte at a time\n\n".getBytes(StandardCharsets.US_ASCII);

        try (HelloClient client = new HelloClient(server.port())) {
            for (int i = 0; i < request.length - 1; i++) {
                sendAndAwaitRead(client, new byte[] {request[i]});
            }
            client.send(new byte[] {request[request.length - 1]});
            assertThat(client.readAll()).isEqualTo("Hello one\nbyte at a time");
        }
    }

    @Test
    void ignoresBytesAfterTheTerminator() throws IOException {
        start();

        try (HelloClient client = new HelloClient(server.port())) {
            client.send("World\n\nand more\n\nafter it");
            assertThat(client.readAll()).isEqualTo("Hello World");
        }
        try (HelloClient client = new HelloClient(server.port())) {
            sendAndAwaitRead(client, "split\n".getBytes(StandardCharsets.US_ASCII));
            client.send("\ntrailing");
            assertThat(client.readAll()).isEqualTo("Hello split");
        }
    }

    @Test
    void answersAnEmptyMessage() throws IOException {
        start();

        assertThat(HelloClient.exchange(server.port(), "")).isEqualTo("Hello ");
    }

    @Test
    void closesAMessageOverTheLimitAndGoesOn() throws IOException {
        start();
        byte[] mebibyte = new byte[1 << 20];
        Arrays.fill(mebibyte, (byte) 'a');

        try (HelloClient client = new HelloClient(server.port())) {
            try {
                client.send(mebibyte).send("\n\n");
            } catch (IOException resetWhileWriting) {
                // the server closed with unread bytes: a reset is the expected outcome
            }
            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(stats.rejected(TcpStats.RejectReason.TOO_LARGE)).isEqualTo(1);
        assertThat(HelloClient.exchange(server.port(), "still here")).isEqualTo("Hello still here");
    }

    @Test
    void acceptsAMessageOfExactlyTheLimit() throws IOException {
        start(TestTcpProperties.with("max-message-bytes=1000"));

        assertThat(HelloClient.exchange(server.port(), "x".repeat(1000))).isEqualTo("Hello " + "x".repeat(1000));
        try (HelloClient client = new HelloClient(server.port())) {
            client.send("x".repeat(1001) + "\n\n");
            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(stats.rejected(TcpStats.RejectReason.TOO_LARGE)).isEqualTo(1);
    }

    @Test
    void writesALargeReplyAsTheClientReadsIt() throws IOException {
        start(TestTcpProperties.with("max-message-bytes=8388608"));
        String message = "0123456789abcdef".repeat(6 << 16); // 6 MiB, more than the socket buffers hold

        try (HelloClient client = new HelloClient(server.port())) {
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    client.send(message + "\n\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            String answer = client.readAll();
            sending.join();
            assertThat(answer).hasSize(6 + message.length());
            assertThat(answer).isEqualTo("Hello " + message);
        }
        assertThat(stats.bytesSent()).isEqualTo(6L + message.length());
    }

    @Test
    void closesAClientThatStopsTakingItsReply() throws IOException {
        start(TestTcpProperties.with("max-message-bytes=8388608", "idle-timeout=4s"));

        try (HelloClient client = new HelloClient(server.port())) {
            client.send("x".repeat(6 << 20) + "\n\n"); // the reply is more than the socket buffers hold
            await().atMost(WAIT).until(() -> stats.rejected(TcpStats.RejectReason.IDLE) == 1);
            assertThat(stats.bytesReceived()).as("the whole message arrived within the idle timeout")
                    .isEqualTo((6 << 20) + 2);
            assertThat(stats.bytesSent()).isPositive().isLessThan(6L + (6 << 20));
        }
        await().atMost(WAIT).until(() -> stats.open() == 0);
    }

    @Test
    void closesAnIdleClient() throws IOException {
        start(TestTcpProperties.with("idle-timeout=300ms"));

        try (HelloClient silent = new HelloClient(server.port());
                HelloClient slow = new HelloClient(server.port())) {
            sendAndAwaitRead(slow, "never fin".getBytes(StandardCharsets.US_ASCII));
            assertThat(silent.closedByServer()).isTrue();
            assertThat(slow.closedByServer()).isTrue();
        }
        await().atMost(WAIT).until(() -> stats.rejected(TcpStats.RejectReason.IDLE) == 2);
        assertThat(HelloClient.exchange(server.port(), "fast")).isEqualTo("Hello fast");
    }

    @Test
    void survivesAClientThatResetsMidMessage() throws IOException {
        start();

        HelloClient client = new HelloClient(server.port());
        sendAndAwaitRead(client, "half a mess".getBytes(StandardCharsets.US_ASCII));
        client.reset();

        await().atMost(WAIT).until(() -> stats.open() == 0);
        assertThat(HelloClient.exchange(server.port(), "next")).isEqualTo("Hello next");
    }

    @Test
    void answersAThousandConcurrentClients() throws Exception {
        start();
        int clients = 1000;

        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String message = "client " + i;
                answers.add(pool.submit(() -> HelloClient.exchange(server.port(), message)));
            }
            for (int i = 0; i < clients; i++) {
                assertThat(answers.get(i).get()).isEqualTo("Hello client " + i);
            }
        }
        assertThat(stats.accepted()).isEqualTo(clients);
        await().atMost(WAIT).until(() -> stats.open() == 0);
        assertThat(tracker.spawnedTotal(TaskKind.TCP)).isGreaterThanOrEqualTo(clients);
    }

    @Test
    void spreadsConnectionsOverSeveralSelectorThreads() throws Exception {
        start(TestTcpProperties.with("selector-threads=3"));

        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String message = "client " + i;
                answers.add(pool.submit(() -> HelloClient.exchange(server.port(), message)));
            }
            for (int i = 0; i < 300; i++) {
                assertThat(answers.get(i).get()).isEqualTo("Hello client " + i);
            }
        }
        // each connection takes at least two steps (its tid, then the exchange)
        assertThat(tracker.groups()).hasSize(3)
                .allSatisfy(kernel -> assertThat(((Kernel) kernel).steps()).isGreaterThan(150));
    }

    @Test
    void enforcesMaxConnections() throws IOException {
        start(TestTcpProperties.with("max-connections=3"));
        List<HelloClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(new HelloClient(server.port()).send("held " + i));
            }
            await().atMost(WAIT).until(() -> stats.open() == 3);
            assertThat(tracker.live(TaskKind.TCP, TaskState.SUSPENDED)).isGreaterThanOrEqualTo(3);

            try (HelloClient rejected = new HelloClient(server.port())) {
                assertThat(rejected.closedByServer()).isTrue();
            }
            assertThat(stats.rejected(TcpStats.RejectReason.LIMIT)).isEqualTo(1);

            for (int i = 0; i < 3; i++) {
                assertThat(held.get(i).send("\n\n").readAll()).isEqualTo("Hello held " + i);
            }
        } finally {
            for (HelloClient client : held) {
                client.close();
            }
        }
        await().atMost(WAIT).until(() -> stats.open() == 0);
        assertThat(HelloClient.exchange(server.port(), "room again")).isEqualTo("Hello room again");
    }

    @Test
    void stopsGracefully() throws Exception {
        start(TestTcpProperties.with("shutdown-timeout=10s"));
        int port = server.port();

        try (HelloClient inFlight = new HelloClient(port)) {
            sendAndAwaitRead(inFlight, "in fli".getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
            await().atMost(WAIT).untilAsserted(() -> assertThatThrownBy(() -> new HelloClient(port).close())
                    .isInstanceOf(ConnectException.class));
            assertThat(stopping).isNotDone();

            assertThat(inFlight.send("ght\n\n").readAll()).isEqualTo("Hello in flight");
            stopping.get();
        }
        assertThat(server.isRunning()).isFalse();
        assertThat(loopThreads()).isEmpty();
    }

    @Test
    void closesWhatIsLeftWhenTheShutdownTimeoutEnds() throws IOException {
        start(TestTcpProperties.with("shutdown-timeout=200ms"));

        try (HelloClient stuck = new HelloClient(server.port())) {
            sendAndAwaitRead(stuck, "never finished".getBytes(StandardCharsets.US_ASCII));
            server.stop();
            assertThat(stuck.closedByServer()).isTrue();
        }
        assertThat(stats.open()).isZero();
        assertThat(loopThreads()).isEmpty();
    }

    @Test
    void reportsALoopThatDied() {
        start();
        TcpConfiguration.TcpHealthIndicator health = new TcpConfiguration.TcpHealthIndicator(server);
        assertThat(health.health().getStatus().getCode()).isEqualTo("UP");

        ((Kernel) tracker.groups().iterator().next()).execute(() -> {
            throw new IllegalStateException("selector loop broken on purpose");
        });

        await().atMost(WAIT).until(() -> server.loopFailure().isPresent());
        assertThat(health.health().getStatus().getCode()).isEqualTo("DOWN");
        assertThat(health.health().getDetails().get("failure").toString()).contains("broken on purpose");
    }

    /** Loop threads started since this test began (a Spring context cached by another test class may run its own). */
    private List<Thread> loopThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("corojobs-tcp-") && !threadsBefore.contains(thread))
                .toList();
    }

    private String exchangeRaw(String request) throws IOException {
        try (HelloClient client = new HelloClient(server.port())) {
            return client.send(request).readAll();
        }
    }

    /** Sends {@code bytes} and waits until the server has read them, so the next send is a separate read. */
    private void sendAndAwaitRead(HelloClient client, byte[] bytes) throws IOException {
        long target = stats.bytesReceived() + bytes.length;
        client.send(bytes);
        await().atMost(WAIT).until(() -> stats.bytesReceived() >= target);
    }
}
