package dev.corojobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A kernel whose I/O waits go to a {@link SelectorPoller}, on a pipe. */
class SelectorPollerTest {

    private final SelectorPoller poller = new SelectorPoller();
    private final Kernel kernel = new Kernel(TaskKind.TCP, new TaskTracker(), null, poller, true);
    private final Pipe pipe;

    SelectorPollerTest() throws IOException {
        pipe = Pipe.open();
        pipe.source().configureBlocking(false);
    }

    @AfterEach
    void close() throws IOException {
        pipe.source().close();
        pipe.sink().close();
        poller.close();
    }

    /** Waits until the pipe is readable, then returns the byte read. */
    private final class Reader extends StacklessCoroutine<Object, SystemCall, Object> implements SystemCall.Body {
        volatile boolean waiting;

        @Override
        protected void step(Object sent) {
            ByteBuffer one = ByteBuffer.allocate(1);
            try {
                if (pipe.source().read(one) == 0) {
                    waiting = true;
                    yieldValue(new SystemCall.WaitRead(pipe.source()));
                    return;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            finish((int) one.get(0));
        }
    }

    /** Sleeps 30 ticks (milliseconds on this kernel) once. */
    private static final class Sleeper extends StacklessCoroutine<Object, SystemCall, Object> implements SystemCall.Body {
        private boolean slept;

        @Override
        protected void step(Object sent) {
            if (slept) {
                finish(null);
            } else {
                slept = true;
                yieldValue(new SystemCall.Sleep(30));
            }
        }
    }

    @Test
    void wakesATaskWhenItsChannelIsReady() throws Exception {
        Reader reader = new Reader();
        kernel.spawn(reader);
        CompletableFuture<Kernel.Status> run = CompletableFuture.supplyAsync(() -> kernel.run(Long.MAX_VALUE));

        pipe.sink().write(ByteBuffer.wrap(new byte[] {42}));

        assertThat(run.get(10, TimeUnit.SECONDS)).isEqualTo(Kernel.Status.FINISHED);
        assertThat(reader.returnValue()).isEqualTo(42);
        assertThat(poller.hasWaiters()).isFalse();
    }

    @Test
    void forgetsTheWaitOfAKilledTask() throws Exception {
        Reader reader = new Reader();
        int tid = kernel.spawn(reader);
        CompletableFuture<Kernel.Status> run = CompletableFuture.supplyAsync(() -> kernel.run(Long.MAX_VALUE));
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.waiting);

        CompletableFuture<List<Boolean>> waiters = new CompletableFuture<>();
        kernel.execute(() -> {
            boolean before = poller.hasWaiters();
            kernel.kill(tid);
            waiters.complete(List.of(before, poller.hasWaiters()));
        });

        assertThat(waiters.get(10, TimeUnit.SECONDS)).containsExactly(true, false);
        assertThat(run.get(10, TimeUnit.SECONDS)).isEqualTo(Kernel.Status.FINISHED);
    }

    @Test
    void sleepsOnTheRealClock() {
        long start = poller.now();
        kernel.spawn(new Sleeper());

        assertThat(kernel.run(Long.MAX_VALUE)).isEqualTo(Kernel.Status.FINISHED);
        assertThat(poller.now() - start).isGreaterThanOrEqualTo(30);
    }
}
