package io.resilientgateways.aeron.node;

/**
 * When the leading member asks for its next periodic snapshot: one interval after the latest snapshot this member
 * saw taken (whoever asked for it) or, before any, after the member started. Only the leader asks; a request that
 * has not produced a snapshot yet is not repeated for another interval, so a slow snapshot is never asked twice.
 * Time is the member's monotonic clock in milliseconds; not thread-safe (the member's health thread owns it).
 */
final class SnapshotSchedule
{
    private final long intervalMs;
    private long lastMs;
    private long lastCount = -1;

    SnapshotSchedule(final long intervalMs, final long startMs)
    {
        this.intervalMs = intervalMs;
        this.lastMs = startMs;
    }

    /**
     * @param nowMs         monotonic time.
     * @param snapshotCount snapshots this member has taken so far.
     * @param leader        whether this member leads.
     * @return true if this member should ask for a snapshot now.
     */
    boolean due(final long nowMs, final long snapshotCount, final boolean leader)
    {
        if (snapshotCount != lastCount)
        {
            if (lastCount >= 0)
            {
                lastMs = nowMs;
            }
            lastCount = snapshotCount;
        }
        return intervalMs > 0 && leader && nowMs - lastMs >= intervalMs;
    }

    /**
     * The toggle was set: wait another interval before asking again, whether or not it produces a snapshot.
     */
    void requested()
    {
        lastMs += intervalMs;
    }
}
