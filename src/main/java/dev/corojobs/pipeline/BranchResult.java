package dev.corojobs.pipeline;

import java.util.Map;

/** A branch's outcome: sums by key, largest first (ties by key), cut to its {@code top}; {@code distinct} keys in all. */
public record BranchResult(Map<String, Long> counts, int distinct) {
}
