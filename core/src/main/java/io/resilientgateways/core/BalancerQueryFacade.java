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

    /**
     * Write a task's name as a directive carries it: one byte per character (names are printable ASCII) into
     * {@code dst} from {@code offset}. Given the handle that came with the directive ({@link
     * io.resilientgateways.core.spi.DirectiveSink}) and a name of at most 16 characters, the engine writes it from the
     * task's state and reads no part of the id. A sink that encodes thousands of directives in one membership event
     * then reads no name objects, which a copying garbage collector places apart from the task states and from each
     * other (a cache miss each). Otherwise (no handle, a stale one, a longer name) it copies the id's name. Not an
     * input; allocates nothing.
     * <pre>{@code
     * int length = balancer.taskName(task, handle, scratch, 0);   // in DirectiveSink.open(worker, task, handle, epoch)
     * }</pre>
     *
     * @param task   the task's id, as the directive gave it.
     * @param handle the handle the directive gave with it; negative for none.
     * @param dst    where to write: room for {@link Names#MAX_LENGTH} bytes from {@code offset} is always enough.
     * @param offset where the name starts.
     * @return the name's length in bytes.
     */
    public int taskName(final TaskId task, final int handle, final byte[] dst, final int offset)
    {
        final TaskState state = state().tasks.at(handle, task);
        return null != state ? state.writeName(dst, offset) : TaskState.writeName(task.name(), dst, offset);
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
