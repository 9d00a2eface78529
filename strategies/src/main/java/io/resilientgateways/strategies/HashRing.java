package io.resilientgateways.strategies;

import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.WorkerView;

import java.util.Arrays;
import java.util.List;

/**
 * A ring of virtual nodes for the eligible workers of one membership: worker {@code i} (its index in the view's
 * sorted worker list) has {@code virtualNodes x capacity} points. (Not divided by a common divisor of the
 * capacities: that would change every worker's points when a worker of another capacity joins.) Points are sorted; equal points (vanishingly
 * rare) are ordered by worker index, then by virtual-node number. Immutable once built.
 */
final class HashRing
{
    final WorkerId[] ids;
    final int[] capacity;
    final CapabilitySet[] capabilities;
    final long totalCapacity;
    final long[] points;
    final int[] owners;

    HashRing(final List<WorkerView> workers, final int virtualNodes)
    {
        final int n = workers.size();
        ids = new WorkerId[n];
        capacity = new int[n];
        capabilities = new CapabilitySet[n];
        long capacitySum = 0;
        for (int i = 0; i < n; i++)
        {
            final WorkerView worker = workers.get(i);
            ids[i] = worker.id();
            capacity[i] = worker.capacity();
            capabilities[i] = worker.capabilities();
            capacitySum += capacity[i];
        }
        final int[] nodeCount = new int[n];
        int pointCount = 0;
        for (int i = 0; i < n; i++)
        {
            nodeCount[i] = Math.multiplyExact(virtualNodes, capacity[i]);
            pointCount = Math.addExact(pointCount, nodeCount[i]);
        }
        totalCapacity = capacitySum;

        final long[] raw = new long[pointCount];
        final int[] rawOwner = new int[pointCount];
        final int[] rawNode = new int[pointCount];
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            for (int v = 0; v < nodeCount[i]; v++)
            {
                raw[k] = StableHash.nodePoint(ids[i], v);
                rawOwner[k] = i;
                rawNode[k] = v;
                k++;
            }
        }
        final Integer[] order = new Integer[pointCount];
        for (int i = 0; i < pointCount; i++)
        {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) ->
        {
            final int byPoint = Long.compare(raw[a], raw[b]);
            if (byPoint != 0)
            {
                return byPoint;
            }
            final int byOwner = Integer.compare(rawOwner[a], rawOwner[b]);
            return byOwner != 0 ? byOwner : Integer.compare(rawNode[a], rawNode[b]);
        });
        points = new long[pointCount];
        owners = new int[pointCount];
        for (int i = 0; i < pointCount; i++)
        {
            points[i] = raw[order[i]];
            owners[i] = rawOwner[order[i]];
        }
    }

    int size()
    {
        return points.length;
    }

    /**
     * @return the index of the first point at or after {@code point}, wrapping to 0 past the last.
     */
    int firstAtOrAfter(final long point)
    {
        int lo = 0;
        int hi = points.length;
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (points[mid] < point)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo == points.length ? 0 : lo;
    }

    /**
     * @return true if this ring was built from workers equal (ids, capacities, capabilities) to these.
     */
    boolean matches(final List<WorkerView> workers)
    {
        if (workers.size() != ids.length)
        {
            return false;
        }
        for (int i = 0; i < ids.length; i++)
        {
            final WorkerView worker = workers.get(i);
            if (!ids[i].equals(worker.id()) || capacity[i] != worker.capacity() ||
                !capabilities[i].equals(worker.capabilities()))
            {
                return false;
            }
        }
        return true;
    }
}
