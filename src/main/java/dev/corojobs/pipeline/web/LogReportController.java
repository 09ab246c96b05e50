package dev.corojobs.pipeline.web;

import dev.corojobs.jobs.JobSnapshot;
import dev.corojobs.jobs.JobState;
import dev.corojobs.pipeline.report.ReportDocument;
import dev.corojobs.web.InvalidInputException;
import dev.corojobs.web.JobAccess;
import dev.corojobs.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A finished log analysis's report as a self-contained HTML page and as CSV per panel. */
@RestController
@Tag(name = "Log analysis")
class LogReportController {

    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final JobAccess access;

    LogReportController(JobAccess access) {
        this.access = access;
    }

    @GetMapping("/api/v1/jobs/{id}/report.html")
    @Operation(summary = "A log analysis's report as HTML",
            description = "Self-contained (inline CSS and SVG, no scripts, nothing fetched): the general figures and "
                    + "every panel as a table with a chart; prints cleanly.")
    @ApiResponse(responseCode = "200", description = "The report page", content = @Content(mediaType = "text/html"))
    @ApiResponse(responseCode = "404", description = "No such job", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "Not a log analysis, not finished, or computed without a report",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<String> html(@PathVariable UUID id) {
        ReportDocument report = report(id);
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
                .body(report.html("Access log report, job " + id));
    }

    @GetMapping("/api/v1/jobs/{id}/report.csv")
    @Operation(summary = "One panel of a log analysis's report as CSV",
            description = "Columns: group (the parent row of grouped panels), data, hits, hits_percent, visitors, "
                    + "visitors_percent, bytes, bytes_percent, and for request panels method and protocol.")
    @ApiResponse(responseCode = "200", description = "The panel", content = @Content(mediaType = "text/csv"))
    @ApiResponse(responseCode = "400", description = "Missing or unknown panel", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such job", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "Not a log analysis, not finished, or computed without a report",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<String> csv(@PathVariable UUID id,
            @Parameter(description = "visitors, requests, static_requests, not_found, hosts, os, browsers, visit_time, "
                    + "referring_sites, referrers or status_codes", example = "hosts")
            @RequestParam(required = false) String panel) {
        if (panel == null || !ReportDocument.PANELS.contains(panel)) {
            throw new InvalidInputException("panel", (panel == null ? "is required" : "unknown panel '" + panel + "'")
                    + "; panels are " + String.join(", ", ReportDocument.PANELS));
        }
        ReportDocument report = report(id);
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + panel + ".csv\"")
                .body(report.csv(panel));
    }

    private ReportDocument report(UUID id) {
        JobSnapshot job = access.require(id);
        if (!LogAnalysisJobType.NAME.equals(job.type())) {
            throw conflict(id, "Job " + id + " is a " + job.type() + " job; only log-analysis jobs have a report");
        }
        if (job.state() != JobState.SUCCEEDED) {
            throw conflict(id, "Job " + id + " is " + job.state()
                    + "; its report exists once it has SUCCEEDED (follow it with GET /api/v1/jobs/" + id + "?wait=PT30S)");
        }
        ReportDocument report = ReportDocument.of(job.result());
        if (report == null) {
            throw conflict(id, "Job " + id + " ran branches without the report; submit it with \"report\": true "
                    + "or without branches");
        }
        return report;
    }

    private static ErrorResponseException conflict(UUID id, String detail) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "no-report", "No report for this job", detail);
        problem.setProperty("jobId", id.toString());
        return new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
    }
}
