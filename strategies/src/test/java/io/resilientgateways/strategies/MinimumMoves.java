package io.resilientgateways.strategies;

/**
 * Test oracle, by brute force: the fewest weight-1 tasks that must move so that every worker ends at floor or ceil
 * of its capacity share of {@code total}. Tries every choice of which workers round up.
 */
final class MinimumMoves
{
    private MinimumMoves()
    {
    }

    static long of(final long[] load, final int[] capacity, final long total)
    {
        final int n = load.length;
        long capacitySum = 0;
        for (final int c : capacity)
        {
            capacitySum += c;
        }
        final long[] floor = new long[n];
        final boolean[] fractional = new boolean[n];
        long floorSum = 0;
        for (int i = 0; i < n; i++)
        {
            floor[i] = total * capacity[i] / capacitySum;
            fractional[i] = total * capacity[i] % capacitySum != 0;
            floorSum += floor[i];
        }
        long best = Long.MAX_VALUE;
        for (int mask = 0; mask < (1 << n); mask++)
        {
            long sum = floorSum;
            boolean valid = true;
            long moves = 0;
            for (int i = 0; i < n && valid; i++)
            {
                final boolean up = (mask & (1 << i)) != 0;
                valid = !up || fractional[i];
                final long target = floor[i] + (up ? 1 : 0);
                sum += up ? 1 : 0;
                moves += Math.max(0, load[i] - target);
            }
            if (valid && sum == total)
            {
                best = Math.min(best, moves);
            }
        }
        return best;
    }

    /**
     * @return true if every load is floor or ceil of its share.
     */
    static boolean withinQuota(final long[] load, final int[] capacity)
    {
        long total = 0;
        long capacitySum = 0;
        for (int i = 0; i < load.length; i++)
        {
            total += load[i];
            capacitySum += capacity[i];
        }
        for (int i = 0; i < load.length; i++)
        {
            final long floor = total * capacity[i] / capacitySum;
            final long ceil = floor + (total * capacity[i] % capacitySum == 0 ? 0 : 1);
            if (load[i] < floor || load[i] > ceil)
            {
                return false;
            }
        }
        return true;
    }
}
