package dev.corojobs.jobs;

import java.util.List;

/** One page of jobs, newest first. */
public record JobPage(List<JobSnapshot> items, int page, int size, long totalItems) {

    public long totalPages() {
        return size == 0 ? 0 : (totalItems + size - 1) / size;
    }
}
