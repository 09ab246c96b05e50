package dev.corojobs.web;

import dev.corojobs.jobs.JobPage;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A page of jobs, newest first, as summaries without their results. */
@Schema(name = "JobList", description = "One page of jobs, newest first; items have no result "
        + "(read it with GET /api/v1/jobs/{id})")
record JobListView(List<JobView> items, int page, int size, long totalItems, long totalPages) {

    static JobListView of(JobPage page) {
        return new JobListView(page.items().stream().map(JobView::summary).toList(), page.page(), page.size(),
                page.totalItems(), page.totalPages());
    }
}
