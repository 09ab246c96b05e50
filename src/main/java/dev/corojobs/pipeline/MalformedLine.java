package dev.corojobs.pipeline;

/** A line that did not parse: its 1-based number, why, and its text (shortened, invalid UTF-8 replaced). */
public record MalformedLine(long line, String reason, String text) {
}
