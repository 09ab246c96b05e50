package dev.corojobs.web;

import dev.corojobs.jobs.JobError;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The one place that makes problem type URIs: {@link #BASE} followed by a slug such as {@code job-failed}. */
public final class Problems {

    public static final String BASE = "https://corojobs.dev/problems/";

    private Problems() {
    }

    public static URI type(String slug) {
        return URI.create(BASE + slug);
    }

    /** A problem of type {@code slug}. */
    public static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(slug));
        problem.setTitle(title);
        return problem;
    }

    /** The same problem as an exception that Spring MVC answers with. */
    public static ErrorResponseException exception(HttpStatus status, String slug, String title, String detail) {
        return new ErrorResponseException(status, of(status, slug, title, detail), null);
    }

    /** A job's error as clients see it. */
    public static ProblemDetail of(JobError error) {
        ProblemDetail problem = of(HttpStatusCode.valueOf(error.status()), error.type(), error.title(), error.detail());
        error.properties().forEach(problem::setProperty);
        return problem;
    }
}
