package dev.corojobs.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Job types for tests that hand the service work they hold on to: each submission registers its work under its
 * request JSON, and the type makes that work when a worker asks for it. The service's check at submission time
 * (which makes work and closes it at once) gets a stand-in, so the held work is the one that runs.
 */
final class ScriptedJobTypes {

    private final Map<String, Supplier<JobWork>> works = new ConcurrentHashMap<>();
    private final Map<String, Boolean> checked = new ConcurrentHashMap<>();
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
        works.put(key(json), work);
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
                String key = key(request.json());
                if (checked.putIfAbsent(key, true) == null) {
                    return CountingWork.quick(0);
                }
                return works.get(key).get();
            }
        };
    }

    /** The store keeps requests as jsonb, which spaces them its own way. */
    private static String key(String json) {
        return json.replaceAll("\\s", "");
    }

    static List<String> names(String... names) {
        return List.of(names);
    }
}
