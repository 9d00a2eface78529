package io.resilientgateways.core;

import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.WorkerView;

import java.util.ArrayList;
import java.util.List;

/**
 * The answers to {@link BalancerQueries}, built from the engine's state as copies.
 */
final class Queries
{
    private final EngineState s;
    private final ClusterView view;
    private final ReleaseBackoff backoff;
    private final String policyName;

    Queries(final EngineState state, final ClusterView view, final ReleaseBackoff backoff, final String policyName)
    {
        this.s = state;
        this.view = view;
        this.backoff = backoff;
        this.policyName = policyName;
    }

    Assignment assignment(final TaskId id)
    {
        final TaskState task = s.tasks.get(id);
        return null == task ? null : task.toAssignment();
    }

    List<Assignment> assignments()
    {
        final TaskState[] all = s.sortedTasks();
        final List<Assignment> out = new ArrayList<>(all.length);
        for (final TaskState task : all)
        {
            out.add(task.toAssignment());
        }
        return out;
    }

    List<Assignment> assignmentsOf(final WorkerId id)
    {
        final WorkerState worker = s.workers.get(id);
        if (null == worker)
        {
            return List.of();
        }
        final List<TaskState> held = new ArrayList<>(worker.taskCount + worker.outgoing.count);
        for (final TaskState task : worker.assignedSorted())
        {
            if (task.holder == worker)
            {
                held.add(task);
            }
        }
        held.addAll(List.of(worker.outgoing.sorted()));
        held.sort(EngineState.BY_ID);
        final List<Assignment> out = new ArrayList<>(held.size());
        for (final TaskState task : held)
        {
            out.add(task.toAssignment());
        }
        return out;
    }

    List<WorkerInfo> workers()
    {
        final List<WorkerInfo> out = new ArrayList<>(s.workers.size());
        for (final WorkerState worker : s.workers.values())
        {
            out.add(worker.toInfo());
        }
        return out;
    }

    WorkerInfo worker(final WorkerId id)
    {
        final WorkerState worker = s.workers.get(id);
        return null == worker ? null : worker.toInfo();
    }

    TaskInfo task(final TaskId id)
    {
        final TaskState task = s.tasks.get(id);
        return null == task ? null : task.toInfo();
    }

    String pendingReason(final TaskId id)
    {
        final TaskState task = s.tasks.get(id);
        if (null == task || task.status != TaskStatus.PENDING)
        {
            return null;
        }
        if (view.workers().isEmpty())
        {
            return "no eligible workers";
        }
        final String released = backoff.pendingReason(task.id, task.requires);
        if (null != released)
        {
            return released;
        }
        for (final WorkerView worker : view.workers())
        {
            if (worker.canRun(task.requires))
            {
                return "policy " + policyName + " declined to place it";
            }
        }
        return "no eligible worker has capabilities " + task.requires;
    }

    List<Assignment> stuck()
    {
        final List<Assignment> out = new ArrayList<>();
        for (final TaskState task : s.sortedTasks())
        {
            if (task.stuck)
            {
                out.add(task.toAssignment());
            }
        }
        return out;
    }

    ClusterView frozenView()
    {
        return new FrozenView(s);
    }
}
