package io.resilientgateways.strategies;

import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.Move;
import io.resilientgateways.core.spi.Placements;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.TaskView;
import io.resilientgateways.core.spi.WorkerView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
    // a batch that mixes weights or capabilities often rebuilds the groups by load (O(M log M) each): past this,
    // its other tasks are answered by allocate's heap (O(log M) each)
    private static final int MAX_LEVEL_REBUILDS = 16;

    private final Membership membership = new Membership();
    private final LoadHeap heap = new LoadHeap();

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
            // the furthest below an equal share is the least loaded (then the lowest index, as a scan would find)
            final int best = heap.leastLoaded(members, view, task.weight());
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

    /**
     * The same answers as {@link #allocate} for each task in turn. With equal capacities, a task of weight 1 that
     * requires no capability goes to the least loaded worker (then the lowest index): a run of such tasks is served
     * from the workers grouped by load ({@code Levels}), O(1) per task and no lookup by name; any other task is
     * answered by {@link #allocate}, and the groups are rebuilt from the loads when the next such task comes.
     */
    @Override
    public void allocateAll(final List<? extends TaskView> tasks, final ClusterView view, final Placements placements)
    {
        final Membership members = membership.of(view);
        if (!members.equalCapacities)
        {
            RebalancePolicy.super.allocateAll(tasks, view, placements);
            return;
        }
        final WorkerView[] workers = members.views;
        final Levels levels = new Levels();
        boolean current = false;
        int rebuilds = 0;
        final int count = tasks.size();
        for (int i = 0; i < count; i++)
        {
            final TaskView task = tasks.get(i);
            if (1 != task.weight() || !task.requires().isEmpty() || rebuilds > MAX_LEVEL_REBUILDS)
            {
                current = false;
                placements.place(allocate(task, view));
                continue;
            }
            if (!current)
            {
                if (!levels.reset(workers))
                {
                    rebuilds = MAX_LEVEL_REBUILDS + 1;
                    placements.place(allocate(task, view));
                    continue;
                }
                current = true;
                rebuilds++;
            }
            current = placements.placeAt(levels.take());
        }
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
     * The moves of one rebalance call, planned against loads updated as they are chosen. A task is known by its donor
     * and its position in the donor's id-sorted list (the engine applies moves only after the call, so that list does
     * not change meanwhile): a bit per position marks the tasks already moved, with no hashing of ids.
     */
    private static final class Plan
    {
        final ClusterView view;
        final WorkerTable table;
        final long[] excess;
        final int maxMoves;
        final List<Move> moves;
        final List<TaskView>[] tasks;
        final long[][] movedBits;
        // receivers (workers below target) ordered by excess, most negative first, then index
        final int[] receivers;
        int receiverCount;
        int[] strandedFrom = new int[16];
        int[] strandedAt = new int[16];
        int strandedCount;

        @SuppressWarnings("unchecked")
        Plan(final ClusterView view, final WorkerTable table, final long[] excess, final int maxMoves)
        {
            this.view = view;
            this.table = table;
            this.excess = excess;
            this.maxMoves = maxMoves;
            long surplus = 0;
            for (final long e : excess)
            {
                surplus += Math.max(0, e);
            }
            this.moves = new ArrayList<>((int)Math.min(maxMoves, Math.min(surplus, 1 << 16)));
            this.tasks = (List<TaskView>[])new List<?>[table.size];
            this.movedBits = new long[table.size][];
            this.receivers = new int[table.size];
        }

        void towardTargets()
        {
            receiverCount = 0;
            int donorCount = 0;
            final int[] donors = new int[table.size];
            for (int i = 0; i < table.size; i++)
            {
                if (excess[i] < 0)
                {
                    insertReceiver(i);
                }
                else if (excess[i] > 0)
                {
                    donors[donorCount++] = i;
                }
            }
            if (0 == receiverCount)
            {
                return;
            }
            sortDonors(donors, donorCount);
            strandedCount = 0;
            for (int d = 0; d < donorCount; d++)
            {
                final int donor = donors[d];
                final List<TaskView> list = tasksOf(donor);
                final long[] moved = movedBits[donor];
                final int size = list.size();
                for (int at = 0; at < size; at++)
                {
                    if (excess[donor] <= 0 || moves.size() == maxMoves || 0 == receiverCount)
                    {
                        break;
                    }
                    final TaskView task = list.get(at);
                    final int weight = task.weight();
                    // to a worker below target: worth it while it brings the donor closer to its target, |e - w| < e
                    if (weight >= 2 * excess[donor] || isMoved(moved, at) || !task.movable())
                    {
                        continue;
                    }
                    final int position = receiverFor(task);
                    if (position < 0)
                    {
                        addStranded(donor, at);
                    }
                    else
                    {
                        final int receiver = removeReceiverAt(position);
                        apply(task, donor, at, receiver);
                        if (excess[receiver] < 0)
                        {
                            insertReceiver(receiver);
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
            for (int k = 0; k < strandedCount && moves.size() < maxMoves; k++)
            {
                final int donor = strandedFrom[k];
                final int at = strandedAt[k];
                final TaskView task = tasks[donor].get(at);
                final int weight = task.weight();
                // to a worker not below target: never push the donor under its target (w <= e), only spread surplus
                if (weight > excess[donor] || isMoved(movedBits[donor], at))
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
                    apply(task, donor, at, best);
                }
            }
        }

        /**
         * @return the position in {@link #receivers} of the first receiver that can take the task, or -1.
         */
        private int receiverFor(final TaskView task)
        {
            final int weight = task.weight();
            final CapabilitySet requires = task.requires();
            for (int p = 0; p < receiverCount; p++)
            {
                final int receiver = receivers[p];
                if (weight < -2 * excess[receiver] && table.canRun(receiver, requires))
                {
                    return p;
                }
            }
            return -1;
        }

        private boolean before(final int a, final int b)
        {
            return excess[a] < excess[b] || (excess[a] == excess[b] && a < b);
        }

        private void insertReceiver(final int worker)
        {
            int low = 0;
            int high = receiverCount;
            while (low < high)
            {
                final int mid = (low + high) >>> 1;
                if (before(receivers[mid], worker))
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid;
                }
            }
            System.arraycopy(receivers, low, receivers, low + 1, receiverCount - low);
            receivers[low] = worker;
            receiverCount++;
        }

        private int removeReceiverAt(final int position)
        {
            final int worker = receivers[position];
            System.arraycopy(receivers, position + 1, receivers, position, receiverCount - position - 1);
            receiverCount--;
            return worker;
        }

        private void sortDonors(final int[] donors, final int count)
        {
            // insertion sort by excess, largest first, then index: donors are few and mostly in order already
            for (int i = 1; i < count; i++)
            {
                final int donor = donors[i];
                int j = i - 1;
                while (j >= 0 && (excess[donors[j]] < excess[donor] ||
                    (excess[donors[j]] == excess[donor] && donors[j] > donor)))
                {
                    donors[j + 1] = donors[j];
                    j--;
                }
                donors[j + 1] = donor;
            }
        }

        private void addStranded(final int donor, final int at)
        {
            if (strandedCount == strandedFrom.length)
            {
                strandedFrom = Arrays.copyOf(strandedFrom, strandedCount * 2);
                strandedAt = Arrays.copyOf(strandedAt, strandedCount * 2);
            }
            strandedFrom[strandedCount] = donor;
            strandedAt[strandedCount] = at;
            strandedCount++;
        }

        private static boolean isMoved(final long[] moved, final int at)
        {
            return null != moved && (moved[at >>> 6] & (1L << at)) != 0;
        }

        private void apply(final TaskView task, final int donor, final int at, final int receiver)
        {
            final int weight = task.weight();
            excess[donor] -= weight;
            excess[receiver] += weight;
            table.move(donor, receiver, weight);
            long[] moved = movedBits[donor];
            if (null == moved)
            {
                moved = new long[(tasks[donor].size() + 63) >>> 6];
                movedBits[donor] = moved;
            }
            moved[at >>> 6] |= 1L << at;
            moves.add(new Move(task.id(), table.ids[receiver]));
        }

        private List<TaskView> tasksOf(final int worker)
        {
            List<TaskView> list = tasks[worker];
            if (null == list)
            {
                list = view.tasksOf(table.ids[worker]);
                tasks[worker] = list;
            }
            return list;
        }
    }
}
