package dev.corojobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntQueueTest {

    @Test
    void keepsFifoOrderAcrossManySegments() {
        IntQueue queue = new IntQueue();
        int count = 3 * IntQueue.MAX_SEGMENT + 5;
        for (int i = 0; i < count; i++) {
            queue.add(i);
        }
        assertThat(queue.size()).isEqualTo(count);
        for (int i = 0; i < count; i++) {
            assertThat(queue.poll()).isEqualTo(i);
        }
        assertThat(queue.size()).isZero();
    }

    @Test
    void cyclingAtASteadySizeKeepsOrder() {
        // the kernel's round robin: take the oldest, put it back at the tail, across segment ends many times
        IntQueue queue = new IntQueue();
        int size = IntQueue.MAX_SEGMENT + 7;
        for (int i = 0; i < size; i++) {
            queue.add(i);
        }
        for (int turn = 0; turn < 5 * size; turn++) {
            int value = queue.poll();
            assertThat(value).isEqualTo(turn % size);
            queue.add(value);
        }
        assertThat(queue.size()).isEqualTo(size);
    }

    @Test
    void emptiesAndFillsAgain() {
        IntQueue queue = new IntQueue();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 100; i++) {
                queue.add(round * 1000 + i);
            }
            for (int i = 0; i < 100; i++) {
                assertThat(queue.poll()).isEqualTo(round * 1000 + i);
            }
            assertThat(queue.size()).isZero();
        }
    }
}
