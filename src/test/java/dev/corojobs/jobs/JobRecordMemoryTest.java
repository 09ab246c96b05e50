package dev.corojobs.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** A deleted job's record and work become garbage at once, not when retention reaches them. */
class JobRecordMemoryTest {

    private final JobService jobs = new JobService(new JobsProperties(1, 16, 1000, Duration.ofHours(1),
            Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofMillis(10), DataSize.ofMegabytes(1), 8),
            List.of(), Clock.systemUTC());

    @AfterEach
    void stop() {
        jobs.stop();
    }

    private WeakReference<CountingWork> finishedJob(UUID[] id) {
        CountingWork work = CountingWork.quick(3);
        id[0] = jobs.submit(JobSubmission.of("test", () -> work)).job().id();
        assertThat(jobs.await(id[0], Duration.ofSeconds(10)).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        return new WeakReference<>(work);
    }

    @Test
    void deletingAFinishedJobLetsItsWorkBeCollected() {
        jobs.start();
        UUID[] id = new UUID[1];
        WeakReference<CountingWork> work = finishedJob(id);
        // a younger job that stays retained: the deleted one is not at the head of the retention queue alone
        UUID[] other = new UUID[1];
        WeakReference<CountingWork> kept = finishedJob(other);

        jobs.cancel(id[0]);

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            System.gc();
            return work.get() == null;
        });
        assertThat(kept.get()).as("the retained job keeps its work").isNotNull();
        assertThat(jobs.find(other[0])).isPresent();
    }
}
