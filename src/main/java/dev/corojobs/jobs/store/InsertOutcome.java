package dev.corojobs.jobs.store;

import java.util.UUID;

/** What {@link JobStore#insert} did. */
public sealed interface InsertOutcome {

    /** The job was committed, queued. */
    record Created(StoredJob job) implements InsertOutcome {
    }

    /** The Idempotency-Key was used before with an equal request: that earlier job. */
    record Duplicate(StoredJob job) implements InsertOutcome {
    }

    /** The Idempotency-Key was used before with a different request. */
    record Conflict(UUID existingId) implements InsertOutcome {
    }

    /** Nothing was inserted: the owner already has {@code active} jobs queued or running, its limit. */
    record OverQuota(long active) implements InsertOutcome {
    }
}
