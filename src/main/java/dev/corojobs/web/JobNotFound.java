package dev.corojobs.web;

import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 404 for a job id that is not known (never was, or its record was removed after its retention). */
final class JobNotFound {

    static final URI TYPE = URI.create("https://corojobs.dev/problems/job-not-found");

    private JobNotFound() {
    }

    static ErrorResponseException of(UUID id) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.NOT_FOUND);
        problem.setType(TYPE);
        problem.setTitle("Job not found");
        problem.setDetail("No job with id " + id + " (it never existed, or it ended and its record was removed)");
        problem.setProperty("jobId", id.toString());
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
