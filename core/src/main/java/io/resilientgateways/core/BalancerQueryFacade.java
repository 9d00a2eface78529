package io.resilientgateways.core;

import io.resilientgateways.core.spi.ClusterView;

import java.util.List;

/**
 * The queries of {@link Balancer}, answered from its state as copies (the engine's facade is inputs in
 * {@code Balancer}, queries here).
 */
abstract class BalancerQueryFacade implements BalancerQueries
{
    abstract EngineState state();

    abstract Queries queries();

    @Override
    public Assignment assignment(final TaskId id)
    {
        return queries().assignment(id);
    }

    @Override
    public List<Assignment> assignments()
    {
        return queries().assignments();
    }

    @Override
    public List<Assignment> assignmentsOf(final WorkerId id)
    {
        return queries().assignmentsOf(id);
    }

    @Override
    public List<WorkerInfo> workers()
    {
        return queries().workers();
    }

    @Override
    public WorkerInfo worker(final WorkerId id)
    {
        return queries().worker(id);
    }

    @Override
    public TaskInfo task(final TaskId id)
    {
        return queries().task(id);
    }

    @Override
    public int taskCount()
    {
        return state().tasks.size();
    }

    @Override
    public long now()
    {
        return state().now;
    }

    @Override
    public List<Transition> history()
    {
        return state().history.all(null);
    }

    @Override
    public long historySequence()
    {
        return state().history.written();
    }

    @Override
    public List<Transition> history(final TaskId id)
    {
        return state().history.all(id);
    }

    @Override
    public String pendingReason(final TaskId id)
    {
        return queries().pendingReason(id);
    }

    @Override
    public List<Assignment> stuck()
    {
        return queries().stuck();
    }

    @Override
    public void countTasks(final long[] into)
    {
        if (into.length != TaskStatus.values().length + 1)
        {
            throw new IllegalArgumentException("countTasks needs an array of " + (TaskStatus.values().length + 1) +
                ", not " + into.length);
        }
        state().tasks.countByStatus(into);
    }

    @Override
    public long policyProposalsRejected()
    {
        return state().policyProposalsRejected;
    }

    @Override
    public long lastEpoch()
    {
        return state().epochCounter;
    }

    @Override
    public ClusterView frozenView()
    {
        return queries().frozenView();
    }

    @Override
    public BalancerConfig config()
    {
        return state().config;
    }
}
