package dev.corojobs.jobs;

import dev.corojobs.runtime.DeadlockReport;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown by a job's work when its kernel deadlocked: the job ends {@code FAILED} with a problem of type
 * {@code deadlock} naming each wait-for cycle and the tasks blocked behind them.
 */
public final class DeadlockException extends ErrorResponseException {

    public static final URI TYPE = URI.create("https://corojobs.dev/problems/deadlock");

    private final transient DeadlockReport report;

    /** {@code context} (like "after 12 steps") goes before the cycles in the detail; may be empty. */
    public DeadlockException(DeadlockReport report, String context) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, problem(report, context), null);
        this.report = report;
    }

    public DeadlockReport report() {
        return report;
    }

    private static ProblemDetail problem(DeadlockReport report, String context) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        problem.setType(TYPE);
        problem.setTitle("Tasks deadlocked");
        problem.setDetail("Deadlock" + (context == null || context.isBlank() ? "" : " " + context) + ": no task can run; "
                + report.describe());
        addReport(problem, report);
        return problem;
    }

    /**
     * Adds the report to a problem as {@code cycles} (task ids per cycle), {@code waitsFor} (each cycle in
     * words) and {@code blocked} ({@code task}, {@code waitsFor}, 1-based {@code cycle}).
     */
    public static void addReport(ProblemDetail problem, DeadlockReport report) {
        problem.setProperty("cycles", report.cycles().stream().map(DeadlockReport.Cycle::tasks).toList());
        problem.setProperty("waitsFor", report.cycles().stream().map(DeadlockReport.Cycle::describe).toList());
        List<Map<String, Integer>> blocked = report.blocked().stream()
                .map(b -> Map.of("task", b.task(), "waitsFor", b.waitsFor(), "cycle", b.cycle() + 1))
                .toList();
        problem.setProperty("blocked", blocked);
    }
}
