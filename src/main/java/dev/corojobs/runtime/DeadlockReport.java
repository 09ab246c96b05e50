package dev.corojobs.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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

    /**
     * Finds the cycles and the tasks blocked behind them in a wait-for graph given as {@code waitsFor[task]}: the
     * task that {@code task} waits for, or 0 when it waits for no task.
     */
    public static DeadlockReport of(int[] waitsFor) {
        // Each waiting task waits for exactly one task, so a walk along the waits finds at most one new cycle.
        int[] walkOf = new int[waitsFor.length];
        int[] cycleOf = new int[waitsFor.length]; // cycle number + 1 that a task is in or leads to; -1 none
        List<List<Integer>> rings = new ArrayList<>();
        List<int[]> behind = new ArrayList<>(); // {task, waitsFor, cycle number}
        for (int start = 1; start < waitsFor.length; start++) {
            if (waitsFor[start] == 0 || walkOf[start] != 0) {
                continue;
            }
            List<Integer> path = new ArrayList<>();
            int tid = start;
            while (waits(waitsFor, tid) && walkOf[tid] == 0) {
                walkOf[tid] = start;
                path.add(tid);
                tid = waitsFor[tid];
            }
            int reached = -1;
            int cycleStart = path.size();
            if (waits(waitsFor, tid) && walkOf[tid] == start) {
                cycleStart = path.indexOf(tid);
                List<Integer> ring = new ArrayList<>(path.subList(cycleStart, path.size()));
                Collections.rotate(ring, -ring.indexOf(Collections.min(ring)));
                rings.add(ring);
                reached = rings.size();
                for (int member : ring) {
                    cycleOf[member] = reached;
                }
            } else if (waits(waitsFor, tid)) {
                reached = cycleOf[tid];
            }
            for (int i = 0; i < cycleStart; i++) {
                int waiter = path.get(i);
                cycleOf[waiter] = reached;
                if (reached > 0) {
                    behind.add(new int[] {waiter, waitsFor[waiter], reached - 1});
                }
            }
        }
        // number the cycles by their smallest task, and blocked tasks by id
        Integer[] order = new Integer[rings.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Integer.compare(rings.get(a).getFirst(), rings.get(b).getFirst()));
        int[] renumbered = new int[order.length];
        List<Cycle> cycles = new ArrayList<>(order.length);
        for (int i = 0; i < order.length; i++) {
            renumbered[order[i]] = i;
            cycles.add(new Cycle(rings.get(order[i])));
        }
        List<Blocked> blocked = new ArrayList<>(behind.size());
        for (int[] b : behind) {
            blocked.add(new Blocked(b[0], b[1], renumbered[b[2]]));
        }
        blocked.sort((a, b) -> Integer.compare(a.task(), b.task()));
        return new DeadlockReport(cycles, blocked);
    }

    private static boolean waits(int[] waitsFor, int tid) {
        return tid > 0 && tid < waitsFor.length && waitsFor[tid] != 0;
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
