package io.resilientgateways.benchmarks.strategies;

import io.resilientgateways.core.Assignment;
import io.resilientgateways.core.Balancer;
import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;
import io.resilientgateways.core.spi.DirectiveSink;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.Timers;
import io.resilientgateways.core.spi.WorkerView;

import java.util.ArrayList;
import java.util.List;

/**
 * A real engine with obedient workers: directives are queued and {@link #settle()} acknowledges them all.
 * One round may start every move ({@code maxMovesPerRound} = {@link BalancerConfig.Defaults#MAX_TASKS}), so one
 * membership event is one policy decision.
 */
final class EngineDriver implements DirectiveSink, Timers
{
    static final BalancerConfig CONFIG = new BalancerConfig()
        .handoffTimeout(0)
        .maxMovesPerRound(BalancerConfig.Defaults.MAX_TASKS);

    final Balancer balancer;
    private final List<Object[]> queue = new ArrayList<>();
    private long now;
    long opens;
    long closes;

    EngineDriver(final RebalancePolicy policy)
    {
        balancer = new Balancer(CONFIG, policy, this, this);
    }

    static WorkerId worker(final int i)
    {
        return WorkerId.of(String.format("w%04d", i));
    }

    static TaskId task(final int i)
    {
        return TaskId.of(String.format("t%06d", i));
    }

    /**
     * Register workers 0..workers-1, add tasks 0..tasks-1, acknowledge everything.
     */
    EngineDriver start(final int workers, final int tasks)
    {
        for (int i = 0; i < workers; i++)
        {
            join(i);
        }
        startTasks(tasks);
        settle();
        return this;
    }

    /**
     * Add tasks 0..tasks-1, without acknowledging.
     *
     * @return open directives sent so far.
     */
    long startTasks(final int tasks)
    {
        for (int i = 0; i < tasks; i++)
        {
            balancer.addTask(++now, new TaskSpec(task(i), CapabilitySet.EMPTY, 1));
        }
        return opens;
    }

    void join(final int worker)
    {
        balancer.registerWorker(++now, WorkerSpec.of(worker(worker).name()));
    }

    void leave(final int worker)
    {
        final WorkerId id = worker(worker);
        queue.removeIf(d -> d[1].equals(id));
        balancer.workerLeft(++now, id, LeaveReason.DEREGISTERED);
    }

    boolean present(final int worker)
    {
        return null != balancer.worker(worker(worker));
    }

    void settle()
    {
        for (int i = 0; i < queue.size(); i++)
        {
            final Object[] d = queue.get(i);
            if ((Boolean)d[0])
            {
                balancer.taskOpened(now, (WorkerId)d[1], (TaskId)d[2], (Long)d[3]);
            }
            else
            {
                balancer.taskClosed(now, (WorkerId)d[1], (TaskId)d[2], (Long)d[3]);
            }
        }
        queue.clear();
    }

    /**
     * @return each task's owner (or target when pending), by task id.
     */
    String[] owners()
    {
        final List<Assignment> all = balancer.assignments();
        final String[] owners = new String[all.size()];
        for (int i = 0; i < owners.length; i++)
        {
            final WorkerId owner = all.get(i).owner();
            owners[i] = null == owner ? null : owner.name();
        }
        return owners;
    }

    long[] loads()
    {
        final List<WorkerView> workers = balancer.view().workers();
        final long[] loads = new long[workers.size()];
        for (int i = 0; i < loads.length; i++)
        {
            loads[i] = workers.get(i).load();
        }
        return loads;
    }

    @Override
    public void open(final WorkerId worker, final TaskId task, final long epoch)
    {
        opens++;
        queue.add(new Object[]{ Boolean.TRUE, worker, task, epoch });
    }

    @Override
    public void close(final WorkerId worker, final TaskId task, final long epoch)
    {
        closes++;
        queue.add(new Object[]{ Boolean.FALSE, worker, task, epoch });
    }

    @Override
    public void schedule(final long correlationId, final long deadline)
    {
    }

    @Override
    public void cancel(final long correlationId)
    {
    }
}
