package dev.corojobs.simulation;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One task in a simulation's result.
 *
 * @param tid its task id
 * @param task the name of its definition
 * @param parent the task that spawned it, or null for a start task
 * @param state {@code terminated}, or where a live task stands: {@code ready}, {@code waiting}, {@code sleeping}
 * @param steps how many times the kernel stepped it
 * @param ended how it ended: {@code completed}, {@code killed} or {@code failed}; null while alive
 * @param message why it failed, or what a live task waits for
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskSummary(int tid, String task, Integer parent, String state, int steps, String ended, String message) {
}
