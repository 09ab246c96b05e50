package dev.corojobs.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The limit on a job's {@code timeout}, under {@code corojobs.jobs}.
 *
 * @param maxTimeout the longest per-job timeout a submission may ask for; longer ones are refused with 400
 */
@ConfigurationProperties("corojobs.jobs")
record JobTimeoutProperties(@DefaultValue("1h") Duration maxTimeout) {

    /** Refuses a timeout that is not positive or is over the maximum, naming the {@code timeout} field. */
    void check(Duration timeout) {
        if (timeout == null) {
            return;
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidInputException("timeout", "must be a positive ISO-8601 duration such as PT30S, was " + timeout);
        }
        if (timeout.compareTo(maxTimeout) > 0) {
            throw new InvalidInputException("timeout", "must be at most " + maxTimeout
                    + " (corojobs.jobs.max-timeout), was " + timeout);
        }
    }
}
