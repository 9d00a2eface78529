package io.resilientgateways.strategies;

import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.WorkerView;

/**
 * The eligible workers ordered by (load, index) in a binary min-heap, for placing many tasks one after another on the
 * least loaded worker in O(log M) each instead of a scan of all M. Valid only while the engine did nothing between two
 * calls but the placement proposed last: {@link ClusterView#loadVersion()} then grew by exactly one and that worker's
 * load by the task's weight. Anything else (another change, a refused proposal, a new membership, a view that does
 * not track loads) rebuilds it from the loads, O(M). Its top is always what a scan would return (lowest load, then
 * lowest index), so answers do not depend on whether it was warm.
 */
final class LoadHeap
{
    private Membership members;
    private WorkerView[] views;
    private long version = -1;
    private int[] heap = new int[0];
    private long[] load = new long[0];
    private int size;
    private int proposed = -1;
    private long expectedLoad;

    /**
     * @return the index (in {@code members.views}) of the least loaded worker, lowest index on ties, or -1 if none;
     * the caller proposes it for a task of the given weight.
     */
    int leastLoaded(final Membership members, final ClusterView view, final int weight)
    {
        final long now = view.loadVersion();
        if (now < 0 || !warm(members, now))
        {
            rebuild(members);
        }
        if (0 == size)
        {
            proposed = -1;
            return -1;
        }
        proposed = heap[0];
        expectedLoad = load[proposed] + weight;
        version = now;
        return proposed;
    }

    private boolean warm(final Membership members, final long now)
    {
        if (members != this.members || members.views != views || proposed < 0 || now != version + 1)
        {
            return false;
        }
        if (views[proposed].load() != expectedLoad)
        {
            return false;
        }
        load[proposed] = expectedLoad;
        siftDown(0);
        return true;
    }

    private void rebuild(final Membership members)
    {
        this.members = members;
        views = members.views;
        size = views.length;
        if (heap.length < size)
        {
            heap = new int[size];
            load = new long[size];
        }
        for (int i = 0; i < size; i++)
        {
            heap[i] = i;
            load[i] = views[i].load();
        }
        for (int i = (size >>> 1) - 1; i >= 0; i--)
        {
            siftDown(i);
        }
    }

    private boolean less(final int a, final int b)
    {
        return load[a] < load[b] || (load[a] == load[b] && a < b);
    }

    private void siftDown(final int from)
    {
        int at = from;
        final int worker = heap[at];
        while (true)
        {
            final int left = 2 * at + 1;
            if (left >= size)
            {
                break;
            }
            int child = left;
            if (left + 1 < size && less(heap[left + 1], heap[left]))
            {
                child = left + 1;
            }
            if (!less(heap[child], worker))
            {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = worker;
    }
}
