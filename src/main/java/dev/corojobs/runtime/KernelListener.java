package dev.corojobs.runtime;

/** Hooks a kernel calls as tasks come and go; all run on the kernel's thread. */
public interface KernelListener {

    KernelListener NONE = new KernelListener() {
    };

    default void spawned(int tid, int parentTid, String name) {
    }

    /** Task {@code tid} ended; {@code failure} is set when it threw. */
    default void exited(int tid, TaskOutcome outcome, Throwable failure) {
    }

    /** Task {@code tid} started waiting for task {@code targetTid}. */
    default void waiting(int tid, int targetTid) {
    }

    /** Task {@code tid} asked to kill {@code targetTid}; {@code killed} says whether it existed. */
    default void kill(int tid, int targetTid, boolean killed) {
    }
}
