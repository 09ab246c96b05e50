package dev.corojobs.web;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** 404 for a job id that is not known (never was, or its record was removed after its retention). */
public final class JobNotFound {

    private JobNotFound() {
    }

    public static ErrorResponseException of(UUID id) {
        ErrorResponseException notFound = Problems.exception(HttpStatus.NOT_FOUND, "job-not-found", "Job not found",
                "No job with id " + id + " (it never existed, or it ended and its record was removed)");
        notFound.getBody().setProperty("jobId", id.toString());
        return notFound;
    }
}
