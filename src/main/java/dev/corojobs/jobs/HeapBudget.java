package dev.corojobs.jobs;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The share of the heap that running jobs may hold: a job starts only once its declared memory budget
 * ({@link JobWork#memoryBudget()}) fits next to the budgets of the jobs already running. The jobs' own byte
 * limits keep each job inside its budget, so the sum of running budgets bounds the heap that jobs use.
 */
public final class HeapBudget {

    public static final String OVER_HEAP_BUDGET = "over-heap-budget";
    private static final long RECHECK_MILLIS = 100;

    /** How a wait for budget ended. */
    enum Admission { ADMITTED, CANCELLED, NEVER_FITS }

    private final long capacity;
    private long used;

    public HeapBudget(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the heap budget must be positive, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** {@code share} (0 to 1] of the JVM's maximum heap. */
    public static HeapBudget ofHeapShare(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("corojobs.jobs.guards.heap-share must be in (0, 1], was " + share);
        }
        return new HeapBudget((long) (Runtime.getRuntime().maxMemory() * share));
    }

    /** No admission control: every job fits. */
    public static HeapBudget unlimited() {
        return new HeapBudget(Long.MAX_VALUE);
    }

    public long capacity() {
        return capacity;
    }

    public synchronized long used() {
        return used;
    }

    /** Waits until {@code bytes} fit; gives up when {@code cancelled} turns true or they can never fit. */
    synchronized Admission acquire(long bytes, BooleanSupplier cancelled) throws InterruptedException {
        if (bytes > capacity) {
            return Admission.NEVER_FITS;
        }
        while (used + bytes > capacity) {
            if (cancelled.getAsBoolean()) {
                return Admission.CANCELLED;
            }
            wait(RECHECK_MILLIS);
        }
        used += bytes;
        return Admission.ADMITTED;
    }

    synchronized void release(long bytes) {
        used -= bytes;
        notifyAll();
    }

    JobError neverFits(long bytes) {
        return new JobError(OVER_HEAP_BUDGET, "Job does not fit the heap budget", 422, "The job's limits allow it up to "
                + bytes + " bytes of heap, more than the " + capacity + " bytes all running jobs may share "
                + "(corojobs.jobs.guards.heap-share of the heap); lower its limits (e.g. traceLimit, maxTasks) or raise "
                + "the heap.", Map.of("budgetBytes", bytes, "capacityBytes", capacity));
    }
}
