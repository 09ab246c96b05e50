package dev.corojobs;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.pollinterval.PollInterval;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * How every {@code await()} of the test JVM polls, unless it says otherwise: at once, then after 5 ms, doubling up
 * to Awaitility's usual 100 ms. Awaitility's own default waits 100 ms before the first look, so a test that
 * awaits many conditions which hold within a millisecond (a TCP server reading each byte of a message, say) spent
 * most of its time asleep. Registered in {@code META-INF/services} for the JUnit launcher.
 */
public final class AwaitilityDefaults implements LauncherSessionListener {

    static final Duration FIRST_INTERVAL = Duration.ofMillis(5);
    static final Duration LONGEST_INTERVAL = Duration.ofMillis(100);

    /** 5, 10, 20, 40, 80, 100, 100, ... ms. */
    static final PollInterval BACKING_OFF = (pollCount, previous) -> pollCount <= 1 ? FIRST_INTERVAL
            : previous.multipliedBy(2).compareTo(LONGEST_INTERVAL) > 0 ? LONGEST_INTERVAL : previous.multipliedBy(2);

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Awaitility.setDefaultPollDelay(Duration.ZERO);
        Awaitility.setDefaultPollInterval(BACKING_OFF);
    }
}
