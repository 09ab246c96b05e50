package dev.corojobs.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.corojobs.jobs.JobSnapshot;
import dev.corojobs.jobs.JobState;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ProblemDetail;

/** A job as the API shows it; in lists without its result. */
@Schema(name = "Job", description = "A job: its state, timestamps, progress, and its result or error once it has "
        + "ended. List items (GET /api/v1/jobs) leave out `result`: read it with GET /api/v1/jobs/{id}.")
record JobView(
        @Schema(description = "Job id; the job's URL is /api/v1/jobs/{id}") UUID id,
        @Schema(description = "Job type", example = "scheduler-simulation") String type,
        @Schema(description = "QUEUED, RUNNING, then SUCCEEDED, FAILED or CANCELLED") JobState state,
        @Schema(description = "Who submitted it; absent when callers are not identified")
        @JsonInclude(JsonInclude.Include.NON_NULL) String owner,
        Instant submittedAt,
        @Schema(description = "When a worker started it; null while queued") Instant startedAt,
        @Schema(description = "When it ended; null until then") Instant finishedAt,
        @Schema(description = "Which run of the job this is, from 1") int attempt,
        @Schema(description = "The process running it or that ran it (host/pid); null while queued", example = "web-1/42")
        String worker,
        @Schema(description = "Type-specific progress numbers, e.g. steps run or lines read") Map<String, Object> progress,
        @Schema(description = "The job's result; present when SUCCEEDED, except in lists")
        @JsonInclude(JsonInclude.Include.NON_NULL) Object result,
        @Schema(description = "Why it failed (an RFC 9457 problem detail); present when FAILED")
        @JsonInclude(JsonInclude.Include.NON_NULL) ProblemDetail error) {

    static JobView of(JobSnapshot job) {
        return of(job, job.result());
    }

    /** Without the result, which can be large (a simulation's trace and timeline). */
    static JobView summary(JobSnapshot job) {
        return of(job, null);
    }

    private static JobView of(JobSnapshot job, Object result) {
        return new JobView(job.id(), job.type(), job.state(), job.owner(), job.submittedAt(), job.startedAt(),
                job.finishedAt(), job.attempt(), job.worker(), job.progress(), result,
                job.error() == null ? null : Problems.of(job.error()));
    }
}
