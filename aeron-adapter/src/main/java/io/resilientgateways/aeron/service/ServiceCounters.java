package io.resilientgateways.aeron.service;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.resilientgateways.aeron.protocol.AdapterRejection;
import io.resilientgateways.aeron.protocol.CounterTypes;
import io.resilientgateways.core.Balancer;
import io.resilientgateways.core.TaskStatus;
import org.agrona.CloseHelper;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * The balancer's figures as Agrona counters in the member's media driver, so AeronStat (or any {@code CountersReader})
 * shows them next to Aeron's own. One set per service (every member has one; the leader's is the one that sends).
 * Counts of events are written as they happen; the state figures (workers, tasks by status, stuck) at most every
 * {@link #STATE_INTERVAL_NS}, from the service's background work, since computing them walks the assignment.
 * Written on the service thread only; they are side outputs and never read back into the replicated state.
 */
final class ServiceCounters implements AutoCloseable
{
    static final long STATE_INTERVAL_NS = 200_000_000L;

    private final Aeron aeron;
    private final Counter workers;
    private final Counter pending;
    private final Counter opening;
    private final Counter open;
    private final Counter closing;
    private final Counter reserved;
    private final Counter stuck;
    private final Counter revocations;
    private final Counter malformed;
    private final Counter unauthorised;
    private final Counter egressDrops;
    private final Counter resyncs;
    private final Int2ObjectHashMap<Counter> rejectionsByCode = new Int2ObjectHashMap<>();
    private final long[] byStatus = new long[TaskStatus.values().length + 1];
    private long nextStateNs;
    private boolean statePublished;

    ServiceCounters(final Aeron aeron, final int memberId)
    {
        this.aeron = aeron;
        final String member = " memberId=" + memberId;
        workers = aeron.addCounter(CounterTypes.WORKERS, "rg-workers:" + member);
        pending = aeron.addCounter(CounterTypes.TASKS_PENDING, "rg-tasks-pending:" + member);
        opening = aeron.addCounter(CounterTypes.TASKS_OPENING, "rg-tasks-opening:" + member);
        open = aeron.addCounter(CounterTypes.TASKS_OPEN, "rg-tasks-open:" + member);
        closing = aeron.addCounter(CounterTypes.TASKS_CLOSING, "rg-tasks-closing:" + member);
        reserved = aeron.addCounter(CounterTypes.TASKS_RESERVED, "rg-tasks-reserved:" + member);
        stuck = aeron.addCounter(CounterTypes.TASKS_STUCK, "rg-tasks-stuck:" + member);
        revocations = aeron.addCounter(CounterTypes.REVOCATIONS, "rg-revocations (moves, drains, removals):" + member);
        malformed = aeron.addCounter(CounterTypes.MALFORMED, "rg-malformed-inputs:" + member);
        unauthorised = aeron.addCounter(CounterTypes.UNAUTHORISED, "rg-unauthorised-inputs:" + member);
        egressDrops = aeron.addCounter(CounterTypes.EGRESS_DROPS, "rg-egress-drops:" + member);
        resyncs = aeron.addCounter(CounterTypes.RESYNCS, "rg-resyncs:" + member);
    }

    void onRejected(final int code)
    {
        Counter counter = rejectionsByCode.get(code);
        if (null == counter)
        {
            counter = aeron.addCounter(CounterTypes.REJECTIONS, "rg-rejections: code=" + AdapterRejection.name(code));
            rejectionsByCode.put(code, counter);
        }
        counter.incrementRelease();
    }

    void onRevocation()
    {
        revocations.incrementRelease();
    }

    void onResync()
    {
        resyncs.incrementRelease();
    }

    void counts(final long malformedCount, final long unauthorisedCount, final long droppedEgress)
    {
        malformed.setRelease(malformedCount);
        unauthorised.setRelease(unauthorisedCount);
        egressDrops.setRelease(droppedEgress);
    }

    /**
     * @return 1 if the state figures were written, 0 if it was too soon.
     */
    int state(final long nowNs, final Balancer balancer)
    {
        if (statePublished && nowNs - nextStateNs < 0)
        {
            return 0;
        }
        statePublished = true;
        nextStateNs = nowNs + STATE_INTERVAL_NS;
        balancer.countTasks(byStatus); // no copy, no sort: this runs on the service's thread
        pending.setRelease(byStatus[TaskStatus.PENDING.ordinal()]);
        opening.setRelease(byStatus[TaskStatus.OPENING.ordinal()]);
        open.setRelease(byStatus[TaskStatus.OPEN.ordinal()]);
        closing.setRelease(byStatus[TaskStatus.CLOSING.ordinal()]);
        reserved.setRelease(byStatus[TaskStatus.RESERVED.ordinal()]);
        stuck.setRelease(byStatus[byStatus.length - 1]);
        workers.setRelease(balancer.workers().size());
        return 1;
    }

    public void close()
    {
        CloseHelper.quietCloseAll(workers, pending, opening, open, closing, reserved, stuck, revocations, malformed,
            unauthorised, egressDrops, resyncs);
        rejectionsByCode.values().forEach(CloseHelper::quietClose);
        rejectionsByCode.clear();
    }
}
