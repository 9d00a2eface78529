package io.resilientgateways.strategies;

import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.Move;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.TaskView;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Least-loaded: load is the summed task weight per unit of worker capacity, compared exactly in integers.
 * <p>
 * {@link #allocate} gives a task to the capable worker whose load after taking it is lowest (ties: lower load
 * before, then lower worker id). {@link #rebalance} repeatedly takes the most loaded worker that can still give
 * something and moves its heaviest movable task that lowers it: to the capable worker least loaded after taking the
 * task, provided that worker's load then stays strictly below the donor's. It stops when no such move is left, or at
 * {@code maxMoves}: then no single move of a movable task lowers the busier of the two workers it touches. With
 * equal capacities, weight-1 tasks and workers that can all run every task, it ends with
 * max - min &lt;= 1 tasks; it does not promise the fewest moves (use {@link StickyPolicy} for that), but it is the
 * simplest to reason about when task weights differ a lot: every move lowers the most loaded worker it touches.
 * <p>
 * Stateless and deterministic; every ordering ends on the worker or task id.
 */
public final class LeastLoadedPolicy implements RebalancePolicy
{
    /** Its name in snapshots. */
    public static final String NAME = "least-loaded";

    private static final Comparator<TaskView> HEAVIEST_FIRST =
        Comparator.comparingInt(TaskView::weight).reversed().thenComparing(TaskView::id);

    LeastLoadedPolicy()
    {
    }

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
        final WorkerTable table = new WorkerTable(view);
        final int best = leastLoaded(table, task, -1);
        return best < 0 ? null : table.ids[best];
    }

    @Override
    public List<Move> rebalance(final ClusterView view, final int maxMoves)
    {
        final WorkerTable table = new WorkerTable(view);
        final int n = table.size;
        if (n < 2 || maxMoves <= 0)
        {
            return List.of();
        }
        final boolean[] exhausted = new boolean[n];
        final List<List<TaskView>> candidates = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            candidates.add(null);
        }
        final TreeMap<TaskId, WorkerId> planned = new TreeMap<>();
        while (planned.size() < maxMoves)
        {
            int donor = -1;
            for (int i = 0; i < n; i++)
            {
                if (!exhausted[i] && (donor < 0 ||
                    WorkerTable.lessLoaded(table.load[donor], table.capacity[donor], table.load[i], table.capacity[i])))
                {
                    donor = i;
                }
            }
            if (donor < 0 || !anyReceiverBelow(table, donor))
            {
                break; // the most loaded worker left cannot give even a weight-1 task: nobody can
            }
            final int receiver = moveOne(view, table, candidates, donor, planned);
            if (receiver < 0)
            {
                exhausted[donor] = true;
            }
            else
            {
                exhausted[receiver] = false;
                for (int i = 0; i < n; i++)
                {
                    // the donor got lighter: a worker that could give it nothing before may be able to now
                    exhausted[i] &= !WorkerTable.lessLoaded(
                        table.load[donor], table.capacity[donor], table.load[i], table.capacity[i]);
                }
            }
        }
        final List<Move> moves = new ArrayList<>(planned.size());
        for (final Map.Entry<TaskId, WorkerId> move : planned.entrySet())
        {
            moves.add(new Move(move.getKey(), move.getValue()));
        }
        return moves;
    }

    /**
     * Move the donor's heaviest task that lowers it, counting tasks planned to arrive there earlier in this call (a
     * task moved twice is proposed once, to its last target, or not at all if it ends where it started).
     *
     * @return the receiver, or -1 if no task of the donor can move.
     */
    private static int moveOne(
        final ClusterView view,
        final WorkerTable table,
        final List<List<TaskView>> candidates,
        final int donor,
        final TreeMap<TaskId, WorkerId> planned)
    {
        final List<TaskView> mine = candidates(view, table, candidates, donor);
        for (int k = 0; k < mine.size(); k++)
        {
            final TaskView task = mine.get(k);
            final int receiver = leastLoaded(table, task, donor);
            if (receiver >= 0 && WorkerTable.lessLoaded(
                table.load[receiver] + task.weight(), table.capacity[receiver], table.load[donor], table.capacity[donor]))
            {
                mine.remove(k);
                table.move(donor, receiver, task.weight());
                if (table.ids[receiver].equals(task.assignee()))
                {
                    planned.remove(task.id());
                }
                else
                {
                    planned.put(task.id(), table.ids[receiver]);
                }
                final List<TaskView> theirs = candidates(view, table, candidates, receiver);
                final int at = Collections.binarySearch(theirs, task, HEAVIEST_FIRST);
                theirs.add(at < 0 ? -at - 1 : at, task);
                return receiver;
            }
        }
        return -1;
    }

    private static List<TaskView> candidates(
        final ClusterView view, final WorkerTable table, final List<List<TaskView>> candidates, final int worker)
    {
        List<TaskView> list = candidates.get(worker);
        if (null == list)
        {
            list = new ArrayList<>(view.tasksOf(table.ids[worker]));
            list.removeIf(task -> !task.movable());
            list.sort(HEAVIEST_FIRST);
            candidates.set(worker, list);
        }
        return list;
    }

    private static boolean anyReceiverBelow(final WorkerTable table, final int donor)
    {
        for (int i = 0; i < table.size; i++)
        {
            if (i != donor && WorkerTable.lessLoaded(
                table.load[i] + 1, table.capacity[i], table.load[donor], table.capacity[donor]))
            {
                return true;
            }
        }
        return false;
    }

    private static int leastLoaded(final WorkerTable table, final TaskView task, final int except)
    {
        final int weight = task.weight();
        int best = -1;
        for (int i = 0; i < table.size; i++)
        {
            if (i == except || !table.canRun(i, task.requires()))
            {
                continue;
            }
            if (best < 0)
            {
                best = i;
                continue;
            }
            final int byAfter = WorkerTable.compareLoad(
                table.load[i] + weight, table.capacity[i], table.load[best] + weight, table.capacity[best]);
            if (byAfter < 0 || (byAfter == 0 && WorkerTable.compareLoad(
                table.load[i], table.capacity[i], table.load[best], table.capacity[best]) < 0))
            {
                best = i;
            }
        }
        return best;
    }
}
