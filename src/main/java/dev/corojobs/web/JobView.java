package dev.corojobs.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.corojobs.jobs.JobSnapshot;
import dev.corojobs.jobs.JobState;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ProblemDetail;

/** A job as the API shows it. */
@Schema(name = "Job", description = "A job: its state, timestamps, progress, and its result or error once it has ended")
record JobView(
        @Schema(description = "Job id; the job's URL is /api/v1/jobs/{id}") UUID id,
        @Schema(description = "Job type", example = "scheduler-simulation") String type,
        @Schema(description = "QUEUED, RUNNING, then SUCCEEDED, FAILED or CANCELLED") JobState state,
        Instant submittedAt,
        @Schema(description = "When a worker started it; null while queued") Instant startedAt,
        @Schema(description = "When it ended; null until then") Instant finishedAt,
        @Schema(description = "Type-specific progress numbers, e.g. steps run or lines read") Map<String, Object> progress,
        @Schema(description = "The job's result; present when SUCCEEDED")
        @JsonInclude(JsonInclude.Include.NON_NULL) Object result,
        @Schema(description = "Why it failed (an RFC 9457 problem detail); present when FAILED")
        @JsonInclude(JsonInclude.Include.NON_NULL) ProblemDetail error) {

    static JobView of(JobSnapshot job) {
        return new JobView(job.id(), job.type(), job.state(), job.submittedAt(), job.startedAt(), job.finishedAt(),
                job.progress(), job.result(), job.error());
    }
}
