package io.resilientgateways.strategies;

import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.Move;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.TaskView;
import io.resilientgateways.core.spi.WorkerView;
import io.resilientgateways.testkit.RebalancePolicyContract;

import java.util.List;

/**
 * The worked example of docs/strategies.md, "Writing your own": a custom policy and its contract test.
 */
class FewestTasksPolicyExampleTest extends RebalancePolicyContract
{
    /** Places a task on the capable worker holding the fewest tasks (ties: lower name); never moves tasks. */
    static final class FewestTasksPolicy implements RebalancePolicy
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

    @Override
    protected RebalancePolicy newPolicy()
    {
        return new FewestTasksPolicy();
    }
}
