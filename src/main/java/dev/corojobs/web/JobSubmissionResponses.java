package dev.corojobs.web;

import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.http.ProblemDetail;

/**
 * The OpenAPI responses every {@code POST /api/v1/jobs/{type}} endpoint shares (what {@link JobSubmissions}
 * answers). Put it on a job type's submit method next to its {@code @Operation}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ApiResponses({
        @ApiResponse(responseCode = "202", description = "Accepted: the job is queued or running; `Location` is its URL",
                headers = @Header(name = "Location", description = "The job's URL, /api/v1/jobs/{id}"),
                content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class))),
        @ApiResponse(responseCode = "200", description = "The job ended within `wait` (or an Idempotency-Key matched a finished job)",
                content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class))),
        @ApiResponse(responseCode = "400", description = "Invalid body or `wait`; `detail` and `errors` name the field",
                content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "409", description = "The Idempotency-Key was used with a different request",
                content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "413", description = "The request body is too large",
                content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "415", description = "Unsupported Content-Type",
                content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "429", description = "The job queue is full; retry after `Retry-After` seconds",
                headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying"),
                content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
        @ApiResponse(responseCode = "503", description = "The service is shutting down; retry after `Retry-After` seconds",
                headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying"),
                content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
})
public @interface JobSubmissionResponses {

    /** How every job type documents its {@code timeout} query parameter. */
    String TIMEOUT = "Fail the job if it runs longer than this: ISO-8601 (PT5M) or seconds; at most "
            + "corojobs.jobs.max-timeout (1 h by default). A query parameter for every job type.";
}
