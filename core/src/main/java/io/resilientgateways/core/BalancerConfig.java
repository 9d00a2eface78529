package io.resilientgateways.core;

/**
 * Settings of a {@link Balancer}, fluent in the Aeron style: setters return {@code this}, getters have no prefix,
 * and {@link #conclude()} validates once and freezes them. Durations are in cluster time units (milliseconds in a default Aeron
 * Cluster).
 * <p>
 * Every replica, and every restart from a snapshot, must use equal settings: a snapshot records a fingerprint of
 * them and {@link Balancer#restore} refuses a mismatch.
 * <pre>{@code
 * BalancerConfig config = new BalancerConfig()
 *     .gracePeriod(0)            // move a crashed gateway's parties at once
 *     .handoffTimeout(5_000)     // report a close not acknowledged within 5 s as stuck
 *     .maxMovesPerRound(1_000)
 *     .conclude();
 * }</pre>
 */
public final class BalancerConfig
{
    /** Defaults. */
    public static final class Defaults
    {
        /** No grace period: a departed worker's tasks move at once. */
        public static final long GRACE_PERIOD = 0;
        /** Ten seconds before an unacknowledged open or close is reported stuck. */
        public static final long HANDOFF_TIMEOUT = 10_000;
        /** Rebalance at once after a membership change. */
        public static final long REBALANCE_DELAY = 0;
        /** Moves started per rebalance round. */
        public static final int MAX_MOVES_PER_ROUND = 10_000;
        /** Transitions kept in the history ring. */
        public static final int HISTORY_CAPACITY = 4_096;
        /** Workers known at once (live, draining, or departed within their grace period). */
        public static final int MAX_WORKERS = 4_096;
        /** Tasks held at once. */
        public static final int MAX_TASKS = 1_000_000;
        /** Two seconds during which a released task is not given back to the worker that released it. */
        public static final long RELEASE_BACKOFF = 2_000;

        private Defaults()
        {
        }
    }

    private long gracePeriod = Defaults.GRACE_PERIOD;
    private long handoffTimeout = Defaults.HANDOFF_TIMEOUT;
    private long rebalanceDelay = Defaults.REBALANCE_DELAY;
    private int maxMovesPerRound = Defaults.MAX_MOVES_PER_ROUND;
    private int historyCapacity = Defaults.HISTORY_CAPACITY;
    private int maxWorkers = Defaults.MAX_WORKERS;
    private int maxTasks = Defaults.MAX_TASKS;
    private long releaseBackoff = Defaults.RELEASE_BACKOFF;
    private boolean concluded;

    /**
     * @param gracePeriod how long a worker whose session was lost (closed without goodbye, or timed out) keeps its
     *                    tasks reserved, so that re-registering under the same name gets them back instead of
     *                    them moving. 0 moves them at once. A worker that deregisters never gets one.
     * @return this.
     */
    public BalancerConfig gracePeriod(final long gracePeriod)
    {
        requireOpen();
        this.gracePeriod = gracePeriod;
        return this;
    }

    /**
     * @return the grace period.
     */
    public long gracePeriod()
    {
        return gracePeriod;
    }

    /**
     * @param handoffTimeout after this long without an open or close acknowledgement the task is reported stuck. It
     *                       stays with its owner (never opened twice) until the owner acks or leaves. 0 disables.
     * @return this.
     */
    public BalancerConfig handoffTimeout(final long handoffTimeout)
    {
        requireOpen();
        this.handoffTimeout = handoffTimeout;
        return this;
    }

    /**
     * @return the handoff timeout.
     */
    public long handoffTimeout()
    {
        return handoffTimeout;
    }

    /**
     * @param rebalanceDelay wait this long after a membership change before rebalancing, so that workers starting
     *                       close together cause one round of moves instead of several. 0 rebalances at once.
     *                       Orphaned and pending tasks are always placed at once.
     * @return this.
     */
    public BalancerConfig rebalanceDelay(final long rebalanceDelay)
    {
        requireOpen();
        this.rebalanceDelay = rebalanceDelay;
        return this;
    }

    /**
     * @return the rebalance delay.
     */
    public long rebalanceDelay()
    {
        return rebalanceDelay;
    }

    /**
     * @param maxMovesPerRound most moves (including drain moves) started per rebalance round; the next round
     *                         starts once they are all revoked.
     * @return this.
     */
    public BalancerConfig maxMovesPerRound(final int maxMovesPerRound)
    {
        requireOpen();
        this.maxMovesPerRound = maxMovesPerRound;
        return this;
    }

    /**
     * @return the limit of moves per round.
     */
    public int maxMovesPerRound()
    {
        return maxMovesPerRound;
    }

    /**
     * @param historyCapacity transitions kept; the oldest are dropped first.
     * @return this.
     */
    public BalancerConfig historyCapacity(final int historyCapacity)
    {
        requireOpen();
        this.historyCapacity = historyCapacity;
        return this;
    }

    /**
     * @return the history capacity.
     */
    public int historyCapacity()
    {
        return historyCapacity;
    }

    /**
     * @param maxWorkers workers known at once; registering one more is rejected.
     * @return this.
     */
    public BalancerConfig maxWorkers(final int maxWorkers)
    {
        requireOpen();
        this.maxWorkers = maxWorkers;
        return this;
    }

    /**
     * @return the worker limit.
     */
    public int maxWorkers()
    {
        return maxWorkers;
    }

    /**
     * @param maxTasks tasks held at once; adding one more is rejected.
     * @return this.
     */
    public BalancerConfig maxTasks(final int maxTasks)
    {
        requireOpen();
        this.maxTasks = maxTasks;
        return this;
    }

    /**
     * @return the task limit.
     */
    public int maxTasks()
    {
        return maxTasks;
    }

    /**
     * @param releaseBackoff how long a task released by a worker (see {@link Balancer#taskReleased}) is not given
     *                       back to it: the engine places it on another capable worker, or leaves it pending until
     *                       the backoff ends when there is none. 0 places it again at once, anywhere.
     * @return this.
     */
    public BalancerConfig releaseBackoff(final long releaseBackoff)
    {
        requireOpen();
        this.releaseBackoff = releaseBackoff;
        return this;
    }

    /**
     * @return the release backoff.
     */
    public long releaseBackoff()
    {
        return releaseBackoff;
    }

    /**
     * Validate the settings and freeze them: from then on every setter throws, so settings an engine runs with
     * cannot change under it (every replica must run with equal ones). Called by the engine; runs once, later calls
     * return this.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first invalid setting.
     */
    public BalancerConfig conclude()
    {
        if (concluded)
        {
            return this;
        }
        requireNonNegative("gracePeriod", gracePeriod);
        requireNonNegative("handoffTimeout", handoffTimeout);
        requireNonNegative("rebalanceDelay", rebalanceDelay);
        requirePositive("maxMovesPerRound", maxMovesPerRound);
        requirePositive("historyCapacity", historyCapacity);
        requirePositive("maxWorkers", maxWorkers);
        requirePositive("maxTasks", maxTasks);
        requireNonNegative("releaseBackoff", releaseBackoff);
        concluded = true;
        return this;
    }

    private void requireOpen()
    {
        if (concluded)
        {
            throw new IllegalStateException("settings are concluded and frozen: " + this);
        }
    }

    long fingerprint()
    {
        return fingerprintV1() * 31 + releaseBackoff;
    }

    /**
     * @return the fingerprint as snapshot format 1 wrote it, before {@link #releaseBackoff()} existed: a format 1
     * snapshot restores under any release backoff, as no release can precede it.
     */
    long fingerprintV1()
    {
        long h = 17;
        h = h * 31 + gracePeriod;
        h = h * 31 + handoffTimeout;
        h = h * 31 + rebalanceDelay;
        h = h * 31 + maxMovesPerRound;
        h = h * 31 + historyCapacity;
        h = h * 31 + maxWorkers;
        h = h * 31 + maxTasks;
        return h;
    }

    private static void requireNonNegative(final String name, final long value)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException(name + " must be >= 0: " + value);
        }
    }

    private static void requirePositive(final String name, final long value)
    {
        if (value <= 0)
        {
            throw new IllegalArgumentException(name + " must be > 0: " + value);
        }
    }

    @Override
    public String toString()
    {
        return "BalancerConfig{gracePeriod=" + gracePeriod + ", handoffTimeout=" + handoffTimeout +
            ", rebalanceDelay=" + rebalanceDelay + ", maxMovesPerRound=" + maxMovesPerRound +
            ", historyCapacity=" + historyCapacity + ", maxWorkers=" + maxWorkers + ", maxTasks=" + maxTasks +
            ", releaseBackoff=" + releaseBackoff + "}";
    }
}
