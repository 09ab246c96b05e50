package dev.corojobs.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.corojobs.jobs.JobSnapshot;
import dev.corojobs.jobs.JobState;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ProblemDetail;

/**
 * A job as the list shows it: everything {@link JobView} has except the result, which can be large (a simulation's
 * trace and timeline) and is read with GET /api/v1/jobs/{id}.
 */
@Schema(name = "JobSummary", description = "A job without its result: state, timestamps, progress, and its error "
        + "once it has failed. Read the result with GET /api/v1/jobs/{id}.")
record JobSummary(
        @Schema(description = "Job id; the job's URL is /api/v1/jobs/{id}") UUID id,
        @Schema(description = "Job type", example = "scheduler-simulation") String type,
        @Schema(description = "QUEUED, RUNNING, then SUCCEEDED, FAILED or CANCELLED") JobState state,
        Instant submittedAt,
        @Schema(description = "When a worker started it; null while queued") Instant startedAt,
        @Schema(description = "When it ended; null until then") Instant finishedAt,
        @Schema(description = "Type-specific progress numbers, e.g. steps run or lines read") Map<String, Object> progress,
        @Schema(description = "Why it failed (an RFC 9457 problem detail); present when FAILED")
        @JsonInclude(JsonInclude.Include.NON_NULL) ProblemDetail error) {

    static JobSummary of(JobSnapshot job) {
        return new JobSummary(job.id(), job.type(), job.state(), job.submittedAt(), job.startedAt(), job.finishedAt(),
                job.progress(), job.error());
    }
}
