package dev.corojobs.web;

import dev.corojobs.jobs.JobService;
import dev.corojobs.jobs.JobSnapshot;
import dev.corojobs.jobs.JobState;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Streams one job's changes as Server-Sent Events. The store's notifications (or the poll) only enqueue
 * snapshots; a virtual thread per stream writes them, so a slow client never holds anything up. Each stream holds
 * at most {@value #QUEUE_CAPACITY} snapshots: a subscriber that falls further behind is dropped (its stream ends,
 * an {@code EventSource} reconnects with {@code Last-Event-ID} and gets what it missed from the store), and a
 * stream ends after {@link #STREAM_TIMEOUT} whatever the job does, so no stream holds memory or a connection for
 * ever.
 */
final class JobEventStream {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    static final int QUEUE_CAPACITY = 64;
    static final Duration STREAM_TIMEOUT = Duration.ofHours(1);

    private JobEventStream() {
    }

    /**
     * An emitter that sends {@code state} and {@code progress} events until the job ends, or empty if unknown.
     * Event ids are the store's, so a client that reconnects with {@code Last-Event-ID} (on any replica) gets
     * what it missed.
     */
    static Optional<SseEmitter> open(JobService jobs, UUID id, long lastEventId) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        BlockingQueue<Update> events = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        AtomicReference<Thread> writerRef = new AtomicReference<>();
        Optional<Runnable> subscription = jobs.subscribe(id, lastEventId, (eventId, job) -> {
            if (!events.offer(new Update(eventId, job))) {
                Thread behind = writerRef.get();
                if (behind != null) {
                    behind.interrupt(); // too slow: drop this subscriber rather than buffer for it
                }
            }
        });
        if (subscription.isEmpty()) {
            return Optional.empty();
        }
        Thread writer = Thread.ofVirtual().name("job-events-" + id).unstarted(() -> {
            try {
                write(emitter, events);
            } finally {
                subscription.get().run();
            }
        });
        emitter.onCompletion(writer::interrupt);
        emitter.onTimeout(writer::interrupt);
        emitter.onError(failure -> writer.interrupt());
        writerRef.set(writer);
        writer.start();
        return Optional.of(emitter);
    }

    private record Update(long eventId, JobSnapshot job) {
    }

    private static void write(SseEmitter emitter, BlockingQueue<Update> events) {
        JobState sentState = null;
        try {
            for (;;) {
                Update update = events.poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
                if (update == null) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                    continue;
                }
                JobSnapshot job = update.job();
                String name = job.state() == sentState ? "progress" : "state";
                emitter.send(SseEmitter.event().id(Long.toString(update.eventId())).name(name)
                        .data(JobView.of(job), MediaType.APPLICATION_JSON));
                sentState = job.state();
                if (job.state().isFinal()) {
                    emitter.complete();
                    return;
                }
            }
        } catch (InterruptedException e) {
            emitter.complete();
        } catch (IOException | IllegalStateException clientGone) {
            // the client went away or the stream was already completed: nothing left to do
        }
    }
}
