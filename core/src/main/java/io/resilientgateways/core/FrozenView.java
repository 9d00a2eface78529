package io.resilientgateways.core;

import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.TaskView;
import io.resilientgateways.core.spi.WorkerView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable copy of what a policy sees, taken at one point of the log: for tests and tools that call a policy
 * themselves. Costs O(workers + tasks) to build.
 */
final class FrozenView implements ClusterView
{
    private final long now;
    private final long membershipVersion;
    private final long totalWeight;
    private final List<WorkerView> eligible;
    private final Map<WorkerId, WorkerInfo> workers = new TreeMap<>();
    private final Map<WorkerId, List<TaskView>> tasksOf = new TreeMap<>();
    private final HashMap<TaskId, TaskInfo> tasks;

    FrozenView(final EngineState s)
    {
        now = s.now;
        membershipVersion = s.membershipVersion;
        totalWeight = s.totalWeight;
        tasks = new HashMap<>(Math.max(16, s.tasks.size() * 2));
        final List<WorkerView> building = new ArrayList<>();
        for (final WorkerState worker : s.workers.values())
        {
            final WorkerInfo info = worker.toInfo();
            workers.put(worker.id, info);
            if (info.eligible())
            {
                building.add(info);
            }
            final TaskState[] assigned = worker.assignedSorted();
            final List<TaskView> copies = new ArrayList<>(assigned.length);
            for (final TaskState task : assigned)
            {
                final TaskInfo copy = task.toInfo();
                copies.add(copy);
                tasks.put(task.id, copy);
            }
            tasksOf.put(worker.id, List.copyOf(copies));
        }
        for (final TaskState task : s.tasks.toArray())
        {
            if (!tasks.containsKey(task.id))
            {
                tasks.put(task.id, task.toInfo());
            }
        }
        eligible = List.copyOf(building);
    }

    @Override
    public long now()
    {
        return now;
    }

    @Override
    public long membershipVersion()
    {
        return membershipVersion;
    }

    @Override
    public List<WorkerView> workers()
    {
        return eligible;
    }

    @Override
    public WorkerView worker(final WorkerId id)
    {
        return workers.get(id);
    }

    @Override
    public List<TaskView> tasksOf(final WorkerId id)
    {
        return tasksOf.getOrDefault(id, List.of());
    }

    @Override
    public TaskView task(final TaskId id)
    {
        return tasks.get(id);
    }

    @Override
    public int taskCount()
    {
        return tasks.size();
    }

    @Override
    public long totalWeight()
    {
        return totalWeight;
    }
}
