package io.resilientgateways.core;

import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.TaskView;
import io.resilientgateways.core.spi.WorkerView;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine's state as policies see it during an input: live objects behind read-only interfaces, lists sorted by
 * id. Handed only to the policy, never out of the engine.
 */
final class EngineView implements ClusterView
{
    private final EngineState b;
    private List<WorkerView> eligible;

    EngineView(final EngineState state)
    {
        this.b = state;
    }

    void invalidate()
    {
        eligible = null;
    }

    @Override
    public long now()
    {
        return b.now;
    }

    @Override
    public long membershipVersion()
    {
        return b.membershipVersion;
    }

    @Override
    public long loadVersion()
    {
        return b.loads.ticks;
    }

    @Override
    public List<WorkerView> workers()
    {
        List<WorkerView> list = eligible;
        if (null == list)
        {
            final List<WorkerView> building = new ArrayList<>(b.workers.size());
            for (final WorkerState worker : b.workers.values())
            {
                if (worker.eligible())
                {
                    building.add(worker);
                }
            }
            list = List.copyOf(building);
            eligible = list;
        }
        return list;
    }

    @Override
    public WorkerView worker(final WorkerId id)
    {
        return b.workers.get(id);
    }

    @Override
    public List<TaskView> tasksOf(final WorkerId id)
    {
        final WorkerState worker = b.workers.get(id);
        return null == worker ? List.of() : worker.assigned();
    }

    @Override
    public TaskView task(final TaskId id)
    {
        return b.tasks.get(id);
    }

    @Override
    public int taskCount()
    {
        return b.tasks.size() - b.unadmitted;
    }

    @Override
    public long totalWeight()
    {
        return b.totalWeight;
    }
}
