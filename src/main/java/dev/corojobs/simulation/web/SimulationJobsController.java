package dev.corojobs.simulation.web;

import dev.corojobs.jobs.JobService;
import dev.corojobs.jobs.JobSnapshot;
import dev.corojobs.jobs.JobWork;
import dev.corojobs.simulation.SimulationExamples;
import dev.corojobs.web.JobAccess;
import dev.corojobs.web.JobNotFound;
import dev.corojobs.web.JobSubmissionResponses;
import dev.corojobs.web.JobSubmissions;
import dev.corojobs.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Scheduler simulations: submit one, list the built-in examples, stream a job's trace. */
@RestController
@Tag(name = "Scheduler simulations", description = "Programs of cooperative tasks run on the seed's OS-scheduler "
        + "kernel (GetTid, NewTask, KillTask, WaitTask, Sleep, yield), as jobs.")
class SimulationJobsController {

    private static final String PROGRAM_EXAMPLE = """
            {"program": {
              "tasks": {
                "ping": [{"op": "getTid", "into": "me"},
                         {"op": "repeat", "times": 3, "var": "i", "body": [
                            {"op": "print", "text": "ping {me} round {i}"}, {"op": "yield"}]}],
                "sleeper": [{"op": "sleep", "ticks": 5}, {"op": "print", "text": "sleeper woke up"}]
              },
              "start": ["ping", "sleeper", {"task": "ping", "count": 2}],
              "traceLimit": 100
            }}""";

    private final JobSubmissions submissions;
    private final JobService jobs;
    private final JobAccess access;
    private final SimulationExamples examples;

    SimulationJobsController(JobSubmissions submissions, JobService jobs, JobAccess access, SimulationExamples examples) {
        this.submissions = submissions;
        this.jobs = jobs;
        this.access = access;
        this.examples = examples;
    }

    @PostMapping(path = "/api/v1/jobs/scheduler-simulations", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Run a scheduler simulation",
            description = "Runs a built-in example (`{\"example\": \"seed\"}` prints the seed article's 19 lines) or a "
                    + "program in the task language as a job of type `scheduler-simulation`. Answers 202 with the job, "
                    + "or 200 with the finished job if it ends within `wait`. The result holds the trace (up to "
                    + "`traceLimit` lines), counts and per-task summaries; GET /api/v1/jobs/{id}/trace streams the "
                    + "full trace. A program that exceeds `maxSteps`, deadlocks or exceeds the task cap ends FAILED "
                    + "with its partial result in the error.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = SimulationRequest.class),
            examples = {
                    @ExampleObject(name = "seed", summary = "The seed article's foo/bar run (19 lines)",
                            value = "{\"example\": \"seed\"}"),
                    @ExampleObject(name = "wait-and-sleep", summary = "WaitTask and Sleep on the virtual clock",
                            value = "{\"example\": \"wait-and-sleep\"}"),
                    @ExampleObject(name = "spawn-many", summary = "1000 tasks started at once",
                            value = "{\"example\": \"spawn-many\"}"),
                    @ExampleObject(name = "program", summary = "Your own program", value = PROGRAM_EXAMPLE),
                    @ExampleObject(name = "max-steps", summary = "Fails on purpose: maxSteps exceeded",
                            value = "{\"example\": \"max-steps\"}")}))
    @ApiResponse(responseCode = "200", description = "The job ended within `wait`")
    @ApiResponse(responseCode = "202", description = "The job was queued; follow the Location header")
    @ApiResponse(responseCode = "400", description = "Invalid program or request: the problem's `errors[].field` "
            + "names the place (e.g. `program.tasks.foo[2].op`) and `pointer` gives it as a JSON pointer",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "429", description = "Job queue full; retry after Retry-After seconds",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<?> submit(@RequestBody SimulationRequest request,
            @Parameter(description = "Wait up to this long for the job to end: ISO-8601 (PT10S) or seconds; at most 60 s",
                    example = "PT10S")
            @RequestParam(required = false) String wait,
            @Parameter(description = JobSubmissionResponses.TIMEOUT, example = "PT30S")
            @RequestParam(required = false) String timeout,
            @Parameter(description = "Submitting again with the same key and body answers with the same job")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return submissions.submit(SimulationJobType.NAME, request, null, wait, timeout, idempotencyKey);
    }

    @GetMapping(path = "/api/v1/scheduler-simulations/examples", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List the built-in example programs",
            description = "Each with its name (submit it as `{\"example\": name}`), what it shows, and its program.")
    Collection<SimulationExamples.Example> examples() {
        return examples.all();
    }

    @GetMapping(path = "/api/v1/jobs/{id}/trace", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "Stream a simulation's full trace",
            description = "Every trace line so far as text/plain, one per line, `Task N terminated` included: the "
                    + "lines kept in the result and those spooled to disk beyond `traceLimit` (up to the configured "
                    + "cap). Works while the job runs and after it ended (also FAILED or CANCELLED). With "
                    + "`traceLimit` 0 printing is off and the trace is empty.")
    @ApiResponse(responseCode = "200", description = "The trace", content = @Content(mediaType = MediaType.TEXT_PLAIN_VALUE))
    @ApiResponse(responseCode = "404", description = "No such job, or it is not a scheduler simulation",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<StreamingResponseBody> trace(@PathVariable UUID id) {
        JobSnapshot job = access.require(id);
        if (!SimulationJobType.NAME.equals(job.type())) {
            throw Problems.exception(HttpStatus.NOT_FOUND, "no-trace", "No trace",
                    "Job " + id + " is not a scheduler simulation; only those have a trace");
        }
        JobWork.Trace trace = jobs.trace(id).orElseThrow(() -> JobNotFound.of(id));
        StreamingResponseBody body = trace::writeTo;
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8)).body(body);
    }
}
