package dev.corojobs.jobs;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/** Retained jobs by type and state, kept up to date on each state change (not recounted on scrape). */
final class JobCounts {

    private final ConcurrentHashMap<String, AtomicLongArray> byType = new ConcurrentHashMap<>();
    private final Consumer<String> onNewType;

    JobCounts(Consumer<String> onNewType) {
        this.onNewType = onNewType;
    }

    void add(String type, JobState state) {
        counts(type).incrementAndGet(state.ordinal());
    }

    void remove(String type, JobState state) {
        counts(type).decrementAndGet(state.ordinal());
    }

    void move(String type, JobState from, JobState to) {
        AtomicLongArray counts = counts(type);
        counts.incrementAndGet(to.ordinal());
        counts.decrementAndGet(from.ordinal());
    }

    long count(String type, JobState state) {
        AtomicLongArray counts = byType.get(type);
        return counts == null ? 0 : counts.get(state.ordinal());
    }

    Set<String> types() {
        return byType.keySet();
    }

    private AtomicLongArray counts(String type) {
        AtomicLongArray counts = byType.get(type);
        if (counts != null) {
            return counts;
        }
        boolean[] created = {false};
        counts = byType.computeIfAbsent(type, t -> {
            created[0] = true;
            return new AtomicLongArray(JobState.values().length);
        });
        if (created[0]) {
            onNewType.accept(type);
        }
        return counts;
    }
}
