package io.resilientgateways.strategies;

import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.Move;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.TaskView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Round-robin: tasks are dealt over the eligible workers in id order, like cards, skipping a worker that lacks a
 * task's capabilities. A worker of capacity {@code c} has {@code c / g} consecutive seats in the rotation, where
 * {@code g} is the greatest common divisor of the capacities (scaled down proportionally, at least one seat each,
 * if that would exceed {@value #MAX_SEATS} seats). Task weights are ignored: round-robin counts tasks.
 * <p>
 * {@link #allocate} continues the rotation: the next seat is the number of tasks eligible workers hold, modulo the
 * seats. {@link #rebalance} deals every task held by an eligible worker again, in task-id order from the first
 * seat, and moves each movable task that is not where the deal puts it. So with equal capacities and workers that
 * can all run every task, counts differ by at most one after a rebalance, but a join or leave moves most tasks
 * (about (M-1)/M of them); choose it when moves are free, or to reproduce Kafka's RoundRobinAssignor.
 * <p>
 * Stateless and deterministic: the rotation's position is derived from the view, not remembered.
 */
public final class RoundRobinPolicy implements RebalancePolicy
{
    /** Its name in snapshots. */
    public static final String NAME = "round-robin";

    /** Most seats in the rotation. */
    static final int MAX_SEATS = 1 << 16;

    private static final Comparator<TaskView> BY_ID = Comparator.comparing(TaskView::id);

    RoundRobinPolicy()
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
        if (table.size == 0)
        {
            return null;
        }
        final int[] firstSeat = seats(table);
        long held = 0;
        for (int i = 0; i < table.size; i++)
        {
            held += table.views.get(i).taskCount();
        }
        final int seat = (int)(held % firstSeat[table.size]);
        final int worker = capableFrom(table, firstSeat, seat, task.requires());
        return worker < 0 ? null : table.ids[worker];
    }

    @Override
    public List<Move> rebalance(final ClusterView view, final int maxMoves)
    {
        final WorkerTable table = new WorkerTable(view);
        if (table.size < 2 || maxMoves <= 0)
        {
            return List.of();
        }
        final int[] firstSeat = seats(table);
        final int seatCount = firstSeat[table.size];
        final List<TaskView> all = new ArrayList<>();
        for (int i = 0; i < table.size; i++)
        {
            all.addAll(view.tasksOf(table.ids[i]));
        }
        all.sort(BY_ID);
        final List<Move> moves = new ArrayList<>();
        int seat = 0;
        for (final TaskView task : all)
        {
            final int worker = capableFrom(table, firstSeat, seat, task.requires());
            if (worker < 0)
            {
                continue;
            }
            seat = (worker == ownerOf(firstSeat, table.size, seat) ? seat : firstSeat[worker]) + 1;
            if (seat == seatCount)
            {
                seat = 0;
            }
            if (task.movable() && !table.ids[worker].equals(task.assignee()))
            {
                moves.add(new Move(task.id(), table.ids[worker]));
                if (moves.size() == maxMoves)
                {
                    break;
                }
            }
        }
        return moves;
    }

    /**
     * @return the first seat of each worker, and the number of seats at index {@code table.size}.
     */
    static int[] seats(final WorkerTable table)
    {
        int gcd = 0;
        for (int i = 0; i < table.size; i++)
        {
            gcd = gcd(gcd, table.capacity[i]);
        }
        long total = table.totalCapacity / Math.max(1, gcd);
        final boolean scale = total > MAX_SEATS;
        final int[] firstSeat = new int[table.size + 1];
        int next = 0;
        for (int i = 0; i < table.size; i++)
        {
            firstSeat[i] = next;
            next += scale ? (int)Math.max(1, (long)table.capacity[i] * MAX_SEATS / table.totalCapacity) :
                table.capacity[i] / gcd;
        }
        firstSeat[table.size] = next;
        return firstSeat;
    }

    /**
     * @return the first worker, from the one holding {@code seat} onward (cyclically), that can run the task; -1 if
     * none can.
     */
    private static int capableFrom(
        final WorkerTable table, final int[] firstSeat, final int seat, final CapabilitySet requires)
    {
        int worker = ownerOf(firstSeat, table.size, seat);
        for (int k = 0; k < table.size; k++)
        {
            if (table.canRun(worker, requires))
            {
                return worker;
            }
            worker = worker + 1 == table.size ? 0 : worker + 1;
        }
        return -1;
    }

    private static int ownerOf(final int[] firstSeat, final int workers, final int seat)
    {
        int lo = 0;
        int hi = workers - 1;
        while (lo < hi)
        {
            final int mid = (lo + hi + 1) >>> 1;
            if (firstSeat[mid] <= seat)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static int gcd(final int a, final int b)
    {
        return 0 == b ? a : gcd(b, a % b);
    }
}
