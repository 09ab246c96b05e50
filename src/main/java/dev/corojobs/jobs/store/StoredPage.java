package dev.corojobs.jobs.store;

import java.util.List;

/** One page of the job list, newest first, and how many jobs match in all. */
public record StoredPage(List<StoredJob> items, long total) {
}
