package dev.corojobs.jobs.store;

import dev.corojobs.jobs.JobError;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns what jobs hold in memory (progress maps, results, errors) into the JSON the store keeps, and back. A
 * result comes back as plain JSON data (maps, lists, strings, numbers), whatever type the work returned.
 */
public final class JobCodec {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JsonMapper json;

    public JobCodec(JsonMapper json) {
        this.json = json;
    }

    public String progress(Map<String, Object> progress) {
        return progress == null ? null : json.writeValueAsString(progress);
    }

    public Map<String, Object> progress(String stored) {
        return stored == null ? Map.of() : json.readValue(stored, MAP);
    }

    public byte[] result(Object result) {
        return json.writeValueAsString(result).getBytes(StandardCharsets.UTF_8);
    }

    public Object result(byte[] stored) {
        return json.readValue(stored, Object.class);
    }

    public String error(JobError error) {
        return error == null ? null : json.writeValueAsString(error);
    }

    public JobError error(String stored) {
        return stored == null ? null : json.readValue(stored, JobError.class);
    }

    /** Reads one field of an event's snapshot JSON. */
    public Map<String, Object> event(String snapshot) {
        return json.readValue(snapshot, MAP);
    }
}
