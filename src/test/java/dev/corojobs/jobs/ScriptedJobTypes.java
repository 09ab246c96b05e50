package dev.corojobs.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Job types for tests that hand the service work they hold on to: each submission registers its work under its
 * request JSON, and the type makes that work when the service asks for it.
 */
final class ScriptedJobTypes {

    private final Map<String, Supplier<JobWork>> works = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final JobTypes types;

    ScriptedJobTypes(String... names) {
        this.types = new JobTypes(java.util.Arrays.stream(names).<JobType>map(this::type).toList());
    }

    JobTypes types() {
        return types;
    }

    /** A submission of a fresh request whose work {@code work} makes. */
    JobSubmission of(String type, Supplier<JobWork> work) {
        return submission(type, "{\"work\":" + sequence.incrementAndGet() + "}", work, null, null);
    }

    JobSubmission submission(String type, String json, Supplier<JobWork> work, Duration timeout, String idempotencyKey) {
        works.put(json, work);
        return new JobSubmission(type, json, null, null, timeout, idempotencyKey, null);
    }

    private JobType type(String name) {
        return new JobType() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public JobWork work(JobRequest request) {
                return works.get(request.json()).get();
            }
        };
    }

    static List<String> names(String... names) {
        return List.of(names);
    }
}
