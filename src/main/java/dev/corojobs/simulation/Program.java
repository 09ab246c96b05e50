package dev.corojobs.simulation;

import java.util.List;
import java.util.Map;

/**
 * A simulation program as submitted: named tasks, the tasks to start, and options.
 *
 * @param tasks task definitions in document order
 * @param start what to start, in order (task ids follow this order)
 * @param maxSteps the step budget, or null for the configured default
 * @param traceLimit trace lines to keep in the result, or null for the default; 0 turns printing off
 */
public record Program(Map<String, List<Op>> tasks, List<StartEntry> start, Long maxSteps, Integer traceLimit) {
    public Program {
        tasks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tasks));
        start = List.copyOf(start);
    }
}
