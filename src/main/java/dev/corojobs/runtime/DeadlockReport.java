package dev.corojobs.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Why a kernel's tasks can never run again: the cycles of its wait-for graph (task A waits for B, ..., which
 * waits for A) and the tasks blocked behind them (waiting, directly or through others, on a task in a cycle).
 *
 * @param cycles each cycle's task ids in wait order, starting at its smallest id; cycles ordered by that id
 * @param blocked tasks outside any cycle that wait on one, ordered by id
 */
public record DeadlockReport(List<Cycle> cycles, List<Blocked> blocked) {

    public DeadlockReport {
        cycles = List.copyOf(cycles);
        blocked = List.copyOf(blocked);
    }

    /** Tasks that wait for each other in a ring: {@code tasks.get(i)} waits for {@code tasks.get(i + 1)}, the last for the first. */
    public record Cycle(List<Integer> tasks) {

        public Cycle {
            tasks = List.copyOf(tasks);
        }

        /** Like {@code task 4 waits for 7, 7 waits for 4}. */
        public String describe() {
            StringJoiner text = new StringJoiner(", ", "task ", "");
            for (int i = 0; i < tasks.size(); i++) {
                text.add(tasks.get(i) + " waits for " + tasks.get((i + 1) % tasks.size()));
            }
            return text.toString();
        }
    }

    /** Task {@code task} waits for {@code waitsFor}, and that wait leads into cycle number {@code cycle} (0-based). */
    public record Blocked(int task, int waitsFor, int cycle) {
    }

    public boolean isEmpty() {
        return cycles.isEmpty();
    }

    /** One line per cycle, then one per blocked task, like {@code cycle 1: task 4 waits for 7, 7 waits for 4}. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < cycles.size(); i++) {
            lines.add("cycle " + (i + 1) + ": " + cycles.get(i).describe());
        }
        for (Blocked b : blocked) {
            lines.add("blocked: task " + b.task() + " waits for " + b.waitsFor() + ", behind cycle " + (b.cycle() + 1));
        }
        return lines;
    }

    /** The whole report in one sentence-like string, for a problem detail. */
    public String describe() {
        if (cycles.isEmpty()) {
            return "no wait-for cycle";
        }
        return String.join("; ", lines());
    }
}
