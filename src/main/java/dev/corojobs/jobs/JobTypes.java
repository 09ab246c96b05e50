package dev.corojobs.jobs;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** Every {@link JobType} of this application, by name: what can be submitted, and how a kept job becomes work. */
@Component
public class JobTypes {

    private final SortedMap<String, JobType> byName;

    public JobTypes(List<JobType> types) {
        TreeMap<String, JobType> named = new TreeMap<>();
        for (JobType type : types) {
            JobType clash = named.put(type.name(), type);
            if (clash != null) {
                throw new IllegalStateException("two job types are named '" + type.name() + "': " + clash + " and " + type);
            }
        }
        this.byName = Collections.unmodifiableSortedMap(named);
    }

    public Optional<JobType> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The type named {@code name}, or an {@link UnknownJobTypeException}. */
    public JobType get(String name) {
        JobType type = byName.get(name);
        if (type == null) {
            throw new UnknownJobTypeException(name, List.copyOf(byName.keySet()));
        }
        return type;
    }

    /** The type submitted at {@code /api/v1/jobs/{resource}}, if any. */
    public Optional<JobType> byResource(String resource) {
        return byName.values().stream().filter(type -> type.resource().equals(resource)).findFirst();
    }

    /** All types, sorted by name. */
    public List<JobType> all() {
        return List.copyOf(byName.values());
    }
}
