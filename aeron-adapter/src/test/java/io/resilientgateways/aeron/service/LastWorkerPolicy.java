package io.resilientgateways.aeron.service;

import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.Move;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.TaskView;
import io.resilientgateways.core.spi.WorkerView;

import java.util.List;

/**
 * A test policy: every task to the eligible worker with the highest name, visibly unlike sticky, which spreads
 * (SettingsChangeTest, SettingsChangeIT).
 */
public final class LastWorkerPolicy implements RebalancePolicy
{
    @Override
    public String name()
    {
        return "last-worker";
    }

    @Override
    public int version()
    {
        return 1;
    }

    @Override
    public WorkerId allocate(final TaskView task, final ClusterView view)
    {
        WorkerId last = null;
        for (final WorkerView worker : view.workers())
        {
            if (worker.canRun(task.requires()))
            {
                last = worker.id();
            }
        }
        return last;
    }

    @Override
    public List<Move> rebalance(final ClusterView view, final int maxMoves)
    {
        return List.of();
    }
}
