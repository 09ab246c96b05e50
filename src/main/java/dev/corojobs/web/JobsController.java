package dev.corojobs.web;

import dev.corojobs.jobs.CancelOutcome;
import dev.corojobs.jobs.JobService;
import dev.corojobs.jobs.JobState;
import dev.corojobs.jobs.JobsProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Reading, listing, following and cancelling jobs of every type. */
@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "Jobs", description = "Follow, list and cancel jobs of every type. Submit them with POST /api/v1/jobs/{type}.")
class JobsController {

    static final int MAX_PAGE_SIZE = 100;
    private static final Duration ASYNC_MARGIN = Duration.ofSeconds(30);

    private final JobService jobs;
    private final JobAccess access;
    private final Duration maxWait;

    JobsController(JobService jobs, JobAccess access, JobsProperties properties) {
        this.jobs = jobs;
        this.access = access;
        this.maxWait = properties.maxWait();
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Get a job",
            description = "The job's state, timestamps and progress; its result when SUCCEEDED, its error (a problem "
                    + "detail) when FAILED. With `wait`, answers as soon as the job ends or when the wait is over.")
    @ApiResponse(responseCode = "200", description = "The job")
    @ApiResponse(responseCode = "400", description = "Invalid id or wait", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such job (never existed, or removed after its retention)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    DeferredResult<JobView> get(@PathVariable UUID id,
            @Parameter(description = "Wait up to this long for the job to end: ISO-8601 (PT10S) or seconds; at most 60 s",
                    example = "PT5S")
            @RequestParam(required = false) String wait) {
        Duration waitFor = DurationParameter.wait(wait, maxWait);
        // the request thread is released while waiting; the async timeout only guards against a lost completion
        DeferredResult<JobView> answer = new DeferredResult<>(
                (waitFor == null ? 0 : waitFor.toMillis()) + ASYNC_MARGIN.toMillis());
        access.require(id);
        jobs.whenFinished(id, waitFor).orElseThrow(() -> JobNotFound.of(id))
                .whenComplete((job, failure) -> {
                    if (failure != null) {
                        answer.setErrorResult(failure);
                    } else {
                        answer.setResult(JobView.of(job));
                    }
                });
        return answer;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List jobs", description = "Jobs still retained, newest first, optionally filtered by type and state. "
            + "Items are jobs without `result`; read a job's result with GET /api/v1/jobs/{id}.")
    @ApiResponse(responseCode = "200", description = "One page of jobs")
    @ApiResponse(responseCode = "400", description = "Invalid state, page or size", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    JobListView list(
            @Parameter(description = "Only jobs of this type", example = "scheduler-simulation")
            @RequestParam(required = false) String type,
            @Parameter(description = "Only jobs in this state") @RequestParam(required = false) JobState state,
            @Parameter(description = "Page number, from 0") @RequestParam(defaultValue = "0") int page,
            @Parameter(description = "Page size, 1 to 100") @RequestParam(defaultValue = "20") int size) {
        if (page < 0) {
            throw new InvalidInputException("page", "must be 0 or more, was " + page);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidInputException("size", "must be between 1 and " + MAX_PAGE_SIZE + ", was " + size);
        }
        return JobListView.of(jobs.list(type == null || type.isBlank() ? null : type, state, access.listedOwner(), page, size));
    }

    @DeleteMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Cancel a job, or delete a finished one",
            description = "A queued or running job is cancelled: its coroutines are closed so their cleanup runs, and "
                    + "it is returned in CANCELLED. The record of a job that has already ended is removed (204).")
    @ApiResponse(responseCode = "200", description = "The cancelled job")
    @ApiResponse(responseCode = "204", description = "The finished job's record was removed")
    @ApiResponse(responseCode = "404", description = "No such job", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<JobView> cancel(@PathVariable UUID id) {
        access.require(id);
        CancelOutcome outcome = jobs.cancel(id).orElseThrow(() -> JobNotFound.of(id));
        return switch (outcome) {
            case CancelOutcome.Cancelled(var job) -> ResponseEntity.ok(JobView.of(job));
            case CancelOutcome.Removed removed -> ResponseEntity.noContent().build();
        };
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Follow a job (Server-Sent Events)",
            description = "Sends the job at once, then a `state` event on each state change and `progress` events "
                    + "(at most every 100 ms) while it runs; each event's data is the job JSON. The stream ends "
                    + "after the event with the final state.")
    @ApiResponse(responseCode = "200", description = "An event stream of job snapshots",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(implementation = JobView.class)))
    @ApiResponse(responseCode = "404", description = "No such job", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    SseEmitter events(@PathVariable UUID id,
            @Parameter(description = "Resume after this event id (sent by EventSource when it reconnects)")
            @RequestHeader(name = "Last-Event-ID", required = false) Long lastEventId) {
        access.require(id);
        return JobEventStream.open(jobs, id, lastEventId == null ? 0 : lastEventId)
                .orElseThrow(() -> JobNotFound.of(id));
    }
}
