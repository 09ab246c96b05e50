package dev.corojobs.jobs;

import dev.corojobs.runtime.DeadlockReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thrown by a job's work when its kernel deadlocked: the job ends {@code FAILED} with an error of type
 * {@code deadlock} naming each wait-for cycle and the tasks blocked behind them.
 */
public final class DeadlockException extends JobFailedException {

    public static final String TYPE = "deadlock";

    private final transient DeadlockReport report;

    /** {@code context} (like "after 12 steps") goes before the cycles in the detail; may be empty. */
    public DeadlockException(DeadlockReport report, String context) {
        super(new JobError(TYPE, "Tasks deadlocked", 422, "Deadlock"
                + (context == null || context.isBlank() ? "" : " " + context) + ": no task can run; " + report.describe(),
                properties(report)), null);
        this.report = report;
    }

    public DeadlockReport report() {
        return report;
    }

    /**
     * The report as error properties: {@code cycles} (task ids per cycle), {@code waitsFor} (each cycle in words)
     * and {@code blocked} ({@code task}, {@code waitsFor}, 1-based {@code cycle}).
     */
    public static Map<String, Object> properties(DeadlockReport report) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("cycles", report.cycles().stream().map(DeadlockReport.Cycle::tasks).toList());
        properties.put("waitsFor", report.cycles().stream().map(DeadlockReport.Cycle::describe).toList());
        List<Map<String, Integer>> blocked = report.blocked().stream()
                .map(b -> Map.of("task", b.task(), "waitsFor", b.waitsFor(), "cycle", b.cycle() + 1))
                .toList();
        properties.put("blocked", blocked);
        return properties;
    }
}
