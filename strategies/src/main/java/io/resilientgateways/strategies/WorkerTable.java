package io.resilientgateways.strategies;

import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.WorkerView;

import java.util.List;

/**
 * The eligible workers of one view copied into arrays (sorted by id, as the view gives them), with loads a policy
 * may update as it plans moves. Created per decision; never kept across calls.
 */
final class WorkerTable
{
    final List<WorkerView> views;
    final int size;
    final WorkerId[] ids;
    final CapabilitySet[] capabilities;
    final int[] capacity;
    final long[] load;
    final long totalCapacity;
    long totalLoad;

    WorkerTable(final ClusterView view)
    {
        views = view.workers();
        size = views.size();
        ids = new WorkerId[size];
        capabilities = new CapabilitySet[size];
        capacity = new int[size];
        load = new long[size];
        long capacitySum = 0;
        long loadSum = 0;
        for (int i = 0; i < size; i++)
        {
            final WorkerView worker = views.get(i);
            ids[i] = worker.id();
            capabilities[i] = worker.capabilities();
            capacity[i] = worker.capacity();
            load[i] = worker.load();
            capacitySum += capacity[i];
            loadSum += load[i];
        }
        totalCapacity = capacitySum;
        totalLoad = loadSum;
    }

    boolean canRun(final int worker, final CapabilitySet required)
    {
        return capabilities[worker].containsAll(required);
    }

    void move(final int from, final int to, final int weight)
    {
        load[from] -= weight;
        load[to] += weight;
    }

    /**
     * @return true if loadA / capacityA &lt; loadB / capacityB, exactly (no floating point).
     */
    static boolean lessLoaded(final long loadA, final int capacityA, final long loadB, final int capacityB)
    {
        return loadA * capacityB < loadB * capacityA;
    }

    /**
     * @return -1, 0 or 1 as loadA / capacityA is below, equal to or above loadB / capacityB.
     */
    static int compareLoad(final long loadA, final int capacityA, final long loadB, final int capacityB)
    {
        return Long.compare(loadA * capacityB, loadB * capacityA);
    }
}
