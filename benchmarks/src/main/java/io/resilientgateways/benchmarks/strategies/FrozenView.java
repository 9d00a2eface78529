package io.resilientgateways.benchmarks.strategies;

import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskStatus;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.TaskView;
import io.resilientgateways.core.spi.WorkerView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A copy of an engine's view that a benchmark can change without an engine: a worker can be removed (its tasks
 * become unowned orphans) and orphans placed, as the engine would between allocate calls, so {@code decideLeave}
 * times a policy's decisions alone, with none of the engine's bookkeeping or directives. (It was first written when
 * the engine's {@code tasksOf} still sorted on every call; the engine now keeps each worker's tasks sorted, so
 * {@code decideJoinOnEngineView} is the join decision on the real view.)
 */
final class FrozenView implements ClusterView
{
    private final long membershipVersion;
    private final long totalWeight;
    private final List<WorkerView> workers;
    private final TreeMap<WorkerId, Worker> byId = new TreeMap<>();
    private final Map<TaskId, Task> tasks = new HashMap<>();
    private final Map<WorkerId, List<TaskView>> lists = new HashMap<>();
    private final Map<WorkerId, List<TaskView>> arrived = new HashMap<>();
    final List<Task> orphans = new ArrayList<>();

    /**
     * @param view    the engine's view to copy.
     * @param without a worker to drop (its tasks become orphans), or null.
     */
    FrozenView(final ClusterView view, final WorkerId without)
    {
        membershipVersion = view.membershipVersion() + (null == without ? 0 : 1);
        totalWeight = view.totalWeight();
        final List<WorkerView> eligible = new ArrayList<>();
        for (final WorkerView source : view.workers())
        {
            final List<TaskView> copies = new ArrayList<>();
            for (final TaskView task : view.tasksOf(source.id()))
            {
                final Task copy = new Task(task, !source.id().equals(without));
                tasks.put(copy.id, copy);
                copies.add(copy);
            }
            if (source.id().equals(without))
            {
                orphans.addAll(copies.stream().map(t -> (Task)t).toList());
                continue;
            }
            final Worker worker = new Worker(source);
            eligible.add(worker);
            byId.put(worker.id, worker);
            lists.put(worker.id, List.copyOf(copies));
        }
        workers = List.copyOf(eligible);
    }

    /**
     * Undo every placement of orphans.
     */
    void reset()
    {
        for (final Task orphan : orphans)
        {
            if (null != orphan.assignee)
            {
                final Worker worker = byId.get(orphan.assignee);
                worker.load -= orphan.weight;
                worker.taskCount--;
                orphan.assignee = null;
                orphan.status = TaskStatus.PENDING;
            }
        }
        arrived.clear();
    }

    /**
     * Place an orphan as the engine would: it is OPENING on the worker, counted in its load and listed.
     */
    void place(final Task orphan, final WorkerId to)
    {
        final Worker worker = byId.get(to);
        orphan.assignee = to;
        orphan.status = TaskStatus.OPENING;
        worker.load += orphan.weight;
        worker.taskCount++;
        arrived.computeIfAbsent(to, id -> new ArrayList<>()).add(orphan);
    }

    @Override
    public long now()
    {
        return 0;
    }

    @Override
    public long membershipVersion()
    {
        return membershipVersion;
    }

    @Override
    public List<WorkerView> workers()
    {
        return workers;
    }

    @Override
    public WorkerView worker(final WorkerId id)
    {
        return byId.get(id);
    }

    @Override
    public List<TaskView> tasksOf(final WorkerId id)
    {
        final List<TaskView> base = lists.getOrDefault(id, List.of());
        final List<TaskView> extra = arrived.get(id);
        if (null == extra)
        {
            return base;
        }
        final List<TaskView> merged = new ArrayList<>(base);
        merged.addAll(extra);
        merged.sort((a, b) -> a.id().compareTo(b.id()));
        return merged;
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

    static final class Worker implements WorkerView
    {
        final WorkerId id;
        final CapabilitySet capabilities;
        final int capacity;
        long load;
        int taskCount;

        Worker(final WorkerView source)
        {
            id = source.id();
            capabilities = source.capabilities();
            capacity = source.capacity();
            load = source.load();
            taskCount = source.taskCount();
        }

        @Override
        public WorkerId id()
        {
            return id;
        }

        @Override
        public CapabilitySet capabilities()
        {
            return capabilities;
        }

        @Override
        public int capacity()
        {
            return capacity;
        }

        @Override
        public long load()
        {
            return load;
        }

        @Override
        public int taskCount()
        {
            return taskCount;
        }

        @Override
        public boolean eligible()
        {
            return true;
        }
    }

    static final class Task implements TaskView
    {
        final TaskId id;
        final CapabilitySet requires;
        final int weight;
        final long epoch;
        TaskStatus status;
        WorkerId assignee;

        Task(final TaskView source, final boolean keep)
        {
            id = source.id();
            requires = source.requires();
            weight = source.weight();
            epoch = source.epoch();
            status = keep ? source.status() : TaskStatus.PENDING;
            assignee = keep ? source.assignee() : null;
        }

        @Override
        public TaskId id()
        {
            return id;
        }

        @Override
        public CapabilitySet requires()
        {
            return requires;
        }

        @Override
        public int weight()
        {
            return weight;
        }

        @Override
        public TaskStatus status()
        {
            return status;
        }

        @Override
        public WorkerId assignee()
        {
            return assignee;
        }

        @Override
        public long epoch()
        {
            return epoch;
        }

        @Override
        public boolean movable()
        {
            return null != assignee && (status == TaskStatus.OPEN || status == TaskStatus.OPENING);
        }
    }
}
