package dev.corojobs.security;

import dev.corojobs.jobs.JobService;
import java.net.URI;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * At most {@code corojobs.security.max-active-jobs-per-owner} queued plus running jobs per owner, so one client
 * cannot fill the shared queue; beyond it a submission answers 429 with {@code Retry-After}.
 */
@Component
public class OwnerQuota {

    public static final URI QUOTA_EXCEEDED = URI.create("https://corojobs.dev/problems/quota-exceeded");
    static final long RETRY_AFTER_SECONDS = 5;

    private final JobService jobs;
    private final int maxActive;
    /** Count-then-submit runs under one of these per owner, so concurrent submissions cannot pass the limit. */
    private final Object[] locks = new Object[64];

    OwnerQuota(JobService jobs, SecurityProperties properties) {
        this.jobs = jobs;
        this.maxActive = properties.maxActiveJobsPerOwner();
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /** Runs {@code submit} when {@code owner} has room for another active job; else throws the 429 problem. */
    public <T> T admit(String owner, Supplier<T> submit) {
        synchronized (locks[Math.floorMod(owner.hashCode(), locks.length)]) {
            int active = jobs.activeCount(owner);
            if (active >= maxActive) {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, "'" + owner
                        + "' already has " + active + " jobs queued or running, the most one owner may have "
                        + "(corojobs.security.max-active-jobs-per-owner); submit again when one has ended");
                problem.setType(QUOTA_EXCEEDED);
                problem.setTitle("Too many active jobs");
                problem.setProperty("maxActiveJobs", maxActive);
                ErrorResponseException refused = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, problem, null);
                refused.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
                throw refused;
            }
            return submit.get();
        }
    }
}
