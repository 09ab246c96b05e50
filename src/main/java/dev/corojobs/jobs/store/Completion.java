package dev.corojobs.jobs.store;

import dev.corojobs.jobs.JobState;
import java.util.Objects;

/**
 * How a running job ended, as its worker reports it.
 *
 * @param result the result JSON (UTF-8), for {@link JobState#SUCCEEDED}
 * @param error the error JSON, for {@link JobState#FAILED}
 * @param progress the last progress JSON, or null to keep the stored one
 */
public record Completion(JobState state, byte[] result, String error, String progress) {

    public Completion {
        Objects.requireNonNull(state, "state");
        if (!state.isFinal()) {
            throw new IllegalArgumentException("a completion ends the job, " + state + " does not");
        }
    }

    public static Completion succeeded(byte[] result, String progress) {
        return new Completion(JobState.SUCCEEDED, result, null, progress);
    }

    public static Completion failed(String error, String progress) {
        return new Completion(JobState.FAILED, null, error, progress);
    }

    public static Completion cancelled(String progress) {
        return new Completion(JobState.CANCELLED, null, null, progress);
    }
}
