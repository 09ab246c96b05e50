package dev.corojobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The wait-for graph analysis on its own, with graphs given as {@code waitsFor[task]}. */
class DeadlockReportTest {

    @Test
    void findsEveryCycleFromItsSmallestTaskAndTheChainsLeadingIntoThem() {
        int[] waitsFor = new int[10];
        waitsFor[7] = 4;  // cycle 4 -> 7 -> 4, found starting from 7
        waitsFor[4] = 7;
        waitsFor[2] = 3;  // cycle 2 -> 3 -> 5 -> 2
        waitsFor[3] = 5;
        waitsFor[5] = 2;
        waitsFor[9] = 8;  // 9 -> 8 -> 7: blocked behind the 4/7 cycle
        waitsFor[8] = 7;
        waitsFor[6] = 1;  // 6 waits for 1, which runs: no deadlock there

        DeadlockReport report = DeadlockReport.of(waitsFor);

        assertThat(report.cycles()).extracting(DeadlockReport.Cycle::tasks)
                .containsExactly(List.of(2, 3, 5), List.of(4, 7));
        assertThat(report.blocked()).containsExactly(
                new DeadlockReport.Blocked(8, 7, 1),
                new DeadlockReport.Blocked(9, 8, 1));
        assertThat(report.cycles().get(1).describe()).isEqualTo("task 4 waits for 7, 7 waits for 4");
    }

    @Test
    void aGraphWithoutCyclesReportsNone() {
        int[] waitsFor = {0, 2, 3, 0};

        DeadlockReport report = DeadlockReport.of(waitsFor);

        assertThat(report.isEmpty()).isTrue();
        assertThat(report.blocked()).isEmpty();
        assertThat(report.describe()).isEqualTo("no wait-for cycle");
    }
}
