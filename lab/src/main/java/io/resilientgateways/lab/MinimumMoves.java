package io.resilientgateways.lab;

import io.resilientgateways.core.WorkerId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fewest task moves that take an assignment to a balanced one, for weight-1 tasks that every worker can run:
 * every eligible worker ends at the floor or the ceiling of its capacity share.
 */
final class MinimumMoves
{
    private MinimumMoves()
    {
    }

    /**
     * @param capacity the eligible workers after the change, with their capacities.
     * @param owned    tasks per worker before the change (any worker, eligible or not).
     * @param tasks    tasks after the change.
     * @return the tasks of workers no longer eligible, plus each eligible worker's surplus over its target, the
     * ceilings given to the workers that hold the most above their floor (where a ceiling saves a move).
     */
    static long of(final Map<WorkerId, Integer> capacity, final Map<WorkerId, Integer> owned, final int tasks)
    {
        if (capacity.isEmpty())
        {
            return 0;
        }
        long orphans = 0;
        for (final Map.Entry<WorkerId, Integer> e : owned.entrySet())
        {
            if (!capacity.containsKey(e.getKey()))
            {
                orphans += e.getValue();
            }
        }
        long totalCapacity = 0;
        for (final int c : capacity.values())
        {
            totalCapacity += c;
        }
        final List<long[]> rows = new ArrayList<>(); // {surplus over floor, can take a ceiling (1/0), floor, held}
        long floors = 0;
        for (final Map.Entry<WorkerId, Integer> e : capacity.entrySet())
        {
            final long share = (long)tasks * e.getValue();
            final long floor = share / totalCapacity;
            final long held = owned.getOrDefault(e.getKey(), 0);
            rows.add(new long[]{held - floor, share % totalCapacity == 0 ? 0 : 1, floor, held});
            floors += floor;
        }
        long ceilings = tasks - floors;
        rows.sort((a, b) -> Long.compare(b[0], a[0]));
        long surplus = 0;
        for (final long[] row : rows)
        {
            long target = row[2];
            if (ceilings > 0 && 1 == row[1])
            {
                target++;
                ceilings--;
            }
            surplus += Math.max(0, row[3] - target);
        }
        return orphans + surplus;
    }
}
