package dev.corojobs.web;

import dev.corojobs.jobs.JobType;
import dev.corojobs.jobs.JobTypes;
import dev.corojobs.jobs.UnknownJobTypeException;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers {@code POST /api/v1/jobs/{type}} when no job type controller took the request: a 404 problem listing
 * the job types for an unknown type, or a 415 for a known type sent with a media type it does not consume.
 * Each type's controller maps its own literal path, which Spring prefers over this pattern.
 */
@RestController
@Hidden
class UnknownJobTypeController {

    private final JobTypes types;

    UnknownJobTypeController(JobTypes types) {
        this.types = types;
    }

    @PostMapping("/api/v1/jobs/{resource}")
    void submitUnknown(@PathVariable String resource,
            @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) MediaType contentType)
            throws HttpMediaTypeNotSupportedException {
        if (types.byResource(resource).isPresent()) {
            throw new HttpMediaTypeNotSupportedException(contentType, List.of(), HttpMethod.POST);
        }
        throw new UnknownJobTypeException(resource, types.all().stream().map(JobType::resource).toList());
    }
}
