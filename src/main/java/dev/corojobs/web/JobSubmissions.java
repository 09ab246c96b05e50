package dev.corojobs.web;

import dev.corojobs.jobs.JobService;
import dev.corojobs.jobs.JobSnapshot;
import dev.corojobs.jobs.JobSubmission;
import dev.corojobs.jobs.JobWork;
import dev.corojobs.jobs.JobsProperties;
import dev.corojobs.jobs.Submitted;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The one way job type controllers submit work: answers exactly as {@code POST /api/v1/jobs/{type}} must. */
@Component
class JobSubmissions {

    private final JobService jobs;
    private final Duration maxWait;
    private final JobTimeoutProperties timeouts;
    /** Submissions blocking their request thread in {@code wait}; when none is left they answer 202 at once. */
    private final Semaphore waitingSubmissions;

    JobSubmissions(JobService jobs, JobsProperties properties, JobTimeoutProperties timeouts) {
        this.jobs = jobs;
        this.maxWait = properties.maxWait();
        this.timeouts = timeouts;
        this.waitingSubmissions = new Semaphore(properties.maxWaitingSubmissions());
    }

    /**
     * Submits work of a job type and answers exactly as POST /api/v1/jobs/{type} must:
     * 202 + Location + job JSON, or 200 + finished job if it ends within `wait` (ISO-8601 like PT10S, or
     * seconds; max 60 s; null = don't wait); rejections become problem details (429/503 + Retry-After).
     * `type` is the JSON type name ("scheduler-simulation" or "log-analysis"). `request` is the parsed
     * submission (used for Idempotency-Key matching), `timeout` the per-job timeout or null.
     *
     * <p>{@code work} is called once, on the request thread, before the job is queued: an exception it throws
     * (such as {@link org.springframework.web.server.ResponseStatusException} or a 400 for invalid input)
     * becomes the response and no job is created. An Idempotency-Key that matches an earlier submission with
     * an equal request answers with that job (200 if it has ended, else 202); with a different request, 409.
     * When too many submissions already wait ({@code corojobs.jobs.max-waiting-submissions}), this one answers
     * 202 at once: the client follows the Location as it would after a wait that ran out.
     */
    ResponseEntity<?> submit(String type, Object request, Supplier<JobWork> work,
                             String wait, Duration timeout, String idempotencyKey) {
        Duration waitFor = WaitParameter.parse(wait, maxWait);
        timeouts.check(timeout);
        Submitted submitted = jobs.submit(new JobSubmission(type, request, work, timeout, idempotencyKey));
        JobSnapshot job = submitted.job();
        if (waitFor != null && !job.state().isFinal() && waitingSubmissions.tryAcquire()) {
            try {
                job = jobs.await(job.id(), waitFor).orElse(job);
            } finally {
                waitingSubmissions.release();
            }
        }
        HttpStatus status = job.state().isFinal() && (waitFor != null || submitted.existing())
                ? HttpStatus.OK : HttpStatus.ACCEPTED;
        return ResponseEntity.status(status).location(location(job.id())).body(JobView.of(job));
    }

    static URI location(UUID id) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1/jobs/{id}").buildAndExpand(id).toUri();
    }
}
