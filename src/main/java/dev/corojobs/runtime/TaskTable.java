package dev.corojobs.runtime;

import java.util.Arrays;

/**
 * The kernel's per-task bookkeeping, a struct of arrays indexed by task id, kept in pages of
 * {@value #PAGE} ids allocated on demand (a {@code Page} holds one array per field for its ids). One array of a million entries would be a G1 humongous
 * object (over half a region), rounded up to whole regions and never moved; pages of 64 KiB (for
 * {@code int}s and compressed references) stay ordinary objects even with the smallest 1 MiB regions.
 * The first page starts at 16 entries and doubles up to a full page, so a small kernel stays small.
 *
 * <p>Not thread-safe: the kernel's thread owns it; only the {@code peek} methods tolerate racing it.
 */
final class TaskTable {

    static final int PAGE_BITS = 14;
    static final int PAGE = 1 << PAGE_BITS;
    private static final int MASK = PAGE - 1;
    private static final int FIRST = 16;

    /** One page of every column. */
    private static final class Page {
        final SystemCall.Body[] bodies;
        final Object[] sendValues;
        final byte[] states;
        /** How many ready-queue or sleeper entries hold each id (see {@link Kernel}). */
        final byte[] queuedRefs;
        final int[] stepCounts;
        final int[] parents;
        /** The kernel's clock, truncated, when each task last ran or was spawned. */
        final int[] lastRunAt;

        Page(int length) {
            bodies = new SystemCall.Body[length];
            sendValues = new Object[length];
            states = new byte[length];
            queuedRefs = new byte[length];
            stepCounts = new int[length];
            parents = new int[length];
            lastRunAt = new int[length];
        }

        Page(Page from, int length) {
            bodies = Arrays.copyOf(from.bodies, length);
            sendValues = Arrays.copyOf(from.sendValues, length);
            states = Arrays.copyOf(from.states, length);
            queuedRefs = Arrays.copyOf(from.queuedRefs, length);
            stepCounts = Arrays.copyOf(from.stepCounts, length);
            parents = Arrays.copyOf(from.parents, length);
            lastRunAt = Arrays.copyOf(from.lastRunAt, length);
        }
    }

    private Page[] pages = {new Page(FIRST)};
    private int capacity = FIRST;

    /** Fills the slot of a new task {@code tid} (the next id, or a free one), growing the table if needed. */
    void add(int tid, SystemCall.Body body, int parent, int now) {
        if (tid == capacity) {
            grow();
        }
        Page page = pages[tid >>> PAGE_BITS];
        int slot = tid & MASK;
        page.bodies[slot] = body;
        page.parents[slot] = parent;
        page.lastRunAt[slot] = now;
        page.stepCounts[slot] = 0;
    }

    /** Marks {@code tid} as dead and drops its coroutine and pending value; its counts stay. */
    void clear(int tid, byte deadState) {
        Page page = pages[tid >>> PAGE_BITS];
        int slot = tid & MASK;
        page.states[slot] = deadState;
        page.bodies[slot] = null;
        page.sendValues[slot] = null;
    }

    SystemCall.Body body(int tid) {
        return pages[tid >>> PAGE_BITS].bodies[tid & MASK];
    }

    byte state(int tid) {
        return pages[tid >>> PAGE_BITS].states[tid & MASK];
    }

    void setState(int tid, byte state) {
        pages[tid >>> PAGE_BITS].states[tid & MASK] = state;
    }

    /** Sets the state and the value the task's next resume receives. */
    void setReady(int tid, byte state, Object sendValue) {
        Page page = pages[tid >>> PAGE_BITS];
        int slot = tid & MASK;
        page.states[slot] = state;
        page.sendValues[slot] = sendValue;
    }

    /** Bookkeeping of one step starting: returns the value to resume with (and forgets it). */
    Object startStep(int tid, byte runningState, int now) {
        Page page = pages[tid >>> PAGE_BITS];
        int slot = tid & MASK;
        Object value = page.sendValues[slot];
        page.sendValues[slot] = null;
        page.states[slot] = runningState;
        page.stepCounts[slot]++;
        page.lastRunAt[slot] = now;
        return value;
    }

    int stepCount(int tid) {
        return pages[tid >>> PAGE_BITS].stepCounts[tid & MASK];
    }

    int parent(int tid) {
        return pages[tid >>> PAGE_BITS].parents[tid & MASK];
    }

    int lastRunAt(int tid) {
        return pages[tid >>> PAGE_BITS].lastRunAt[tid & MASK];
    }

    /** Adds {@code delta} to the id's queue references; returns the new count. */
    int addQueuedRef(int tid, int delta) {
        byte[] refs = pages[tid >>> PAGE_BITS].queuedRefs;
        return refs[tid & MASK] += (byte) delta;
    }

    int queuedRefs(int tid) {
        return pages[tid >>> PAGE_BITS].queuedRefs[tid & MASK];
    }

    /** {@link #body} read racily from another thread: null, never an exception, if the slot is not there. */
    SystemCall.Body peekBody(int tid) {
        Page page = peekPage(tid);
        return page == null ? null : page.bodies[tid & MASK];
    }

    /** {@link #parent} read racily from another thread (0 if the slot is not there). */
    int peekParent(int tid) {
        Page page = peekPage(tid);
        return page == null ? 0 : page.parents[tid & MASK];
    }

    /** {@link #stepCount} read racily from another thread (0 if the slot is not there). */
    int peekStepCount(int tid) {
        Page page = peekPage(tid);
        return page == null ? 0 : page.stepCounts[tid & MASK];
    }

    /** The page holding {@code tid}, read racily; null if there is none or it is too short. */
    private Page peekPage(int tid) {
        Page[] table = pages;
        Page page = tid > 0 && tid >>> PAGE_BITS < table.length ? table[tid >>> PAGE_BITS] : null;
        return page != null && (tid & MASK) < page.bodies.length ? page : null;
    }

    private void grow() {
        if (capacity < PAGE) {
            capacity *= 2;
            pages[0] = new Page(pages[0], capacity);
            return;
        }
        int page = capacity >>> PAGE_BITS;
        if (page == pages.length) {
            pages = Arrays.copyOf(pages, page * 2);
        }
        pages[page] = new Page(PAGE);
        capacity += PAGE;
    }
}
