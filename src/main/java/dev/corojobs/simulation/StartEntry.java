package dev.corojobs.simulation;

/** Start {@code count} instances of task {@code task} before the kernel runs, in order. */
public record StartEntry(String task, long count) {
}
