package dev.corojobs.jobs;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ProblemDetail;

/**
 * A job as it stood at one moment: what clients see.
 *
 * @param progress the latest progress the work yielded (type-specific numbers), empty before the first step
 * @param result what the work returned, when {@code state} is {@link JobState#SUCCEEDED}
 * @param error why it failed, when {@code state} is {@link JobState#FAILED}
 */
public record JobSnapshot(
        UUID id,
        String type,
        JobState state,
        Instant submittedAt,
        Instant startedAt,
        Instant finishedAt,
        Map<String, Object> progress,
        Object result,
        ProblemDetail error) {
}
