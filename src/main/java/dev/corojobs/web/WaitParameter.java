package dev.corojobs.web;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** The {@code wait} query parameter: an ISO-8601 duration ({@code PT10S}) or a number of seconds. */
final class WaitParameter {

    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}(\\.\\d{1,9})?");

    private WaitParameter() {
    }

    /** Null when absent; otherwise a duration between 0 and {@code max}, or a 400 naming {@code wait}. */
    static Duration parse(String wait, Duration max) {
        if (wait == null || wait.isBlank()) {
            return null;
        }
        String text = wait.strip();
        Duration duration;
        if (SECONDS.matcher(text).matches()) {
            duration = Duration.ofNanos(Math.round(Double.parseDouble(text) * 1e9));
        } else {
            try {
                duration = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("wait",
                        "must be an ISO-8601 duration like PT10S or a number of seconds like 10, was '" + wait + "'");
            }
        }
        if (duration.isNegative()) {
            throw new InvalidInputException("wait", "must not be negative, was '" + wait + "'");
        }
        if (duration.compareTo(max) > 0) {
            throw new InvalidInputException("wait", "must be at most " + max.toSeconds() + " seconds, was '" + wait + "'");
        }
        return duration;
    }
}
