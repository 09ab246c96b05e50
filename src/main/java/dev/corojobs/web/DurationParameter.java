package dev.corojobs.web;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The one parser of duration parameters ({@code wait}, {@code timeout}): an ISO-8601 duration ({@code PT10S}) or a
 * number of seconds ({@code 10}, {@code 0.5}).
 */
final class DurationParameter {

    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}(\\.\\d{1,9})?");

    private DurationParameter() {
    }

    /** {@code wait}: null when absent; otherwise between 0 and {@code max}, or a 400 naming {@code wait}. */
    static Duration wait(String text, Duration max) {
        Duration wait = parse("wait", text);
        if (wait != null && wait.isNegative()) {
            throw new InvalidInputException("wait", "must not be negative, was '" + text + "'");
        }
        if (wait != null && wait.compareTo(max) > 0) {
            throw new InvalidInputException("wait", "must be at most " + max.toSeconds() + " seconds, was '" + text + "'");
        }
        return wait;
    }

    /** {@code timeout}: null when absent; otherwise more than 0 and at most {@code max}, or a 400 naming {@code timeout}. */
    static Duration timeout(String text, Duration max) {
        Duration timeout = parse("timeout", text);
        if (timeout != null && !timeout.isPositive()) {
            throw new InvalidInputException("timeout", "must be more than 0, was '" + text + "'");
        }
        if (timeout != null && timeout.compareTo(max) > 0) {
            throw new InvalidInputException("timeout", "must be at most " + max
                    + " (corojobs.jobs.max-timeout), was '" + text + "'");
        }
        return timeout;
    }

    private static Duration parse(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String stripped = text.strip();
        if (SECONDS.matcher(stripped).matches()) {
            return Duration.ofNanos(Math.round(Double.parseDouble(stripped) * 1e9));
        }
        try {
            return Duration.parse(stripped);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(name,
                    "must be an ISO-8601 duration like PT10S or a number of seconds like 10, was '" + text + "'");
        }
    }
}
