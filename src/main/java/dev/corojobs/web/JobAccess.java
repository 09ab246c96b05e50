package dev.corojobs.web;

import dev.corojobs.jobs.JobService;
import dev.corojobs.jobs.JobSnapshot;
import dev.corojobs.security.Caller;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The jobs the calling client may see: its own, or every owner's with {@code jobs:admin}. Another owner's job
 * answers exactly as a job that never existed (404), so job ids cannot be probed.
 */
@Component
public class JobAccess {

    private final JobService jobs;

    JobAccess(JobService jobs) {
        this.jobs = jobs;
    }

    /** The job, when the caller may see it; else the 404 problem. */
    public JobSnapshot require(UUID id) {
        Caller caller = Caller.current();
        return jobs.find(id).filter(job -> caller.maySee(job.owner())).orElseThrow(() -> JobNotFound.of(id));
    }

    /** The owner to filter a listing by: the caller, or null (everyone) for an admin. */
    String listedOwner() {
        Caller caller = Caller.current();
        return caller.admin() ? null : caller.owner();
    }
}
