package io.resilientgateways.strategies;

import java.util.Arrays;

/**
 * Integer targets for a set of workers: worker {@code w} of capacity {@code c} gets {@code floor(T c / C)} or
 * {@code ceil(T c / C)} weight units, the targets sum to {@code T}, and the rounding up goes first to workers that
 * already carry at least the ceiling, so that {@code sum(max(0, load - target))}, the weight that must move, is as
 * small as it can be. Ties go to the larger remainder, then the lower worker index (workers are sorted by id).
 */
final class Quota
{
    private Quota()
    {
    }

    /**
     * @param table  the workers and their current loads.
     * @param target filled with each worker's target.
     */
    static void targets(final WorkerTable table, final long[] target)
    {
        final int n = table.size;
        final long total = table.totalLoad;
        final long capacitySum = table.totalCapacity;
        final long[] remainder = new long[n];
        long assigned = 0;
        int fractional = 0;
        for (int i = 0; i < n; i++)
        {
            final long share = total * table.capacity[i];
            target[i] = share / capacitySum;
            remainder[i] = share % capacitySum;
            assigned += target[i];
            if (remainder[i] > 0)
            {
                fractional++;
            }
        }
        long roundUps = total - assigned;
        if (roundUps == 0)
        {
            return;
        }
        final Integer[] order = new Integer[fractional];
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            if (remainder[i] > 0)
            {
                order[k++] = i;
            }
        }
        Arrays.sort(order, (a, b) ->
        {
            final boolean aAbove = table.load[a] > target[a];
            final boolean bAbove = table.load[b] > target[b];
            if (aAbove != bAbove)
            {
                return aAbove ? -1 : 1;
            }
            final int byRemainder = Long.compare(remainder[b], remainder[a]);
            return byRemainder != 0 ? byRemainder : Integer.compare(a, b);
        });
        for (int i = 0; i < fractional && roundUps > 0; i++, roundUps--)
        {
            target[order[i]]++;
        }
    }
}
