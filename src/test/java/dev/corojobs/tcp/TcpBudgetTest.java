package dev.corojobs.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corojobs.runtime.TaskTracker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hello server's budgets against hostile clients, over real loopback sockets: buffered bytes, connections
 * per client address, and the fair share at the connection cap. Other loopback addresses (127.0.0.2, ...)
 * stand for other clients.
 */
class TcpBudgetTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final TaskTracker tracker = new TaskTracker();
    private final TcpStats stats = new TcpStats();
    private final List<Socket> held = new ArrayList<>();
    private TcpServer server;
    private long fdsBefore;

    @BeforeAll
    static void openLongLivedDescriptorsFirst() throws Exception {
        TcpServerTest.openLongLivedDescriptorsFirst();
    }

    @BeforeEach
    void countDescriptors() {
        fdsBefore = Descriptors.open();
    }

    @AfterEach
    void closeClientsStopAndCheckDescriptors() throws IOException {
        for (Socket socket : held) {
            socket.close();
        }
        if (server != null) {
            await().atMost(WAIT).until(() -> stats.open() == 0);
            assertThat(stats.bufferedBytes()).isZero();
            server.stop();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(Descriptors.open())
                .as(Descriptors::describe).isLessThanOrEqualTo(fdsBefore));
        assertThat(tracker.groups()).isEmpty();
    }

    private void start(String... properties) {
        server = new TcpServer(TestTcpProperties.with(properties), stats, tracker);
        server.start();
    }

    @Test
    void tenThousandUnterminatedMessagesStayWithinTheBufferBudget() throws Exception {
        // each connection is a descriptor at both ends, in this one process
        int clients = (int) Math.min(10_000, (Descriptors.limit() - Descriptors.open() - 300) / 2);
        assertThat(clients).as("descriptors for the flood").isGreaterThan(2_000);
        long budget = 16L << 20;
        start("max-connections=20000", "max-connections-per-address=20000", "max-buffered-bytes=16MB",
                "idle-timeout=5m");
        long heapBefore = heapAfterGc();
        byte[] unterminated = new byte[65_000];
        Arrays.fill(unterminated, (byte) 'a');

        List<Socket> flood = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger writesRefused = new AtomicInteger();
        Semaphore connecting = new Semaphore(200); // stay within the listen backlog
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                connecting.acquire();
                pool.submit(() -> {
                    try {
                        Socket socket = new Socket();
                        flood.add(socket);
                        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
                        socket.getOutputStream().write(unterminated);
                    } catch (IOException closedByTheBudget) {
                        writesRefused.incrementAndGet();
                    } finally {
                        connecting.release();
                    }
                    return null;
                });
            }
        }
        held.addAll(flood);

        // settled: every connection was closed by the budget or holds its whole message
        await().atMost(WAIT).until(() -> stats.accepted() == clients
                && stats.open() + stats.rejected(TcpStats.RejectReason.BUFFER_BUDGET) == clients
                && stats.bufferedBytes() == 65_536L * stats.open());
        assertThat(stats.bufferedBytes()).isLessThanOrEqualTo(budget);
        assertThat(stats.rejected(TcpStats.RejectReason.BUFFER_BUDGET)).isGreaterThanOrEqualTo(clients - budget / 65_536);
        // without the budget the flood would hold clients x 64 KiB (over 600 MiB at 10,000)
        long heapHeld = heapAfterGc() - heapBefore;
        assertThat(heapHeld).as("heap held by %d connections", clients).isLessThan(budget + 64L * 1024 * clients);

        assertThat(HelloClient.exchange(server.port(), "still served")).isEqualTo("Hello still served");
        assertThat(HelloClient.exchange(server.port(), "x".repeat(20_000))).isEqualTo("Hello " + "x".repeat(20_000));
    }

    @Test
    void closesTheGreediestConnectionToMakeRoom() throws IOException {
        start("max-buffered-bytes=1KB");

        HelloClient greedy = new HelloClient(server.port());
        HelloClient modest = new HelloClient(server.port());
        try {
            sendAndAwaitBuffered(greedy, "g".repeat(600), 1024);
            sendAndAwaitRead(modest, "hi");

            assertThat(greedy.closedByServer()).isTrue();
            assertThat(stats.rejected(TcpStats.RejectReason.BUFFER_BUDGET)).isEqualTo(1);
            assertThat(modest.send(" there\n\n").readAll()).isEqualTo("Hello hi there");
        } finally {
            greedy.close();
            modest.close();
        }
        await().atMost(WAIT).until(() -> stats.bufferedBytes() == 0);
        assertThat(HelloClient.exchange(server.port(), "g".repeat(600))).isEqualTo("Hello " + "g".repeat(600));
    }

    @Test
    void refusesTheAskerWhenNobodyIsGreedier() throws IOException {
        start("max-buffered-bytes=1KB");

        HelloClient first = new HelloClient(server.port());
        HelloClient second = new HelloClient(server.port());
        try {
            sendAndAwaitBuffered(first, "f".repeat(600), 1024);
            second.send("s".repeat(600));

            assertThat(second.closedByServer()).isTrue();
            assertThat(stats.rejected(TcpStats.RejectReason.BUFFER_BUDGET)).isEqualTo(1);
            assertThat(first.send("\n\n").readAll()).isEqualTo("Hello " + "f".repeat(600));
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void limitsConnectionsPerClientAddress() throws IOException {
        start("max-connections-per-address=3");

        List<HelloClient> fromTwo = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                fromTwo.add(new HelloClient(server.port(), "127.0.0.2").send("two " + i));
            }
            await().atMost(WAIT).until(() -> stats.open() == 3);
            try (HelloClient fourth = new HelloClient(server.port(), "127.0.0.2")) {
                assertThat(fourth.closedByServer()).isTrue();
            }
            assertThat(stats.rejected(TcpStats.RejectReason.ADDRESS_LIMIT)).isEqualTo(1);
            assertThat(HelloClient.exchange(server.port(), "127.0.0.3", "three")).isEqualTo("Hello three");

            assertThat(fromTwo.getFirst().send("\n\n").readAll()).isEqualTo("Hello two 0");
            await().atMost(WAIT).until(() -> stats.open() == 2);
            assertThat(HelloClient.exchange(server.port(), "127.0.0.2", "again")).isEqualTo("Hello again");
        } finally {
            for (HelloClient client : fromTwo) {
                client.close();
            }
        }
        assertThat(stats.rejected(TcpStats.RejectReason.ADDRESS_LIMIT)).isEqualTo(1);
    }

    @Test
    void aFloodFromOneAddressAtTheCapDoesNotLockOutAnother() throws IOException {
        start("max-connections=50");

        List<HelloClient> flood = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                flood.add(new HelloClient(server.port(), "127.0.0.2").send("flood " + i));
            }
            await().atMost(WAIT).until(() -> stats.open() == 50);
            try (HelloClient more = new HelloClient(server.port(), "127.0.0.2")) {
                assertThat(more.closedByServer()).isTrue();
            }
            assertThat(stats.rejected(TcpStats.RejectReason.LIMIT)).isEqualTo(1);

            assertThat(HelloClient.exchange(server.port(), "127.0.0.3", "honest")).isEqualTo("Hello honest");
            assertThat(stats.rejected(TcpStats.RejectReason.FAIR_SHARE)).isEqualTo(1);
            assertThat(flood.getFirst().closedByServer()).as("the flood's oldest connection").isTrue();
            assertThat(flood.get(1).send("\n\n").readAll()).isEqualTo("Hello flood 1");
        } finally {
            for (HelloClient client : flood) {
                client.close();
            }
        }
    }

    @Test
    void sharesTheCapEquallyBetweenFloodingAddresses() throws IOException {
        start("max-connections=40");

        List<HelloClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                clients.add(new HelloClient(server.port(), "127.0.0.2"));
            }
            await().atMost(WAIT).until(() -> stats.open() == 40);
            for (String from : List.of("127.0.0.3", "127.0.0.4", "127.0.0.5")) {
                for (int i = 0; i < 20; i++) {
                    clients.add(new HelloClient(server.port(), from));
                }
            }
            // each newcomer took a connection from the busiest address while that one held at least two more,
            // which ends with 10 per address: 43 taken, 17 refused
            await().atMost(WAIT).until(() -> stats.rejected(TcpStats.RejectReason.FAIR_SHARE) == 43
                    && stats.rejected(TcpStats.RejectReason.LIMIT) == 17 && stats.open() == 40);
        } finally {
            for (HelloClient client : clients) {
                client.close();
            }
        }
    }

    private void sendAndAwaitRead(HelloClient client, String text) throws IOException {
        long target = stats.bytesReceived() + text.length();
        client.send(text);
        await().atMost(WAIT).until(() -> stats.bytesReceived() >= target);
    }

    private void sendAndAwaitBuffered(HelloClient client, String text, long buffered) throws IOException {
        client.send(text);
        await().atMost(WAIT).until(() -> stats.bufferedBytes() == buffered);
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
