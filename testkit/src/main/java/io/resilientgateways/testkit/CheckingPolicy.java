package io.resilientgateways.testkit;

import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.Move;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.TaskView;
import io.resilientgateways.core.spi.WorkerView;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Wraps a policy and checks every answer against the view it was given, at the moment it is given: allocations
 * and moves only to eligible workers that can run the task, at most {@code maxMoves} moves, no task twice, only
 * movable tasks, never to the task's current assignee. It also asks every question twice and checks that the
 * answers are equal (a policy must be a function of the view). Breaches are collected, not thrown, so that a test
 * can report all of them with the seed that produced them.
 */
public final class CheckingPolicy implements RebalancePolicy
{
    private final RebalancePolicy delegate;
    /** Breaches seen so far. */
    public final List<String> violations = new ArrayList<>();
    private long rebalanceCalls;
    private long movesProposed;

    /**
     * @param delegate the policy under test.
     */
    public CheckingPolicy(final RebalancePolicy delegate)
    {
        this.delegate = delegate;
    }

    /**
     * @return how many times rebalance was called.
     */
    public long rebalanceCalls()
    {
        return rebalanceCalls;
    }

    /**
     * @return how many moves rebalance proposed in all.
     */
    public long movesProposed()
    {
        return movesProposed;
    }

    @Override
    public String name()
    {
        return delegate.name();
    }

    @Override
    public int version()
    {
        return delegate.version();
    }

    @Override
    public WorkerId allocate(final TaskView task, final ClusterView view)
    {
        final WorkerId first = delegate.allocate(task, view);
        final WorkerId second = delegate.allocate(task, view);
        if (!java.util.Objects.equals(first, second))
        {
            violations.add("allocate(" + task.id() + ") answered " + first + " then " + second + " on the same view");
        }
        if (null != first)
        {
            final WorkerView worker = eligible(view, first);
            if (null == worker)
            {
                violations.add("allocate(" + task.id() + ") chose " + first + ", not an eligible worker");
            }
            else if (!worker.canRun(task.requires()))
            {
                violations.add("allocate(" + task.id() + ") chose " + first + " which lacks " + task.requires());
            }
        }
        return first;
    }

    @Override
    public List<Move> rebalance(final ClusterView view, final int maxMoves)
    {
        rebalanceCalls++;
        final List<Move> first = delegate.rebalance(view, maxMoves);
        final List<Move> second = delegate.rebalance(view, maxMoves);
        if (!first.equals(second))
        {
            violations.add("rebalance answered " + first + " then " + second + " on the same view");
        }
        if (first.size() > maxMoves)
        {
            violations.add("rebalance proposed " + first.size() + " moves, more than maxMoves " + maxMoves);
        }
        final TreeSet<TaskId> seen = new TreeSet<>();
        for (final Move move : first)
        {
            movesProposed++;
            if (!seen.add(move.task()))
            {
                violations.add("rebalance proposed task " + move.task() + " twice");
            }
            final TaskView task = view.task(move.task());
            final WorkerView worker = eligible(view, move.to());
            if (null == task)
            {
                violations.add("rebalance proposed unknown task " + move.task());
            }
            else if (!task.movable())
            {
                violations.add("rebalance proposed " + move + " but the task is not movable: " + task.status());
            }
            else if (move.to().equals(task.assignee()))
            {
                violations.add("rebalance proposed " + move + " to the task's own assignee");
            }
            else if (null == worker)
            {
                violations.add("rebalance proposed " + move + " to a worker that is not eligible");
            }
            else if (!worker.canRun(task.requires()))
            {
                violations.add("rebalance proposed " + move + " to a worker lacking " + task.requires());
            }
        }
        return first;
    }

    private static WorkerView eligible(final ClusterView view, final WorkerId id)
    {
        for (final WorkerView worker : view.workers())
        {
            if (worker.id().equals(id))
            {
                return worker;
            }
        }
        return null;
    }
}
