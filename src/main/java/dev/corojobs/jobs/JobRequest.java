package dev.corojobs.jobs;

import java.util.Objects;

/**
 * A job's request as it is kept: all a {@link JobType} needs to turn it into work on any replica.
 *
 * @param type the job type's name
 * @param json the request body as JSON text (plain data the type parses again)
 * @param input a reference to input kept outside the request, such as an uploaded file's path, or null
 */
public record JobRequest(String type, String json, String input) {

    public JobRequest {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(json, "json");
    }
}
