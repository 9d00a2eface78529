package io.resilientgateways.aeron.node;

import java.util.ArrayDeque;

/**
 * Where the log stood a while ago, by this member's clock: samples of its commit position, so that log retention can
 * keep every byte committed within the last {@code holdMs} (a member that fell behind, or stopped, less than that
 * long ago still finds the log it needs on every peer). Samples are taken at most every {@code holdMs / 64}
 * (at least 10 ms) and dropped once a newer one is older than the hold, so a few dozen are kept whatever the hold.
 * Not thread-safe: the member's health thread owns it.
 */
final class RecentLog
{
    private final long holdMs;
    private final long sampleEveryMs;
    // {time ms, commit position}, oldest first
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    /**
     * @param holdMs how long committed log is kept (0: not at all, every position may be deleted at once).
     */
    RecentLog(final long holdMs)
    {
        if (holdMs < 0)
        {
            throw new IllegalArgumentException("holdMs must not be negative: " + holdMs);
        }
        this.holdMs = holdMs;
        this.sampleEveryMs = Math.max(10, holdMs / 64);
    }

    /**
     * @param nowMs          this member's monotonic clock.
     * @param commitPosition its commit position now.
     */
    void sample(final long nowMs, final long commitPosition)
    {
        final long[] last = samples.peekLast();
        if (null == last || nowMs - last[0] >= sampleEveryMs)
        {
            samples.addLast(new long[]{nowMs, commitPosition});
        }
        // the oldest sample is needed only while the next one is not yet old enough to answer
        while (samples.size() > 1 && nowMs - secondOldestTime() >= holdMs)
        {
            samples.removeFirst();
        }
    }

    private long secondOldestTime()
    {
        final var it = samples.iterator();
        it.next();
        return it.next()[0];
    }

    /**
     * @param nowMs this member's monotonic clock.
     * @return the highest position below which nothing was committed within the hold: the commit position sampled at
     * least {@code holdMs} ago (the newest such sample), {@link Long#MAX_VALUE} with no hold, or -1 if no sample is
     * that old yet (then nothing may be deleted).
     */
    long deletableBelow(final long nowMs)
    {
        if (0 == holdMs)
        {
            return Long.MAX_VALUE;
        }
        long below = -1;
        for (final long[] s : samples)
        {
            if (nowMs - s[0] < holdMs)
            {
                break;
            }
            below = s[1];
        }
        return below;
    }

    /**
     * @return the hold in milliseconds.
     */
    long holdMs()
    {
        return holdMs;
    }

    /**
     * @return samples kept (bounded whatever the hold or the run time).
     */
    int size()
    {
        return samples.size();
    }
}
