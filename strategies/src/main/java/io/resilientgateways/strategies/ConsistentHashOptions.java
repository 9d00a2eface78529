package io.resilientgateways.strategies;

import java.util.Locale;

/**
 * Settings of {@link ConsistentHashPolicy}, fluent in the Aeron style. Both settings change where tasks go, so they
 * are part of the policy's {@link ConsistentHashPolicy#name() name} (and a snapshot taken under other settings is
 * refused on restore).
 * <pre>{@code
 * RebalancePolicy policy = Strategies.consistentHash(new ConsistentHashOptions()
 *     .virtualNodes(100)      // ring points per unit of worker capacity
 *     .boundedLoad(0.25));    // no worker above ceil(1.25 x its capacity share)
 * }</pre>
 * Not thread-safe; copied by the policy when it is created.
 */
public final class ConsistentHashOptions
{
    /** Defaults. */
    public static final class Defaults
    {
        /** Ring points per unit of capacity. */
        public static final int VIRTUAL_NODES = 100;

        private Defaults()
        {
        }
    }

    /** Most ring points per unit of capacity. */
    public static final int MAX_VIRTUAL_NODES = 10_000;

    private int virtualNodes = Defaults.VIRTUAL_NODES;
    private double epsilon = Double.NaN;

    /**
     * @param virtualNodes ring points per unit of worker capacity, 1 to {@link #MAX_VIRTUAL_NODES}. More points
     *                     spread load more evenly (the spread shrinks roughly as 1/sqrt(points)) and cost memory and
     *                     ring-building time in proportion.
     * @return this.
     */
    public ConsistentHashOptions virtualNodes(final int virtualNodes)
    {
        if (virtualNodes < 1 || virtualNodes > MAX_VIRTUAL_NODES)
        {
            throw new IllegalArgumentException("virtualNodes " + virtualNodes + " outside 1.." + MAX_VIRTUAL_NODES);
        }
        this.virtualNodes = virtualNodes;
        return this;
    }

    /**
     * @return ring points per unit of capacity.
     */
    public int virtualNodes()
    {
        return virtualNodes;
    }

    /**
     * Cap every worker at {@code ceil((1 + epsilon) x T x capacity / C)}, where {@code T} is the total weight of all
     * tasks and {@code C} the summed capacity of eligible workers: a task whose ring owner is full walks on to the
     * next worker with room (consistent hashing with bounded loads, Mirrokni, Thorup and Zadimoghaddam, 2018).
     *
     * @param epsilon the slack above an even share, at least 0 and at most 100.
     * @return this.
     */
    public ConsistentHashOptions boundedLoad(final double epsilon)
    {
        if (!(epsilon >= 0 && epsilon <= 100))
        {
            throw new IllegalArgumentException("epsilon " + epsilon + " outside 0..100");
        }
        this.epsilon = epsilon;
        return this;
    }

    /**
     * Remove the load cap (the default): each task goes to its ring owner among capable workers.
     *
     * @return this.
     */
    public ConsistentHashOptions unbounded()
    {
        this.epsilon = Double.NaN;
        return this;
    }

    /**
     * @return true if a load cap applies.
     */
    public boolean bounded()
    {
        return !Double.isNaN(epsilon);
    }

    /**
     * @return the slack of the load cap; NaN when unbounded.
     */
    public double epsilon()
    {
        return epsilon;
    }

    String describe()
    {
        return bounded() ?
            String.format(Locale.ROOT, "v%d,eps=%s", virtualNodes, Double.toString(epsilon)) :
            String.format(Locale.ROOT, "v%d", virtualNodes);
    }
}
