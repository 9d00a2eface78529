package io.resilientgateways.core;

import java.util.Comparator;
import java.util.TreeMap;

/**
 * The engine's state, in one place: the clock, the known workers and tasks, the counters and the history. The
 * helpers' own small states (rebalance rounds, handoff queue, release backoffs, timer ids) are theirs; the
 * {@link SnapshotCodec} writes this and asks each helper to write its part.
 */
final class EngineState implements Clock
{
    /** By task id; a plain comparator, not a key-extracting one: sorting is on the hot path of reads. */
    static final Comparator<TaskState> BY_ID = TaskState::compare;

    final BalancerConfig config;
    final WorkerMap workers = new WorkerMap();
    final TaskTable tasks = new TaskTable();
    final TreeMap<TaskId, TaskState> pending = new TreeMap<>();
    final History history;
    final LoadClock loads = new LoadClock();

    private TaskState[] sortedTasks;
    long now;
    long epochCounter;
    long membershipVersion;
    long totalWeight;
    // tasks of a batch put in the table but not yet added, which the policy must not count yet
    int unadmitted;
    int closingMoves;
    long policyProposalsRejected;

    EngineState(final BalancerConfig config)
    {
        this.config = config;
        this.history = new History(config.historyCapacity());
    }

    /**
     * Counts changes of workers' loads, for {@code ClusterView.loadVersion()}: every worker ticks it.
     */
    static final class LoadClock
    {
        long ticks;
        // what a policy reads from the workers' lists during a rebalance call (shared by the workers, like the ticks)
        final ServedTasks served = new ServedTasks();
        // sorts tasks by id for the workers' lists and a round's arrivals
        final IdOrder order = new IdOrder();
    }

    /**
     * The one place time advances: {@code now = max(now, time)}, once per accepted input. Cluster time can step
     * backwards (a new leader's clock); the engine's never does, so deadlines and history stay ordered.
     */
    void advance(final long time)
    {
        if (time > now)
        {
            now = time;
        }
    }

    @Override
    public long now()
    {
        return now;
    }

    /**
     * @return the worker if it is known and connected (live or draining, detached or not), else null.
     */
    WorkerState connected(final WorkerId id)
    {
        final WorkerState worker = workers.get(id);
        return null == worker || !worker.connected() ? null : worker;
    }

    static Result notRegistered(final WorkerId id)
    {
        return Result.rejected(RejectionCode.UNKNOWN_WORKER, "worker " + id + " is not registered");
    }

    void addTask(final TaskState task)
    {
        tasks.put(task);
        admitted(task);
    }

    /**
     * A task already put in {@link #tasks} (a batch checks for duplicates as it puts them) now counts.
     */
    void admitted(final TaskState task)
    {
        if (unadmitted > 0)
        {
            unadmitted--;
        }
        sortedTasks = null;
        totalWeight += task.weight;
    }

    void removeTask(final TaskState task)
    {
        tasks.remove(task.id);
        sortedTasks = null;
        totalWeight -= task.weight;
    }

    /**
     * @return every task sorted by id, as a cached array: read it, do not keep it across inputs.
     */
    TaskState[] sortedTasks()
    {
        TaskState[] sorted = sortedTasks;
        if (null == sorted)
        {
            sorted = tasks.toArray();
            loads.order.sort(sorted, sorted.length);
            sortedTasks = sorted;
        }
        return sorted;
    }
}
