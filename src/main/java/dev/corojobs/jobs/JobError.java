package dev.corojobs.jobs;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why a job did not succeed, as plain data the job store can keep: the web layer shows it as an RFC 9457 problem
 * whose type URI ends in {@code type}.
 *
 * @param type a short kebab-case slug such as {@code job-failed}, {@code job-timeout} or {@code deadlock}
 * @param title a short summary that does not change between occurrences
 * @param status the HTTP status the problem would have (the job itself is read with 200)
 * @param detail what happened to this job
 * @param properties extra members (plain maps, lists, strings and numbers)
 */
public record JobError(String type, String title, int status, String detail, Map<String, Object> properties) {

    public static final String JOB_FAILED = "job-failed";
    public static final String JOB_TIMEOUT = "job-timeout";
    public static final String OUT_OF_MEMORY = "out-of-memory";

    public JobError {
        properties = properties == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** A step threw {@code thrown}: a work that throws a {@link JobFailedException} chose its own error. */
    public static JobError failure(Throwable thrown) {
        if (thrown instanceof JobFailedException chosen) {
            return chosen.error();
        }
        if (thrown instanceof OutOfMemoryError) {
            return new JobError(OUT_OF_MEMORY, "Job ran out of memory", 507, "The job failed with "
                    + thrown.getClass().getSimpleName() + " (" + thrown.getMessage() + "); its work was closed and its "
                    + "memory freed. Lower its limits or give the service more heap.",
                    Map.of("exception", thrown.getClass().getSimpleName()));
        }
        String message = thrown.getMessage();
        return new JobError(JOB_FAILED, "Job failed", 422,
                message == null || message.isBlank() ? thrown.getClass().getSimpleName() : message,
                Map.of("exception", thrown.getClass().getSimpleName()));
    }

    static JobError timeout(Duration timeout) {
        return new JobError(JOB_TIMEOUT, "Job timed out", 504, "The job did not finish within its timeout of " + timeout
                + "; its work was closed so its cleanup ran.", Map.of("timeout", timeout.toString()));
    }
}
