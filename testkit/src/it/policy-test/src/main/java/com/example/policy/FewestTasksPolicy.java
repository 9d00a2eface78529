package com.example.policy;

import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.Move;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.TaskView;
import io.resilientgateways.core.spi.WorkerView;

import java.util.List;

/** Places a task on the capable worker holding the fewest tasks (ties: lower name); never moves tasks. */
public final class FewestTasksPolicy implements RebalancePolicy
{
    @Override
    public String name()
    {
        return "fewest-tasks";
    }

    @Override
    public int version()
    {
        return 1;
    }

    @Override
    public WorkerId allocate(final TaskView task, final ClusterView view)
    {
        WorkerView best = null;
        for (final WorkerView worker : view.workers()) // sorted by id: ties go to the lower name
        {
            if (worker.canRun(task.requires()) && (null == best || worker.taskCount() < best.taskCount()))
            {
                best = worker;
            }
        }
        return null == best ? null : best.id();
    }

    @Override
    public List<Move> rebalance(final ClusterView view, final int maxMoves)
    {
        return List.of();
    }
}
