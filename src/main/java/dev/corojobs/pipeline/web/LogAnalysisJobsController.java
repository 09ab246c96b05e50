package dev.corojobs.pipeline.web;

import dev.corojobs.jobs.JobInputs;
import dev.corojobs.security.Scope;
import dev.corojobs.security.SecurityProblems;
import dev.corojobs.web.InvalidInputException;
import dev.corojobs.web.JobSubmissionResponses;
import dev.corojobs.web.JobSubmissions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Encoding;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Submits {@code log-analysis} jobs: an uploaded log, or a file under the configured data directory. */
@RestController
@Tag(name = "Log analysis", description = "Access-log analysis pipelines (parse, broadcast, filter, map, reduce) run as jobs")
class LogAnalysisJobsController {

    private static final String PATH = "/api/v1/jobs/log-analysis";
    private static final String SEED_SPEC = """
            {"mode": "inline",
             "branches": [
               {"name": "seed", "where": {"ipPrefix": ["83.149.9.216", "93.114.45.13", "207.241.237.101"]}, "groupBy": "ip"},
               {"name": "errors", "where": {"status": ["4xx", "5xx"]}, "groupBy": "path", "top": 10}
             ]}""";
    private static final String PATH_EXAMPLE = """
            {"source": {"path": "sample/access.log"},
             "mode": "threaded",
             "branches": [
               {"name": "seed", "where": {"ipPrefix": ["83.149.9.216", "93.114.45.13", "207.241.237.101"]}, "groupBy": "ip"},
               {"name": "bytesByDay", "groupBy": "day", "aggregate": "bytes"},
               {"name": "slowBots", "where": {"method": ["GET"], "pathRegex": "\\\\.php$", "from": "2015-05-18T00:00:00Z"}, "groupBy": "userAgent", "top": 5}
             ]}""";

    private final JobSubmissions submissions;
    private final JobInputs inputs;
    private final JsonMapper json;

    LogAnalysisJobsController(JobSubmissions submissions, JobInputs inputs, JsonMapper json) {
        this.submissions = submissions;
        this.inputs = inputs;
        this.json = json;
    }

    /** Documented together with {@link #fromPath}: springdoc shows one operation per path and method. */
    @PostMapping(path = PATH, consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(hidden = true)
    ResponseEntity<?> upload(
            @Parameter(description = "The access log (plain or gzip)") @RequestPart(name = "file", required = false)
            MultipartFile file,
            @Parameter(description = "The pipeline spec as JSON; optional",
                    schema = @Schema(type = "string", example = SEED_SPEC))
            @RequestPart(name = "spec", required = false) String spec,
            @Parameter(description = "Wait up to this long for the job to end: ISO-8601 (PT10S) or seconds; at most 60 s",
                    example = "PT30S") @RequestParam(required = false) String wait,
            @Parameter(description = JobSubmissionResponses.TIMEOUT, example = "PT5M")
            @RequestParam(required = false) String timeout,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        Map<String, Object> specJson = spec == null || spec.isBlank() ? Map.of() : readSpec(spec);
        if (file == null || (file.isEmpty() && file.getOriginalFilename() == null)) {
            throw new InvalidInputException("file", "is required: the access log to analyse");
        }
        String upload = store(file);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("upload", String.valueOf(file.getOriginalFilename()));
        request.put("size", file.getSize());
        request.put("spec", specJson);
        try {
            JobSubmissions.Answer answer = submissions.answer(LogAnalysisJobType.NAME, request, upload, wait,
                    timeout, idempotencyKey);
            if (answer.existing()) {
                deleteQuietly(upload); // answered with an earlier job (Idempotency-Key): this upload is not needed
            }
            return answer.response();
        } catch (RuntimeException | Error e) {
            deleteQuietly(upload);
            throw e;
        }
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Analyse an access log: uploaded, or a file in the data directory",
            description = "As `multipart/form-data`: part `file` is the log (any format below; gzip is recognized by its "
                    + "magic bytes), optional part `spec` the pipeline as JSON. The upload is streamed into the job "
                    + "store, where any replica reads it, and goes with its job; over the upload limit: 413.\n\n"
                    + "As JSON: `source.path` names a file relative to `corojobs.pipeline.data-dir` (for big logs on a "
                    + "mounted volume; needs the scope `logs:read-server-files`, else 403); paths that leave that folder are refused (400). The other fields are the pipeline spec: `mode` "
                    + "(`inline` | `threaded` | `parallel`), `format` (`auto` | `combined` | `common` | `vhost_combined` | `nginx_main` | `json`, "
                    + "or `{\"apache\": \"%h %l ...\"}`, `{\"nginx\": \"$remote_addr ...\"}`, `{\"json\": {\"client\": \"ip\"}}`), "
                    + "`client` (`remote` | `forwarded`: the first X-Forwarded-For address), `maxMalformedShare` (default 0.5; "
                    + "past it the job fails naming better formats) and `branches`, each with a `name`, "
                    + "`groupBy` (`ip`, `status`, `method`, `path`, `pathWithQuery`, `query`, `request`, `protocol`, `hour`, `day`, "
                    + "`userAgent`, `referrer`, `user`, `vhost`, `port`, `forwardedFor`, or `$name` for a format's own field), "
                    + "optional `where` "
                    + "(`ipPrefix`, `status` codes or classes like `4xx`, `method`, `pathRegex`, `from`, `to`; all must hold), "
                    + "`aggregate` (`count` | `bytes`) and `top` N; `pathRegex` is searched in the path without its query. "
                    + "Without `branches`: the default report. The data directory holds a sample log, `sample/access.log`.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
        @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                schema = @Schema(implementation = LogAnalysisRequest.class),
                examples = {
                    @ExampleObject(name = "default report", value = "{\"source\": {\"path\": \"sample/access.log\"}}"),
                    @ExampleObject(name = "seed branches", value = PATH_EXAMPLE)}),
        @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                schema = @Schema(implementation = LogAnalysisUpload.class),
                encoding = @Encoding(name = "spec", contentType = MediaType.APPLICATION_JSON_VALUE))})
    @ApiResponse(responseCode = "202", description = "Accepted: the job, with its URL in Location")
    @ApiResponse(responseCode = "200", description = "The finished job (when it ended within `wait`)")
    @ApiResponse(responseCode = "400", description = "Invalid spec, missing file, or a path outside the data directory; "
            + "the problem's `errors[].field` names the place (e.g. `branches[1].groupBy`, `spec.branches[1].groupBy` "
            + "in the multipart part) and `pointer` gives it as a JSON pointer",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "The upload is over the limit",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "429", description = "Job queue full (Retry-After)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<?> fromPath(
            @RequestBody Map<String, Object> body,
            @Parameter(description = "Wait up to this long for the job to end: ISO-8601 (PT10S) or seconds; at most 60 s",
                    example = "PT30S") @RequestParam(required = false) String wait,
            @Parameter(description = JobSubmissionResponses.TIMEOUT, example = "PT5M")
            @RequestParam(required = false) String timeout,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @Parameter(hidden = true) Authentication caller) {
        if (body.containsKey("source") && !Scope.LOGS_READ_SERVER_FILES.grantedTo(caller)) {
            // the data directory's files are not the caller's: only a key trusted with them may name one
            throw SecurityProblems.missingScope(Scope.LOGS_READ_SERVER_FILES, caller);
        }
        return submissions.submit(LogAnalysisJobType.NAME, body, null, wait, timeout, idempotencyKey);
    }

    private Map<String, Object> readSpec(String spec) {
        try {
            Object parsed = json.readValue(spec, Object.class);
            if (parsed instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> specJson = (Map<String, Object>) map;
                return specJson;
            }
        } catch (JacksonException e) {
            throw new InvalidInputException("spec", "is not well-formed JSON: " + e.getOriginalMessage());
        }
        throw new InvalidInputException("spec", "must be a JSON object");
    }

    /**
     * Copies the upload (already spooled to disk by the servlet container) into the job store, chunk by chunk,
     * where the replica that runs the job reads it. A failure (the spool or the database out of space) keeps no
     * partial input and answers 507 with the reason.
     */
    private String store(MultipartFile file) {
        try (InputStream in = file.getInputStream()) {
            return inputs.save(in);
        } catch (IOException | DataAccessException e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INSUFFICIENT_STORAGE,
                    "cannot store the upload: " + e.getMessage());
            problem.setTitle("Upload not stored");
            throw new ErrorResponseException(HttpStatus.INSUFFICIENT_STORAGE, problem, e);
        }
    }

    private void deleteQuietly(String upload) {
        try {
            inputs.delete(upload);
        } catch (RuntimeException ignored) {
            // an unreferenced input is pruned later anyway
        }
    }

    /** The multipart variant's parts, for the API documentation. */
    @Schema(name = "LogAnalysisUpload", description = "An access log upload and an optional pipeline spec")
    record LogAnalysisUpload(
            @Schema(type = "string", format = "binary", description = "The access log (plain or gzip)",
                    requiredMode = Schema.RequiredMode.REQUIRED) String file,
            @Schema(description = "The pipeline spec (JSON); without it, the default report", example = SEED_SPEC) String spec) {
    }

    /** The JSON variant's body, for the API documentation (the controller reads it as a map). */
    @Schema(name = "LogAnalysisRequest", description = "A log file under the data directory and the pipeline spec")
    record LogAnalysisRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Source source,
            @Schema(description = "inline: all stages on one thread; threaded: each stage on its own worker behind a bounded queue",
                    allowableValues = {"inline", "threaded", "parallel"}, defaultValue = "inline") String mode,
            @Schema(description = "A preset (auto, combined, common, vhost_combined, nginx_main, json) or an object "
                    + "{\"apache\": \"...\"}, {\"nginx\": \"...\"}, {\"json\": {\"field\": \"key\"}}",
                    type = "string", example = "auto", defaultValue = "auto") Object format,
            @Schema(allowableValues = {"remote", "forwarded"}, defaultValue = "remote") String client,
            @Schema(description = "Past this share of malformed lines the job fails", defaultValue = "0.5") Double maxMalformedShare,
            @Schema(description = "Without branches: the default report") List<Branch> branches) {

        record Source(@Schema(description = "Relative to corojobs.pipeline.data-dir", example = "sample/access.log") String path) {
        }

        record Branch(
                @Schema(example = "seed", requiredMode = Schema.RequiredMode.REQUIRED) String name,
                Where where,
                @Schema(description = "A field, or $name for one of the format's own fields",
                        example = "path", requiredMode = Schema.RequiredMode.REQUIRED) String groupBy,
                @Schema(allowableValues = {"count", "bytes"}, defaultValue = "count") String aggregate,
                @Schema(description = "Keep the N largest (ties by key ascending)", example = "10") Integer top) {
        }

        record Where(
                @Schema(description = "The client starts with one of these", example = "[\"83.149.9.216\"]") List<String> ipPrefix,
                @Schema(description = "Codes or classes", example = "[\"4xx\", \"503\"]") List<String> status,
                @Schema(example = "[\"GET\"]") List<String> method,
                @Schema(description = "Searched for in the path (without its query string)", example = "^/images/") String pathRegex,
                @Schema(description = "Inclusive, ISO-8601", example = "2015-05-17T00:00:00Z") String from,
                @Schema(description = "Exclusive, ISO-8601", example = "2015-05-18T00:00:00Z") String to) {
        }
    }
}
