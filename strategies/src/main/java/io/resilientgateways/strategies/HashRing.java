package io.resilientgateways.strategies;

import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.WorkerView;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A ring of virtual nodes for the eligible workers of one membership: worker {@code i} (its index in the view's
 * sorted worker list) has {@code virtualNodes x capacity} points. (Not divided by a common divisor of the
 * capacities: that would change every worker's points when a worker of another capacity joins.) A worker's points
 * are hashed once and reused by the next membership's ring, which is then a merge: O(points x log M). Points are sorted; equal points (vanishingly
 * rare) are ordered by worker index. Immutable once built.
 */
final class HashRing
{
    final WorkerId[] ids;
    final int[] capacity;
    final CapabilitySet[] capabilities;
    final long totalCapacity;
    final long[] points;
    final int[] owners;

    /** Each worker's points, sorted, kept so that the next membership's ring need not hash them again. */
    final Map<WorkerId, long[]> pointsByWorker;

    /**
     * @param workers      the eligible workers, sorted by id.
     * @param virtualNodes points per unit of capacity.
     * @param previous     the points of the ring before, reused for workers of unchanged capacity; may be empty.
     */
    HashRing(final List<WorkerView> workers, final int virtualNodes, final Map<WorkerId, long[]> previous)
    {
        final int n = workers.size();
        ids = new WorkerId[n];
        capacity = new int[n];
        capabilities = new CapabilitySet[n];
        pointsByWorker = new HashMap<>();
        final long[][] runs = new long[n][];
        final int[][] runOwners = new int[n][];
        long capacitySum = 0;
        for (int i = 0; i < n; i++)
        {
            final WorkerView worker = workers.get(i);
            ids[i] = worker.id();
            capacity[i] = worker.capacity();
            capabilities[i] = worker.capabilities();
            capacitySum += capacity[i];
            final int nodes = Math.multiplyExact(virtualNodes, capacity[i]);
            long[] mine = previous.get(ids[i]);
            if (null == mine || mine.length != nodes)
            {
                mine = new long[nodes];
                for (int v = 0; v < nodes; v++)
                {
                    mine[v] = StableHash.nodePoint(ids[i], v);
                }
                Arrays.sort(mine);
            }
            pointsByWorker.put(ids[i], mine);
            runs[i] = mine;
            runOwners[i] = new int[nodes];
            Arrays.fill(runOwners[i], i);
        }
        totalCapacity = capacitySum;
        mergeAll(runs, runOwners);
        points = 0 == n ? new long[0] : runs[0];
        owners = 0 == n ? new int[0] : runOwners[0];
    }

    /**
     * Merge sorted runs pairwise, left before right on equal points; runs are in worker order, so equal points end
     * ordered by worker index.
     *
     * The result is left in {@code runs[0]} and {@code owners[0]}.
     */
    private static void mergeAll(final long[][] runs, final int[][] owners)
    {
        int count = runs.length;
        while (count > 1)
        {
            int out = 0;
            for (int i = 0; i < count; i += 2)
            {
                if (i + 1 == count)
                {
                    runs[out] = runs[i];
                    owners[out] = owners[i];
                }
                else
                {
                    final long[] a = runs[i];
                    final long[] b = runs[i + 1];
                    final int[] oa = owners[i];
                    final int[] ob = owners[i + 1];
                    final long[] m = new long[a.length + b.length];
                    final int[] om = new int[m.length];
                    int x = 0;
                    int y = 0;
                    for (int k = 0; k < m.length; k++)
                    {
                        if (y == b.length || (x < a.length && a[x] <= b[y]))
                        {
                            m[k] = a[x];
                            om[k] = oa[x++];
                        }
                        else
                        {
                            m[k] = b[y];
                            om[k] = ob[y++];
                        }
                    }
                    runs[out] = m;
                    owners[out] = om;
                }
                out++;
            }
            count = out;
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
