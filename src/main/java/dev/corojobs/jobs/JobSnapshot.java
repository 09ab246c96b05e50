package dev.corojobs.jobs;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A job as it stood at one moment: what clients see.
 *
 * @param owner who submitted it, or null when callers are not identified
 * @param progress the latest progress the work yielded (type-specific numbers), empty before the first step
 * @param result what the work returned (plain data: maps, lists, records), when {@code state} is {@link JobState#SUCCEEDED}
 * @param error why it failed, when {@code state} is {@link JobState#FAILED}
 * @param attempt which run of the job this is, from 1
 * @param worker the process running or last running it ({@code host/pid}), null while it has not started
 */
public record JobSnapshot(
        UUID id,
        String type,
        JobState state,
        String owner,
        Instant submittedAt,
        Instant startedAt,
        Instant finishedAt,
        Map<String, Object> progress,
        Object result,
        JobError error,
        int attempt,
        String worker) {
}
