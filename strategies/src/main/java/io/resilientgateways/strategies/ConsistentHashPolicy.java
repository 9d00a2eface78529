package io.resilientgateways.strategies;

import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.Move;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.TaskView;
import io.resilientgateways.core.spi.WorkerView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Consistent hashing on a ring of virtual nodes (see {@link ConsistentHashOptions}), hashed with a fixed function
 * ({@code StableHash}: murmur3_128, seed 0x52475731): a task belongs to the first worker clockwise from its point
 * that can run it. A worker joining takes only the tasks whose points fall just before its own, about 1/(M+1) of
 * them, and every task that moves goes to it; a worker leaving moves only its own tasks. A task's place depends on
 * nothing but its id and the membership, so any replica, or any client, can compute it without the assignment.
 * <p>
 * With {@link ConsistentHashOptions#boundedLoad(double) a load bound} a worker takes a task only if its load stays
 * at most {@code ceil((1 + eps) x T x capacity / C)}; otherwise the task walks on clockwise. {@link #rebalance}
 * then places all movable tasks in ring order (by point, then id) against those caps, so the target is again a
 * function of the task set and membership. If no capable worker has room, the first capable one takes it.
 * <p>
 * {@link #rebalance} costs O(N) hashes (it recomputes every movable task's target); {@link #allocate} costs
 * O(log(points)) plus the walk. The ring is rebuilt only when the eligible workers change; it is a cache of a pure
 * function of them, so restoring from a snapshot gives the same answers.
 */
public final class ConsistentHashPolicy implements RebalancePolicy
{
    /** Its name in snapshots, followed by its settings, e.g. {@code consistent-hash/v100}. */
    public static final String NAME = "consistent-hash";

    private final int virtualNodes;
    private final boolean bounded;
    private final double epsilon;
    private final String name;
    private List<WorkerView> ringWorkers;
    private long ringVersion;
    private HashRing ring;

    ConsistentHashPolicy(final ConsistentHashOptions options)
    {
        this.virtualNodes = options.virtualNodes();
        this.bounded = options.bounded();
        this.epsilon = options.epsilon();
        this.name = NAME + "/" + options.describe();
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public int version()
    {
        return 1;
    }

    @Override
    public WorkerId allocate(final TaskView task, final ClusterView view)
    {
        final List<WorkerView> workers = view.workers();
        if (workers.isEmpty())
        {
            return null;
        }
        final HashRing ring = ring(workers, view.membershipVersion());
        final long total = view.totalWeight();
        final int start = ring.firstAtOrAfter(StableHash.taskPoint(task.id()));
        final CapabilitySet requires = task.requires();
        final int points = ring.size();
        int firstCapable = -1;
        for (int k = 0; k < points; k++)
        {
            final int i = ring.owners[(start + k) % points];
            if (!ring.capabilities[i].containsAll(requires))
            {
                if (k == workers.size() && !anyCapable(ring, requires))
                {
                    return null;
                }
                continue;
            }
            if (!bounded || workers.get(i).load() + task.weight() <= cap(total, ring.capacity[i], ring.totalCapacity))
            {
                return ring.ids[i];
            }
            if (firstCapable < 0)
            {
                firstCapable = i;
            }
        }
        return firstCapable < 0 ? null : ring.ids[firstCapable];
    }

    @Override
    public List<Move> rebalance(final ClusterView view, final int maxMoves)
    {
        final List<WorkerView> workers = view.workers();
        if (workers.size() < 2 || maxMoves <= 0 || 0 == view.taskCount())
        {
            return List.of();
        }
        final HashRing ring = ring(workers, view.membershipVersion());
        final int n = workers.size();
        final long[] load = new long[n];
        final List<TaskView> movable = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            for (final TaskView task : view.tasksOf(ring.ids[i]))
            {
                if (task.movable())
                {
                    movable.add(task);
                }
                else
                {
                    load[i] += task.weight();
                }
            }
        }
        final int count = movable.size();
        final long[] point = new long[count];
        final Integer[] order = new Integer[count];
        for (int k = 0; k < count; k++)
        {
            point[k] = StableHash.taskPoint(movable.get(k).id());
            order[k] = k;
        }
        if (bounded)
        {
            Arrays.sort(order, (a, b) ->
            {
                final int byPoint = Long.compare(point[a], point[b]);
                return byPoint != 0 ? byPoint : movable.get(a).id().compareTo(movable.get(b).id());
            });
        }
        final long total = view.totalWeight();
        final List<Move> moves = new ArrayList<>();
        for (int k = 0; k < count; k++)
        {
            final TaskView task = movable.get(order[k]);
            final int target = place(ring, load, total, point[order[k]], task);
            if (target < 0)
            {
                continue;
            }
            load[target] += task.weight();
            if (!ring.ids[target].equals(task.assignee()) && moves.size() < maxMoves)
            {
                moves.add(new Move(task.id(), ring.ids[target]));
            }
        }
        return moves;
    }

    private int place(final HashRing ring, final long[] load, final long total, final long point, final TaskView task)
    {
        final int start = ring.firstAtOrAfter(point);
        final int points = ring.size();
        final CapabilitySet requires = task.requires();
        int firstCapable = -1;
        for (int k = 0; k < points; k++)
        {
            final int i = ring.owners[(start + k) % points];
            if (!ring.capabilities[i].containsAll(requires))
            {
                if (k == ring.ids.length && !anyCapable(ring, requires))
                {
                    return -1;
                }
                continue;
            }
            if (!bounded || load[i] + task.weight() <= cap(total, ring.capacity[i], ring.totalCapacity))
            {
                return i;
            }
            if (firstCapable < 0)
            {
                firstCapable = i;
            }
        }
        return firstCapable;
    }

    /**
     * @return ceil((1 + eps) x total x capacity / totalCapacity), in IEEE double arithmetic (the same on every JVM).
     */
    long cap(final long total, final int capacity, final long totalCapacity)
    {
        return (long)Math.ceil((1.0 + epsilon) * ((double)total * capacity / totalCapacity));
    }

    private static boolean anyCapable(final HashRing ring, final CapabilitySet requires)
    {
        for (final CapabilitySet offered : ring.capabilities)
        {
            if (offered.containsAll(requires))
            {
                return true;
            }
        }
        return false;
    }

    private HashRing ring(final List<WorkerView> workers, final long membershipVersion)
    {
        if (workers != ringWorkers || membershipVersion != ringVersion)
        {
            if (null == ring || !ring.matches(workers))
            {
                ring = new HashRing(workers, virtualNodes, null == ring ? Map.of() : ring.pointsByWorker);
            }
            ringWorkers = workers;
            ringVersion = membershipVersion;
        }
        return ring;
    }
}
