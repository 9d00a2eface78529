package io.resilientgateways.strategies;

import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.WorkerView;

import java.util.List;

/**
 * What a policy derives from the eligible workers alone (capacities, capabilities, their sums), cached until the
 * view's worker list or membership version changes. A cache of a pure function of the view: answers never depend on
 * whether it was warm. {@link #views} holds the elements of the very list the view returns (it is refreshed whenever
 * {@code view.workers()} returns another list), so reading them is reading the current view.
 */
final class Membership
{
    private List<WorkerView> workers;
    private long version = Long.MIN_VALUE;
    int size;
    WorkerView[] views = new WorkerView[0];
    boolean equalCapacities;
    int[] capacity = new int[0];
    CapabilitySet[] capabilities = new CapabilitySet[0];
    long totalCapacity;

    /**
     * @return this, refreshed for the view's eligible workers if they changed.
     */
    Membership of(final ClusterView view)
    {
        final List<WorkerView> current = view.workers();
        if (current != workers || view.membershipVersion() != version)
        {
            workers = current;
            version = view.membershipVersion();
            size = current.size();
            views = current.toArray(new WorkerView[0]);
            capacity = new int[size];
            capabilities = new CapabilitySet[size];
            long sum = 0;
            boolean equal = true;
            for (int i = 0; i < size; i++)
            {
                final WorkerView worker = current.get(i);
                capacity[i] = worker.capacity();
                equal &= capacity[i] == capacity[0];
                capabilities[i] = worker.capabilities();
                sum += capacity[i];
            }
            totalCapacity = sum;
            equalCapacities = equal;
        }
        return this;
    }
}
