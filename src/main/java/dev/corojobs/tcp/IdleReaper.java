package dev.corojobs.tcp;

import dev.corojobs.runtime.IoPoller;
import dev.corojobs.runtime.StacklessCoroutine;
import dev.corojobs.runtime.SystemCall;

/**
 * The task of a loop that closes connections past their idle deadline. All deadlines are "last progress
 * plus the same timeout", so a list kept in order of progress is also in order of deadline: tracking,
 * refreshing and untracking a connection are O(1), and the reaper sleeps (kernel {@code Sleep}) until
 * the oldest deadline, then kills what expired ({@code KillTask}, which runs the connection's cleanup).
 */
final class IdleReaper extends StacklessCoroutine<Object, SystemCall, Object> implements SystemCall.Body {

    private final long timeoutMillis;
    private final IoPoller clock;
    private final TcpStats stats;
    private HelloConnection oldest;
    private HelloConnection newest;

    IdleReaper(long timeoutMillis, IoPoller clock, TcpStats stats) {
        this.timeoutMillis = timeoutMillis;
        this.clock = clock;
        this.stats = stats;
    }

    @Override
    protected void step(Object sent) {
        long now = clock.now();
        HelloConnection candidate = oldest;
        if (candidate == null) {
            yieldValue(new SystemCall.Sleep(timeoutMillis));
        } else if (candidate.deadline > now) {
            yieldValue(new SystemCall.Sleep(candidate.deadline - now));
        } else {
            untrack(candidate);
            stats.reject(TcpStats.RejectReason.IDLE);
            yieldValue(new SystemCall.KillTask(candidate.tid));
        }
    }

    /** Starts the idle clock of a connection that is about to wait. */
    void track(HelloConnection connection) {
        connection.deadline = clock.now() + timeoutMillis;
        connection.tracked = true;
        connection.older = newest;
        connection.newer = null;
        if (newest == null) {
            oldest = connection;
        } else {
            newest.newer = connection;
        }
        newest = connection;
    }

    /** Restarts the idle clock: the connection made progress. */
    void touch(HelloConnection connection) {
        if (connection.tracked) {
            untrack(connection);
        }
        track(connection);
    }

    void untrack(HelloConnection connection) {
        if (!connection.tracked) {
            return;
        }
        if (connection.older == null) {
            oldest = connection.newer;
        } else {
            connection.older.newer = connection.newer;
        }
        if (connection.newer == null) {
            newest = connection.older;
        } else {
            connection.newer.older = connection.older;
        }
        connection.older = null;
        connection.newer = null;
        connection.tracked = false;
    }

    @Override
    public String name() {
        return "idle-reaper";
    }
}
