package dev.corojobs.jobs.store;

import dev.corojobs.jobs.JobState;

/** Filters of the job list; a null field matches everything. */
public record JobFilter(String type, JobState state, String owner) {

    public static final JobFilter ALL = new JobFilter(null, null, null);
}
