package io.resilientgateways.aeron.time;

import io.aeron.cluster.service.ClusterClock;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.concurrent.TimeUnit;

/**
 * A cluster clock that never steps: the wall clock read once, when the consensus module starts, plus the time the
 * monotonic clock has counted since. Give it to every member, {@code ConsensusModule.Context.clusterClock(new
 * MonotonicClusterClock())}.
 * <p>
 * Why: the consensus module times client sessions out on its cluster clock, while a gateway measures its lease on
 * its own monotonic clock. With the default clock (the wall clock), an NTP step forward on the leader larger than
 * the gateways' fence margin times every session out at once while their leases are still valid: the cluster gives
 * their tasks away while they still hold them (the epochs still fence the remote side, but every party moves). With
 * this clock a step changes nothing until the member restarts. The price: the cluster's time drifts from the wall
 * clock by however much the wall clock is stepped or slewed while the member runs, and a new leader's clock may
 * start behind the last logged time (Aeron and the engine both keep time from going backwards in the log; timers
 * may fire up to that difference late). Keep the members' wall clocks synchronised (NTP) as for any cluster.
 * <p>
 * Thread-safe: immutable apart from the clocks it reads.
 */
public final class MonotonicClusterClock implements ClusterClock
{
    private final NanoClock nanoClock;
    private final long originEpochNs;
    private final long originNanoTime;

    /**
     * Anchored at the system's wall clock now, advanced by {@code System.nanoTime}.
     */
    public MonotonicClusterClock()
    {
        this(SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE);
    }

    /**
     * @param epochClock read once, now: the wall-clock time the cluster clock starts from.
     * @param nanoClock  a monotonic clock that advances it.
     */
    public MonotonicClusterClock(final EpochClock epochClock, final NanoClock nanoClock)
    {
        this.nanoClock = nanoClock;
        this.originEpochNs = TimeUnit.MILLISECONDS.toNanos(epochClock.time());
        this.originNanoTime = nanoClock.nanoTime();
    }

    /**
     * @return {@link TimeUnit#MILLISECONDS}, the cluster's default time unit.
     */
    public TimeUnit timeUnit()
    {
        return TimeUnit.MILLISECONDS;
    }

    /**
     * @return milliseconds since the epoch, counted monotonically from the start.
     */
    public long time()
    {
        return TimeUnit.NANOSECONDS.toMillis(timeNanos());
    }

    /**
     * @return nanoseconds since the epoch, counted monotonically from the start.
     */
    public long timeNanos()
    {
        return originEpochNs + (nanoClock.nanoTime() - originNanoTime);
    }
}
