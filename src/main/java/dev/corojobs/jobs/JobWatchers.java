package dev.corojobs.jobs;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Who waits for changes of which job on this replica (waiting submissions, event streams). The store's
 * notifications say which job changed; a periodic poll wakes everyone in case a notification was missed
 * (no listening connection, or a pooler that drops them).
 */
final class JobWatchers {

    private final ConcurrentHashMap<UUID, List<Runnable>> byJob = new ConcurrentHashMap<>();

    /** Calls {@code onChange} (on a notification thread: it must not block long) until the handle is run. */
    Runnable watch(UUID id, Runnable onChange) {
        byJob.computeIfAbsent(id, key -> new CopyOnWriteArrayList<>()).add(onChange);
        return () -> byJob.computeIfPresent(id, (key, watchers) -> {
            watchers.remove(onChange);
            return watchers.isEmpty() ? null : watchers;
        });
    }

    void changed(UUID id) {
        List<Runnable> watchers = byJob.get(id);
        if (watchers != null) {
            watchers.forEach(JobWatchers::runQuietly);
        }
    }

    void pollAll() {
        byJob.values().forEach(watchers -> watchers.forEach(JobWatchers::runQuietly));
    }

    private static void runQuietly(Runnable watcher) {
        try {
            watcher.run();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(JobWatchers.class).warn("A job watcher failed: {}", e.toString());
        }
    }
}
