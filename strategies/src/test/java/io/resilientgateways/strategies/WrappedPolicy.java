package io.resilientgateways.strategies;

import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.Move;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.TaskView;

import java.util.List;

/**
 * A policy that answers as the one it wraps except where a test overrides it. Its name and version are the wrapped
 * policy's (snapshots name it so), and {@code allocateAll} is the SPI's default: one {@code allocate} call per task.
 */
abstract class WrappedPolicy implements RebalancePolicy
{
    final RebalancePolicy policy;

    WrappedPolicy(final RebalancePolicy policy)
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
        return policy.rebalance(view, maxMoves);
    }
}
