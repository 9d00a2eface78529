package io.resilientgateways.console;

import io.resilientgateways.aeron.client.AdminClient.WorkerRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * A worker with what an operator reads from its load: the tasks it holds and their weight, its share of the live
 * workers' capacity, and its fair share of the weight held (that capacity share of the total). "6 tasks, fair share
 * 6.0" is balanced; "6 tasks, fair share 2.0" is three times its share. The fair share ignores capabilities: where
 * tasks need capabilities not every worker offers, the engine balances within each group and this is a guide.
 * Draining and departed workers have a capacity share and fair share of 0 (their tasks belong elsewhere).
 *
 * @param name           its name.
 * @param incarnation    its gateway process's incarnation (0 once departed).
 * @param capabilities   what it offers.
 * @param capacity       its relative capacity.
 * @param load           weight of its tasks in the target assignment.
 * @param taskCount      its tasks in the target assignment.
 * @param status         {@code LIVE}, {@code DRAINING} or {@code DEPARTED}.
 * @param detached       held through a full restart's reconnect window.
 * @param connectedSince cluster time it registered, -1 unknown.
 * @param lastHeard      cluster time of its last message, -1 unknown.
 * @param capacityShare  its capacity over the live workers' total capacity (0..1).
 * @param fairShare      the weight it would hold if the weight held were spread by capacity.
 * @param totalLoad      the weight held by all workers.
 * @param liveCapacity   the live workers' total capacity.
 */
record WorkerLoad(
    String name, long incarnation, List<String> capabilities, int capacity, long load, int taskCount,
    String status, boolean detached, long connectedSince, long lastHeard, double capacityShare, double fairShare,
    long totalLoad, long liveCapacity)
{
    static final String LIVE = "LIVE";

    /**
     * @param workers the cluster's workers.
     * @return each with its capacity share and fair share, in the same order.
     */
    static List<WorkerLoad> of(final List<WorkerRecord> workers)
    {
        long totalLoad = 0;
        long liveCapacity = 0;
        for (final WorkerRecord w : workers)
        {
            totalLoad += w.load();
            if (LIVE.equals(w.status()))
            {
                liveCapacity += w.capacity();
            }
        }
        final List<WorkerLoad> out = new ArrayList<>(workers.size());
        for (final WorkerRecord w : workers)
        {
            final double share = LIVE.equals(w.status()) && liveCapacity > 0 ? (double)w.capacity() / liveCapacity : 0;
            out.add(new WorkerLoad(w.name(), w.incarnation(), w.capabilities(), w.capacity(), w.load(), w.taskCount(),
                w.status(), w.detached(), w.connectedSince(), w.lastHeard(), share, share * totalLoad, totalLoad,
                liveCapacity));
        }
        return out;
    }

    /**
     * @return its load over its fair share (1 is exactly fair), or 0 with no fair share and no load; infinite for
     * load without a fair share (a draining worker still holding tasks).
     */
    double ofFairShare()
    {
        return fairShare > 0 ? load / fairShare : load > 0 ? Double.POSITIVE_INFINITY : 0;
    }
}
