package io.resilientgateways.strategies;

import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.Move;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.TaskView;
import io.resilientgateways.core.spi.WorkerView;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sticky: a task stays where it is unless balance requires a move, and then the fewest tasks move.
 * <p>
 * Each eligible worker has a target of {@code floor} or {@code ceil} of its capacity share of the weight held by
 * eligible workers (see {@code Quota}). {@link #allocate} places a task on the capable worker furthest below its
 * share. {@link #rebalance} moves tasks only from workers above their target to workers below theirs, and only a
 * task whose move brings both closer to target. When every eligible worker can run every task, tasks have weight 1
 * and all are movable, the result is exact: each worker ends at its target (with equal capacities, max - min
 * &lt;= 1) and the number of moves is the minimum that reaches it. The work done grows with the number of donors
 * and the tasks that move, not with the whole assignment: a balanced view costs O(M) and proposes nothing.
 * <p>
 * When capabilities keep a donor's surplus from every worker below target, a second pass moves such a task to the
 * capable worker with the lowest load per unit of capacity, if that stays below the donor's; surplus passed on that
 * way is then offered onward (a chain). With task weights above 1 exact targets may be unreachable; moves are made
 * only while they bring both workers strictly closer to their targets. A donor's tasks are considered in id order and
 * only as far as its surplus lasts, so a join reads about (moves / donors) tasks of each donor, not all of them.
 * <p>
 * Deterministic; it caches only what derives from the membership (capacities), so a fresh instance answers alike.
 * Every ordering ends on the worker or task id.
 */
public final class StickyPolicy implements RebalancePolicy
{
    /** Its name in snapshots. */
    public static final String NAME = "sticky";

    private static final int PASSES = 3;

    private final Membership membership = new Membership();

    StickyPolicy()
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
        final Membership members = membership.of(view);
        final WorkerView[] workers = members.views;
        final CapabilitySet requires = task.requires();
        if (members.equalCapacities && requires.isEmpty())
        {
            // the furthest below an equal share is the least loaded
            int best = -1;
            long bestLoad = Long.MAX_VALUE;
            for (int i = 0; i < workers.length; i++)
            {
                final long load = workers[i].load();
                if (load < bestLoad)
                {
                    best = i;
                    bestLoad = load;
                }
            }
            return best < 0 ? null : workers[best].id();
        }
        final long total = view.totalWeight(); // includes this task, which no eligible worker holds yet
        int best = -1;
        long bestDeficit = 0;
        for (int i = 0; i < workers.length; i++)
        {
            if (members.capabilities[i].containsAll(requires))
            {
                final long deficit = total * members.capacity[i] - workers[i].load() * members.totalCapacity;
                if (best < 0 || deficit > bestDeficit)
                {
                    best = i;
                    bestDeficit = deficit;
                }
            }
        }
        return best < 0 ? null : workers[best].id();
    }

    @Override
    public List<Move> rebalance(final ClusterView view, final int maxMoves)
    {
        final WorkerTable table = new WorkerTable(view);
        if (table.size < 2 || maxMoves <= 0)
        {
            return List.of();
        }
        final long[] target = new long[table.size];
        Quota.targets(table, target);
        final long[] excess = new long[table.size];
        boolean anyDonor = false;
        for (int i = 0; i < table.size; i++)
        {
            excess[i] = table.load[i] - target[i];
            anyDonor |= excess[i] > 0;
        }
        if (!anyDonor)
        {
            return List.of();
        }
        final Plan plan = new Plan(view, table, excess, maxMoves);
        for (int pass = 0; pass < PASSES && plan.moves.size() < maxMoves; pass++)
        {
            final int before = plan.moves.size();
            plan.towardTargets();
            plan.pastCapabilityLimits();
            if (plan.moves.size() == before)
            {
                break;
            }
        }
        return plan.moves;
    }

    /**
     * The moves of one rebalance call, planned against loads updated as they are chosen.
     */
    private static final class Plan
    {
        final ClusterView view;
        final WorkerTable table;
        final long[] excess;
        final int maxMoves;
        final List<Move> moves = new ArrayList<>();
        final Set<TaskId> moved = new HashSet<>();
        final List<List<TaskView>> tasks;
        final TreeSet<Integer> receivers;
        final List<TaskView> stranded = new ArrayList<>();
        final List<Integer> strandedFrom = new ArrayList<>();

        Plan(final ClusterView view, final WorkerTable table, final long[] excess, final int maxMoves)
        {
            this.view = view;
            this.table = table;
            this.excess = excess;
            this.maxMoves = maxMoves;
            this.tasks = new ArrayList<>(table.size);
            for (int i = 0; i < table.size; i++)
            {
                tasks.add(null);
            }
            receivers = new TreeSet<>((a, b) ->
            {
                final int byDeficit = Long.compare(excess[a], excess[b]);
                return byDeficit != 0 ? byDeficit : Integer.compare(a, b);
            });
        }

        void towardTargets()
        {
            receivers.clear();
            final List<Integer> donors = new ArrayList<>();
            for (int i = 0; i < table.size; i++)
            {
                if (excess[i] < 0)
                {
                    receivers.add(i);
                }
                else if (excess[i] > 0)
                {
                    donors.add(i);
                }
            }
            if (receivers.isEmpty())
            {
                return;
            }
            donors.sort((a, b) ->
            {
                final int byExcess = Long.compare(excess[b], excess[a]);
                return byExcess != 0 ? byExcess : Integer.compare(a, b);
            });
            stranded.clear();
            strandedFrom.clear();
            for (final int donor : donors)
            {
                for (final TaskView task : tasksOf(donor))
                {
                    if (excess[donor] <= 0 || moves.size() == maxMoves || receivers.isEmpty())
                    {
                        break;
                    }
                    final int weight = task.weight();
                    // to a worker below target: worth it while it brings the donor closer to its target, |e - w| < e
                    if (!task.movable() || weight >= 2 * excess[donor] || moved.contains(task.id()))
                    {
                        continue;
                    }
                    final int receiver = receiverFor(task);
                    if (receiver < 0)
                    {
                        stranded.add(task);
                        strandedFrom.add(donor);
                    }
                    else
                    {
                        receivers.remove(receiver);
                        apply(task, donor, receiver);
                        if (excess[receiver] < 0)
                        {
                            receivers.add(receiver);
                        }
                    }
                }
            }
        }

        /**
         * Tasks whose donor is above target but that no capable worker below target could take: give each to the
         * capable worker with the lowest load per capacity after taking it, if that is still below the donor's.
         */
        void pastCapabilityLimits()
        {
            for (int k = 0; k < stranded.size() && moves.size() < maxMoves; k++)
            {
                final TaskView task = stranded.get(k);
                final int donor = strandedFrom.get(k);
                final int weight = task.weight();
                // to a worker not below target: never push the donor under its target (w <= e), only spread surplus
                if (weight > excess[donor] || moved.contains(task.id()))
                {
                    continue;
                }
                int best = -1;
                for (int i = 0; i < table.size; i++)
                {
                    if (i != donor && table.canRun(i, task.requires()) && (best < 0 || WorkerTable.lessLoaded(
                        table.load[i] + weight, table.capacity[i], table.load[best] + weight, table.capacity[best])))
                    {
                        best = i;
                    }
                }
                if (best >= 0 && WorkerTable.lessLoaded(
                    table.load[best] + weight, table.capacity[best], table.load[donor], table.capacity[donor]))
                {
                    apply(task, donor, best);
                }
            }
        }

        private int receiverFor(final TaskView task)
        {
            final int weight = task.weight();
            for (final int receiver : receivers)
            {
                if (weight < -2 * excess[receiver] && table.canRun(receiver, task.requires()))
                {
                    return receiver;
                }
            }
            return -1;
        }

        private void apply(final TaskView task, final int donor, final int receiver)
        {
            final int weight = task.weight();
            excess[donor] -= weight;
            excess[receiver] += weight;
            table.move(donor, receiver, weight);
            moved.add(task.id());
            moves.add(new Move(task.id(), table.ids[receiver]));
        }

        private List<TaskView> tasksOf(final int worker)
        {
            List<TaskView> list = tasks.get(worker);
            if (null == list)
            {
                list = view.tasksOf(table.ids[worker]);
                tasks.set(worker, list);
            }
            return list;
        }
    }
}
