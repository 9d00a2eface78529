package io.resilientgateways.benchmarks.strategies;

import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.Move;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.TaskView;

import java.util.List;

/**
 * Allocates like the wrapped policy but never rebalances, so a benchmark can set up the view just after a join and
 * then time the wrapped policy's rebalance on it.
 */
final class Held implements RebalancePolicy
{
    private final RebalancePolicy policy;

    Held(final RebalancePolicy policy)
    {
        this.policy = policy;
    }

    @Override
    public String name()
    {
        return policy.name();
    }

    @Override
    public int version()
    {
        return policy.version();
    }

    @Override
    public WorkerId allocate(final TaskView task, final ClusterView view)
    {
        return policy.allocate(task, view);
    }

    @Override
    public List<Move> rebalance(final ClusterView view, final int maxMoves)
    {
        return List.of();
    }
}
