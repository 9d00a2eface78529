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
 * <b>Pauses</b> ({@link #MonotonicClusterClock(EpochClock, NanoClock, long)}): a gap between two reads longer than
 * the largest step counts as that step only. The consensus module reads its clock every duty cycle, so such a gap
 * is a member that did not run (SIGSTOP, a long GC pause, a starved host). Without the cap, a leader that wakes from
 * a pause longer than the session timeout first times out every client session (its first duty cycle checks the
 * sessions before it notices it has lost its followers) and sends each client a CLOSED event: every gateway loses
 * its session and reconnects, although the new leader, elected while it was frozen, still has the session open and
 * its heartbeats answered; and the session-close entries it appends make its log look longer than its peers' to its
 * own election, so it disrupts the new leader with a vote request for a higher term. With the cap the woken member
 * does not count time it was not watching against its clients or peers: it reads what its peers sent while it slept
 * (the new leadership term) and follows. The cost: a member's own time runs slow by each pause minus the step, so a
 * client's session times out later than configured by that much (the safe direction for a lease) and timers fire
 * that much later on that member.
 * <p>
 * Thread-safe (the consensus module reads it from its own thread; reads from other threads are consistent).
 */
public final class MonotonicClusterClock implements ClusterClock
{
    private final NanoClock nanoClock;
    private final long originEpochNs;
    private final long originNanoTime;
    private final long maxStepNs;
    private long lastNanoTime;
    private long excludedNs;
    private long lastTimeNs;

    /**
     * Anchored at the system's wall clock now, advanced by {@code System.nanoTime}, no cap on a step.
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
        this(epochClock, nanoClock, Long.MAX_VALUE);
    }

    /**
     * @param epochClock read once, now: the wall-clock time the cluster clock starts from.
     * @param nanoClock  a monotonic clock that advances it.
     * @param maxStepNs  the most the clock advances between two reads (a longer gap is a pause, see the class
     *                   comment); {@link Long#MAX_VALUE} for no cap.
     */
    public MonotonicClusterClock(final EpochClock epochClock, final NanoClock nanoClock, final long maxStepNs)
    {
        if (maxStepNs <= 0)
        {
            throw new IllegalArgumentException("maxStepNs must be positive: " + maxStepNs);
        }
        this.nanoClock = nanoClock;
        this.maxStepNs = maxStepNs;
        this.originEpochNs = TimeUnit.MILLISECONDS.toNanos(epochClock.time());
        this.originNanoTime = nanoClock.nanoTime();
        this.lastNanoTime = originNanoTime;
        this.lastTimeNs = originEpochNs;
    }

    /**
     * A clock for a cluster member that does not count its own pauses (see the class comment).
     *
     * @param maxStepMs the most the clock advances between two reads, e.g. half the leader heartbeat timeout.
     * @return anchored at the system's wall clock now, advanced by {@code System.nanoTime}.
     */
    public static MonotonicClusterClock excludingPauses(final long maxStepMs)
    {
        return new MonotonicClusterClock(
            SystemEpochClock.INSTANCE, SystemNanoClock.INSTANCE, TimeUnit.MILLISECONDS.toNanos(maxStepMs));
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
     * @return nanoseconds since the epoch, counted monotonically from the start, less the pauses beyond the cap.
     */
    public synchronized long timeNanos()
    {
        final long now = nanoClock.nanoTime();
        final long gap = now - lastNanoTime;
        if (gap > maxStepNs)
        {
            excludedNs += gap - maxStepNs;
        }
        if (gap > 0)
        {
            lastNanoTime = now;
        }
        lastTimeNs = Math.max(lastTimeNs, originEpochNs + (lastNanoTime - originNanoTime) - excludedNs);
        return lastTimeNs;
    }

    /**
     * @return nanoseconds of pauses (gaps beyond the cap) not counted so far.
     */
    public synchronized long excludedNs()
    {
        return excludedNs;
    }
}
