package io.resilientgateways.aeron.service;

import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.Move;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.TaskView;
import io.resilientgateways.core.spi.WorkerView;

import java.util.ArrayList;
import java.util.List;

/**
 * The service's default policy before sticky ({@code basic} v1), under which the golden snapshots of the earlier
 * formats were taken ({@link SnapshotMigrationTest}): a copy of core's test {@code BasicPolicy}, where that code moved
 * when sticky became the default (core's test jar cannot be a dependency here: the SBE code generation resolves test
 * dependencies before core's tests are compiled). Places each task on the capable worker with the lowest load per
 * unit of capacity after taking it; rebalances greedily from the most to the least loaded.
 */
final class LegacyBasicPolicy implements RebalancePolicy
{
    /** Its name in snapshots. */
    public static final String NAME = "basic";

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public int version()
    {
        return 1;
    }

    @Override
    public WorkerId allocate(final TaskView task, final ClusterView view)
    {
        WorkerView best = null;
        for (final WorkerView worker : view.workers())
        {
            if (worker.canRun(task.requires()) &&
                (null == best || lessLoaded(worker.load() + task.weight(), worker.capacity(),
                best.load() + task.weight(), best.capacity())))
            {
                best = worker;
            }
        }
        return null == best ? null : best.id();
    }

    @Override
    public List<Move> rebalance(final ClusterView view, final int maxMoves)
    {
        final List<WorkerView> workers = view.workers();
        final int n = workers.size();
        if (n < 2)
        {
            return List.of();
        }
        final long[] load = new long[n];
        final boolean[] exhausted = new boolean[n];
        final List<List<TaskView>> candidates = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            load[i] = workers.get(i).load();
            candidates.add(null);
        }
        final List<Move> moves = new ArrayList<>();
        while (moves.size() < maxMoves)
        {
            int donor = -1;
            for (int i = 0; i < n; i++)
            {
                if (!exhausted[i] && (donor < 0 ||
                    lessLoaded(load[donor], workers.get(donor).capacity(), load[i], workers.get(i).capacity())))
                {
                    donor = i;
                }
            }
            if (donor < 0 || !moveOne(view, workers, load, candidates, donor, moves))
            {
                break;
            }
        }
        return moves;
    }

    private static boolean moveOne(
        final ClusterView view,
        final List<WorkerView> workers,
        final long[] load,
        final List<List<TaskView>> candidates,
        final int donor,
        final List<Move> moves)
    {
        List<TaskView> mine = candidates.get(donor);
        if (null == mine)
        {
            mine = new ArrayList<>(view.tasksOf(workers.get(donor).id()));
            candidates.set(donor, mine);
        }
        final int donorCapacity = workers.get(donor).capacity();
        for (int k = 0; k < mine.size(); k++)
        {
            final TaskView task = mine.get(k);
            if (!task.movable())
            {
                continue;
            }
            int receiver = -1;
            for (int i = 0; i < workers.size(); i++)
            {
                if (i != donor && workers.get(i).canRun(task.requires()) && (receiver < 0 || lessLoaded(
                    load[i] + task.weight(), workers.get(i).capacity(),
                    load[receiver] + task.weight(), workers.get(receiver).capacity())))
                {
                    receiver = i;
                }
            }
            if (receiver >= 0 && lessLoaded(
                load[receiver] + task.weight(), workers.get(receiver).capacity(), load[donor], donorCapacity))
            {
                mine.remove(k);
                load[donor] -= task.weight();
                load[receiver] += task.weight();
                moves.add(new Move(task.id(), workers.get(receiver).id()));
                return true;
            }
        }
        return false;
    }

    /**
     * @return true if loadA / capacityA &lt; loadB / capacityB.
     */
    private static boolean lessLoaded(final long loadA, final int capacityA, final long loadB, final int capacityB)
    {
        return loadA * capacityB < loadB * capacityA;
    }
}
