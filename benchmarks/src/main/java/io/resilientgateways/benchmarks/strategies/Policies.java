package io.resilientgateways.benchmarks.strategies;

import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.strategies.Strategies;

/**
 * Our policies by the names used as JMH parameters.
 */
final class Policies
{
    static final String[] NAMES = { "sticky", "least-loaded", "consistent-hash", "round-robin" };

    private Policies()
    {
    }

    static RebalancePolicy create(final String name)
    {
        return switch (name)
        {
            case "sticky" -> Strategies.sticky();
            case "least-loaded" -> Strategies.leastLoaded();
            case "consistent-hash" -> Strategies.consistentHash();
            case "round-robin" -> Strategies.roundRobin();
            default -> throw new IllegalArgumentException("unknown policy " + name);
        };
    }
}
