package dev.corojobs.web;

import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Answers {@code POST /api/v1/jobs/{type}} when no job type controller took the request: a 404 problem listing
 * the job types for an unknown type, or a 415 for a known type sent with a media type it does not consume.
 * Each type's controller maps its own literal path, which Spring prefers over this pattern.
 */
@RestController
@Hidden
class UnknownJobTypeController {

    static final URI TYPE = URI.create("https://corojobs.dev/problems/unknown-job-type");
    private static final String PREFIX = "/api/v1/jobs/";

    private final RequestMappingHandlerMapping mappings;
    /** Job type path segment -> the media types its submit endpoints consume (empty = any), sorted by type. */
    private volatile Map<String, List<MediaType>> knownTypes;

    UnknownJobTypeController(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        this.mappings = mappings;
    }

    @PostMapping("/api/v1/jobs/{type}")
    void submitUnknown(@PathVariable String type,
            @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) MediaType contentType)
            throws HttpMediaTypeNotSupportedException {
        Map<String, List<MediaType>> types = knownTypes();
        List<MediaType> consumed = types.get(type);
        if (consumed != null) {
            throw new HttpMediaTypeNotSupportedException(contentType, consumed, HttpMethod.POST);
        }
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.NOT_FOUND);
        problem.setType(TYPE);
        problem.setTitle("Unknown job type");
        problem.setDetail("There is no job type '" + type + "'; job types: "
                + (types.isEmpty() ? "none yet" : String.join(", ", types.keySet())));
        problem.setProperty("jobTypes", List.copyOf(types.keySet()));
        throw new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

    private Map<String, List<MediaType>> knownTypes() {
        Map<String, List<MediaType>> types = knownTypes;
        if (types == null) {
            TreeMap<String, List<MediaType>> found = new TreeMap<>();
            mappings.getHandlerMethods().forEach((info, method) -> {
                if (info.getMethodsCondition().getMethods().contains(RequestMethod.POST)) {
                    info.getPatternValues().stream()
                            .filter(Objects::nonNull)
                            .filter(p -> p.startsWith(PREFIX) && p.indexOf('/', PREFIX.length()) < 0 && !p.contains("{"))
                            .map(p -> p.substring(PREFIX.length()))
                            .forEach(type -> found.computeIfAbsent(type, t -> new ArrayList<>())
                                    .addAll(info.getConsumesCondition().getConsumableMediaTypes()));
                }
            });
            found.replaceAll((type, media) -> List.copyOf(media));
            types = knownTypes = Collections.unmodifiableSortedMap(found);
        }
        return types;
    }
}
