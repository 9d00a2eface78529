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
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;
import java.util.List;

/**
 * A real engine driven only through its public inputs, with obedient workers: directives are queued and
 * {@link #settle()} acknowledges them all (an acknowledged close makes the engine send the open, which is
 * acknowledged in the same call). The engine runs with the default {@link BalancerConfig} except that one round may
 * start every move ({@code maxMovesPerRound} = {@link BalancerConfig.Defaults#MAX_TASKS}), so one membership event is
 * one policy decision. The clock advances by one per input; {@link #fireTimers()} jumps past every scheduled
 * deadline and fires those timers, as the cluster would later.
 * <p>
 * The sink stores each directive in preallocated parallel arrays (grown by doubling), so what the timed event pays
 * for a directive is little more than the engine's own work; a real adapter encodes it into a buffer instead.
 */
final class EngineDriver implements DirectiveSink, Timers
{
    static BalancerConfig config()
    {
        return new BalancerConfig().maxMovesPerRound(BalancerConfig.Defaults.MAX_TASKS);
    }

    final Balancer balancer;
    private boolean[] isOpen = new boolean[1024];
    private WorkerId[] dirWorker = new WorkerId[1024];
    private TaskId[] dirTask = new TaskId[1024];
    private long[] dirEpoch = new long[1024];
    private int queued;
    private final Long2LongHashMap timers = new Long2LongHashMap(-1);
    private long now;
    long opens;
    long closes;
    long acks;

    EngineDriver(final RebalancePolicy policy)
    {
        balancer = new Balancer(config(), policy, this, this);
    }

    static WorkerId worker(final int i)
    {
        return WorkerId.of(String.format("w%04d", i));
    }

    static TaskId task(final int i)
    {
        return TaskId.of(String.format("t%07d", i));
    }

    static TaskSpec[] taskSpecs(final int tasks)
    {
        final TaskSpec[] specs = new TaskSpec[tasks];
        for (int i = 0; i < tasks; i++)
        {
            specs[i] = new TaskSpec(task(i), CapabilitySet.EMPTY, 1);
        }
        return specs;
    }

    /**
     * Register workers 0..workers-1, add tasks 0..tasks-1, acknowledge every open, fire the timers.
     */
    EngineDriver start(final int workers, final int tasks)
    {
        for (int i = 0; i < workers; i++)
        {
            join(i);
        }
        add(taskSpecs(tasks));
        settle();
        fireTimers();
        return this;
    }

    /**
     * One {@code addTasks} input (one logged command) with every spec, without acknowledging.
     *
     * @return open directives sent so far.
     */
    long add(final TaskSpec[] specs)
    {
        if (specs.length > 0 && !balancer.addTasks(++now, Arrays.asList(specs)).accepted())
        {
            throw new IllegalStateException("addTasks refused");
        }
        return opens;
    }

    void join(final int worker)
    {
        balancer.registerWorker(++now, WorkerSpec.of(worker(worker).name()));
    }

    /**
     * The worker deregisters; directives queued for it are dropped (it is gone).
     */
    void leave(final int worker)
    {
        final WorkerId id = worker(worker);
        int kept = 0;
        for (int i = 0; i < queued; i++)
        {
            if (!dirWorker[i].equals(id))
            {
                isOpen[kept] = isOpen[i];
                dirWorker[kept] = dirWorker[i];
                dirTask[kept] = dirTask[i];
                dirEpoch[kept] = dirEpoch[i];
                kept++;
            }
        }
        Arrays.fill(dirWorker, kept, queued, null);
        Arrays.fill(dirTask, kept, queued, null);
        queued = kept;
        balancer.workerLeft(++now, id, LeaveReason.DEREGISTERED);
    }

    boolean present(final int worker)
    {
        return null != balancer.worker(worker(worker));
    }

    int workerCount()
    {
        return balancer.frozenView().workers().size();
    }

    /**
     * Acknowledge every queued directive, and those the acknowledgements cause, in order, until none is left.
     *
     * @return the acknowledgements sent.
     */
    int settle()
    {
        int i = 0;
        for (; i < queued; i++)
        {
            if (isOpen[i])
            {
                balancer.taskOpened(++now, dirWorker[i], dirTask[i], dirEpoch[i]);
            }
            else
            {
                balancer.taskClosed(++now, dirWorker[i], dirTask[i], dirEpoch[i]);
            }
        }
        Arrays.fill(dirWorker, 0, queued, null);
        Arrays.fill(dirTask, 0, queued, null);
        queued = 0;
        acks += i;
        return i;
    }

    /**
     * Jump the clock past every scheduled deadline and fire those timers in (deadline, id) order.
     */
    void fireTimers()
    {
        while (!timers.isEmpty())
        {
            long id = Long.MAX_VALUE;
            long at = Long.MAX_VALUE;
            final Long2LongHashMap.KeyIterator keys = timers.keySet().iterator();
            while (keys.hasNext())
            {
                final long k = keys.nextValue();
                final long d = timers.get(k);
                if (d < at || (d == at && k < id))
                {
                    id = k;
                    at = d;
                }
            }
            timers.remove(id);
            now = Math.max(now, at);
            balancer.onTimer(now, id);
        }
        now += 1_000_000;
    }

    /**
     * Bring the membership back to workers 0..workers-1 (others leave, missing ones join), acknowledge everything and
     * fire the timers: the state before a steady-state event.
     */
    void restore(final int workers, final int pool)
    {
        settle();
        for (int w = workers; w < pool; w++)
        {
            if (present(w))
            {
                leave(w);
                settle();
            }
        }
        for (int w = 0; w < workers; w++)
        {
            if (!present(w))
            {
                join(w);
                settle();
            }
        }
        fireTimers();
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
        final List<WorkerView> workers = balancer.frozenView().workers();
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
        queue(true, worker, task, epoch);
    }

    @Override
    public void close(final WorkerId worker, final TaskId task, final long epoch)
    {
        closes++;
        queue(false, worker, task, epoch);
    }

    private void queue(final boolean open, final WorkerId worker, final TaskId task, final long epoch)
    {
        if (queued == isOpen.length)
        {
            final int length = queued * 2;
            isOpen = Arrays.copyOf(isOpen, length);
            dirWorker = Arrays.copyOf(dirWorker, length);
            dirTask = Arrays.copyOf(dirTask, length);
            dirEpoch = Arrays.copyOf(dirEpoch, length);
        }
        isOpen[queued] = open;
        dirWorker[queued] = worker;
        dirTask[queued] = task;
        dirEpoch[queued] = epoch;
        queued++;
    }

    @Override
    public void schedule(final long correlationId, final long deadline)
    {
        timers.put(correlationId, deadline);
    }

    @Override
    public void cancel(final long correlationId)
    {
        timers.remove(correlationId);
    }
}
