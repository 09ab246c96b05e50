package dev.corojobs.jobs;

import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;

/** The problem details a job ends with when it does not succeed. */
public final class JobProblems {

    public static final URI JOB_FAILED = URI.create("https://corojobs.dev/problems/job-failed");
    public static final URI OUT_OF_MEMORY = URI.create("https://corojobs.dev/problems/out-of-memory");
    public static final URI JOB_TIMEOUT = URI.create("https://corojobs.dev/problems/job-timeout");

    private JobProblems() {
    }

    /**
     * Why a step failed. A work that throws an {@link ErrorResponse} (for example a deadlock report) chooses
     * its own problem; anything else becomes a generic {@code job-failed} problem naming the exception, never
     * with a stack trace.
     */
    static ProblemDetail failure(Throwable thrown) {
        if (thrown instanceof ErrorResponse response) {
            return response.getBody();
        }
        if (thrown instanceof OutOfMemoryError) {
            return outOfMemory(thrown);
        }
        String message = thrown.getMessage();
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        problem.setType(JOB_FAILED);
        problem.setTitle("Job failed");
        problem.setDetail(message == null || message.isBlank() ? thrown.getClass().getSimpleName() : message);
        problem.setProperty("exception", thrown.getClass().getSimpleName());
        return problem;
    }

    private static ProblemDetail outOfMemory(Throwable thrown) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.INSUFFICIENT_STORAGE);
        problem.setType(OUT_OF_MEMORY);
        problem.setTitle("Job ran out of memory");
        problem.setDetail("The job failed with " + thrown.getClass().getSimpleName() + " (" + thrown.getMessage()
                + "); its work was closed and its memory freed. Lower its limits or give the service more heap.");
        problem.setProperty("exception", thrown.getClass().getSimpleName());
        return problem;
    }

    static ProblemDetail timeout(Duration timeout) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.GATEWAY_TIMEOUT);
        problem.setType(JOB_TIMEOUT);
        problem.setTitle("Job timed out");
        problem.setDetail("The job did not finish within its timeout of " + timeout
                + "; its work was closed so its cleanup ran.");
        problem.setProperty("timeout", timeout.toString());
        return problem;
    }
}
