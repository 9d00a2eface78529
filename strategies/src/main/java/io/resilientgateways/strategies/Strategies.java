package io.resilientgateways.strategies;

import io.resilientgateways.core.spi.RebalancePolicy;

/**
 * The shipped rebalance policies. Each call returns a new instance: one instance serves one engine.
 * <pre>{@code
 * Balancer balancer = new Balancer(new BalancerConfig(), Strategies.sticky(), sink, timers);
 * }</pre>
 * Which to choose (details and measured figures in docs/strategies.md):
 * <ul>
 *   <li>{@link #sticky()}: fewest moves, exact balance by capacity share; the default choice.</li>
 *   <li>{@link #leastLoaded()}: greedy by load per capacity; every move lowers the most loaded worker it touches.</li>
 *   <li>{@link #consistentHash(ConsistentHashOptions)}: a task's owner follows from its id and the membership
 *   alone; about 1/M of tasks move on a change; optional load bound.</li>
 *   <li>{@link #roundRobin()}: even counts, deals everything again on a change; for tests or when moves are free.</li>
 * </ul>
 */
public final class Strategies
{
    private Strategies()
    {
    }

    /**
     * @return a new {@link StickyPolicy}.
     */
    public static RebalancePolicy sticky()
    {
        return new StickyPolicy();
    }

    /**
     * @return a new {@link LeastLoadedPolicy}.
     */
    public static RebalancePolicy leastLoaded()
    {
        return new LeastLoadedPolicy();
    }

    /**
     * @return a new {@link RoundRobinPolicy}.
     */
    public static RebalancePolicy roundRobin()
    {
        return new RoundRobinPolicy();
    }

    /**
     * @return a new {@link ConsistentHashPolicy} with default options: 100 virtual nodes per unit of capacity, no
     * load bound.
     */
    public static RebalancePolicy consistentHash()
    {
        return consistentHash(new ConsistentHashOptions());
    }

    /**
     * @param options virtual nodes and optional load bound; read once, here.
     * @return a new {@link ConsistentHashPolicy}.
     */
    public static RebalancePolicy consistentHash(final ConsistentHashOptions options)
    {
        return new ConsistentHashPolicy(options);
    }
}
