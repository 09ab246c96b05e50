package dev.corojobs.web;

import dev.corojobs.jobs.JobService;
import dev.corojobs.jobs.JobSnapshot;
import dev.corojobs.jobs.JobSubmission;
import dev.corojobs.jobs.JobsProperties;
import dev.corojobs.jobs.Submitted;
import dev.corojobs.security.Caller;
import dev.corojobs.security.SecurityProperties;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way job type controllers submit work: answers exactly as {@code POST /api/v1/jobs/{type}} must.
 * {@code wait} and {@code timeout} are query parameters for every job type (ISO-8601 or seconds).
 */
@Component
public class JobSubmissions {

    private final JobService jobs;
    /** Queued plus running jobs one owner may have; enforced by the store, across replicas. */
    private final int maxActivePerOwner;
    private final JsonMapper json;
    private final Duration maxWait;
    private final Duration maxTimeout;
    /** Submissions blocking their request thread in {@code wait}; when none is left they answer 202 at once. */
    private final Semaphore waitingSubmissions;

    JobSubmissions(JobService jobs, SecurityProperties security, JsonMapper json, JobsProperties properties) {
        this.jobs = jobs;
        this.maxActivePerOwner = security.maxActiveJobsPerOwner();
        this.json = json;
        this.maxWait = properties.maxWait();
        this.maxTimeout = properties.maxTimeout();
        this.waitingSubmissions = new Semaphore(properties.maxWaitingSubmissions());
    }

    /** A submission's answer, and whether an Idempotency-Key matched an earlier job (so nothing new was kept). */
    public record Answer(ResponseEntity<?> response, boolean existing) {
    }

    /** {@link #answer} without telling whether the job already existed. */
    public ResponseEntity<?> submit(String type, Object request, String input, String wait, String timeout,
            String idempotencyKey) {
        return answer(type, request, input, wait, timeout, idempotencyKey).response();
    }

    /**
     * Submits a job of {@code type} and answers: 202 + Location + job JSON, or 200 + the finished job if it ends
     * within {@code wait} (max {@code corojobs.jobs.max-wait}; null = don't wait); rejections become problem
     * details (429/503 + Retry-After). {@code request} is kept as JSON (and compared for Idempotency-Key
     * matching); {@code input} names input kept outside it (an upload), or null.
     *
     * <p>The job type turns the request into work on this thread before the job is queued, so its 400 for invalid
     * input becomes the response and no job is created. An Idempotency-Key that matches an earlier submission with
     * an equal request answers with that job (200 if it has ended, else 202); with a different request, 409.
     * When too many submissions already wait ({@code corojobs.jobs.max-waiting-submissions}), this one answers
     * 202 at once: the client follows the Location as it would after a wait that ran out.
     */
    public Answer answer(String type, Object request, String input, String wait, String timeout,
            String idempotencyKey) {
        Duration waitFor = DurationParameter.wait(wait, maxWait);
        Duration runFor = DurationParameter.timeout(timeout, maxTimeout);
        String body = request instanceof String text ? text : json.writeValueAsString(request);
        String owner = Caller.current().owner();
        Submitted submitted = jobs.submit(new JobSubmission(type, body, input, owner, runFor, idempotencyKey, null),
                maxActivePerOwner);
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
        return new Answer(ResponseEntity.status(status).location(location(job.id())).body(JobView.of(job)),
                submitted.existing());
    }

    static URI location(UUID id) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1/jobs/{id}").buildAndExpand(id).toUri();
    }
}
