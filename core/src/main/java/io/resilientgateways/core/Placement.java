package io.resilientgateways.core;

import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.Placements;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.TaskView;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Initial placement of a batch of new tasks (one {@code addTasks} input) with one {@link RebalancePolicy#allocateAll}
 * call: the tasks are admitted one at a time, each just before its answer is computed, and each answer is applied
 * when it is given, so the policy, the history, the epochs and the directives see exactly what {@code addTask} for
 * each in order would give (the engine's tests compare the snapshot bytes and directives of both). Tasks the policy
 * does not answer are placed one {@code allocate} call each, as by {@code addTask}. The batch records one history
 * entry per task and nothing else, so when it holds more tasks than the history keeps, the entries its own later
 * ones overwrite are only counted ({@link History#keepLastOf}).
 */
final class Placement implements Placements
{
    private final EngineState s;
    private final RebalancePolicy policy;
    private final ClusterView view;
    private final Reconciler reconciler;
    private final TaskState[] tasks;
    private final int count;
    private int next;
    private boolean applying;

    Placement(
        final EngineState state,
        final RebalancePolicy policy,
        final ClusterView view,
        final Reconciler reconciler,
        final TaskState[] tasks,
        final int count)
    {
        this.s = state;
        this.policy = policy;
        this.view = view;
        this.reconciler = reconciler;
        this.tasks = tasks;
        this.count = count;
    }

    /**
     * Place every task: they are in the task table already, and not yet admitted.
     */
    void run()
    {
        if (0 == count)
        {
            return;
        }
        final History history = s.history;
        history.keepLastOf(count);
        try
        {
            admitNext();
            try
            {
                policy.allocateAll(new Batch(), view, this);
            }
            catch (final RuntimeException ex)
            {
                if (applying)
                {
                    throw ex; // the engine's own failure, not the policy's
                }
                // a policy bug must not stop the cluster: as a throwing allocate, the task being answered is refused
                if (next < count)
                {
                    apply(null, true);
                }
            }
            while (next < count)
            {
                final TaskState task = tasks[next++];
                reconciler.allocate(task, Cause.TASK_ADDED, null, null);
                admitNext();
            }
        }
        finally
        {
            next = count;
            history.endSkip();
        }
    }

    @Override
    public boolean place(final WorkerId worker)
    {
        if (next >= count)
        {
            return false;
        }
        if (null == worker)
        {
            return apply(null, false);
        }
        final WorkerState target = s.workers.get(worker);
        return apply(target, null == target);
    }

    @Override
    public boolean placeAt(final int index)
    {
        if (next >= count)
        {
            return false;
        }
        final List<?> eligible = view.workers();
        if (index < 0 || index >= eligible.size())
        {
            return apply(null, true);
        }
        return apply((WorkerState)eligible.get(index), false);
    }

    private boolean apply(final WorkerState proposed, final boolean refused)
    {
        final TaskState task = tasks[next++];
        applying = true;
        final WorkerState placed = reconciler.placeAnswered(task, proposed, refused);
        admitNext();
        applying = false;
        return null != placed && placed == proposed;
    }

    /**
     * The next task counts from now on (as when added alone, just before the policy is asked about it).
     */
    private void admitNext()
    {
        if (next < count)
        {
            final TaskState task = tasks[next];
            s.admitted(task);
            task.since = s.now;
        }
    }

    /**
     * The batch as the policy reads it.
     */
    private final class Batch extends AbstractList<TaskView> implements RandomAccess
    {
        @Override
        public TaskView get(final int index)
        {
            if (index < 0 || index >= count)
            {
                throw new IndexOutOfBoundsException(index);
            }
            return tasks[index];
        }

        @Override
        public int size()
        {
            return count;
        }
    }
}
