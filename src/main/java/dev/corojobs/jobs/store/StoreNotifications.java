package dev.corojobs.jobs.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on one dedicated connection for the store's notifications ({@code LISTEN}) and hands them to
 * subscribers on its own thread. Listeners must be quick and must not throw. When the connection fails it is
 * opened again after a pause; meanwhile nothing is heard, so every subscriber also polls (slowly).
 */
public final class StoreNotifications implements AutoCloseable {

    /** Opens a new connection, not one of a pool: it stays open and listening as long as this runs. */
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    static final String QUEUED = "corojobs_queued";
    static final String EVENTS = "corojobs_events";
    static final String CANCEL = "corojobs_cancel";

    private static final Logger log = LoggerFactory.getLogger(StoreNotifications.class);
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(2);

    private final ConnectionFactory connections;
    private final List<Runnable> queuedListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<UUID>> cancelListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<UUID, Long>> eventListeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean listening;
    private volatile boolean closed;

    public StoreNotifications(ConnectionFactory connections) {
        this.connections = connections;
        this.thread = Thread.ofPlatform().name("corojobs-store-listen").daemon(true).unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** True while the listening connection is open. */
    public boolean isListening() {
        return listening;
    }

    /** Jobs were queued (submitted, requeued, rescued). */
    public void onQueued(Runnable listener) {
        queuedListeners.add(listener);
    }

    /** A client asked to cancel a running job. */
    public void onCancel(Consumer<UUID> listener) {
        cancelListeners.add(listener);
    }

    /** A job changed: its id and the id of the event that recorded the change. */
    public Runnable onEvent(BiConsumer<UUID, Long> listener) {
        eventListeners.add(listener);
        return () -> eventListeners.remove(listener);
    }

    private void run() {
        while (!closed) {
            try (Connection connection = connections.open()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + QUEUED + "; LISTEN " + EVENTS + "; LISTEN " + CANCEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                listening = true;
                // whatever happened while nobody listened: let claimers look at the queue
                queuedListeners.forEach(Runnable::run);
                while (!closed) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatch(notification.getName(), notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                log.warn("Listening for job notifications failed ({}); polling until it reconnects", e.toString());
            } finally {
                listening = false;
            }
            pause();
        }
    }

    private void dispatch(String channel, String payload) {
        try {
            switch (channel) {
                case QUEUED -> queuedListeners.forEach(Runnable::run);
                case CANCEL -> {
                    UUID id = UUID.fromString(payload);
                    cancelListeners.forEach(listener -> listener.accept(id));
                }
                case EVENTS -> {
                    int space = payload.indexOf(' ');
                    UUID id = UUID.fromString(payload.substring(0, space));
                    long eventId = Long.parseLong(payload.substring(space + 1));
                    eventListeners.forEach(listener -> listener.accept(id, eventId));
                }
                default -> log.debug("Ignoring a notification on {}", channel);
            }
        } catch (RuntimeException e) {
            log.warn("A listener of {} failed: {}", channel, e.toString());
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
