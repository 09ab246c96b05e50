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
 * Streams one job's changes as Server-Sent Events. The job's worker thread only enqueues snapshots; a virtual
 * thread per stream writes them, so a slow client never holds up a job. Each stream holds at most
 * {@value #QUEUE_CAPACITY} snapshots: a subscriber that falls further behind is dropped (its stream ends, an
 * {@code EventSource} reconnects and starts from the current snapshot), and a stream ends after
 * {@link #STREAM_TIMEOUT} whatever the job does, so no stream holds memory or a connection for ever.
 */
final class JobEventStream {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    static final int QUEUE_CAPACITY = 64;
    static final Duration STREAM_TIMEOUT = Duration.ofHours(1);

    private JobEventStream() {
    }

    /** An emitter that sends {@code state} and {@code progress} events until the job ends, or empty if unknown. */
    static Optional<SseEmitter> open(JobService jobs, UUID id) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        BlockingQueue<JobSnapshot> events = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        AtomicReference<Thread> writerRef = new AtomicReference<>();
        Optional<Runnable> subscription = jobs.subscribe(id, snapshot -> {
            if (!events.offer(snapshot)) {
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

    private static void write(SseEmitter emitter, BlockingQueue<JobSnapshot> events) {
        JobState sentState = null;
        long eventId = 0;
        try {
            for (;;) {
                JobSnapshot job = events.poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
                if (job == null) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                    continue;
                }
                String name = job.state() == sentState ? "progress" : "state";
                emitter.send(SseEmitter.event().id(Long.toString(++eventId)).name(name)
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
