package io.resilientgateways.core;

import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.WorkerView;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Which workers a released task avoids, and until when. A worker that releases a task is not given it again for
 * {@link BalancerConfig#releaseBackoff()}; each (task, worker) record has its own cluster timer, which drops it
 * and retries the task if it is still pending. Releases are rare, so the records live here, in sorted maps, and
 * not in every {@link TaskState}.
 */
final class ReleaseBackoff
{
    /**
     * Places a task again once a backoff ended, if it is still pending.
     */
    @FunctionalInterface
    interface Retry
    {
        void retryIfPending(TaskId task, WorkerId releasedBy);
    }

    private final class Avoid implements TimerOwner
    {
        final TaskId task;
        final WorkerId worker;
        final long until;
        long timerId;

        Avoid(final TaskId task, final WorkerId worker, final long until)
        {
            this.task = task;
            this.worker = worker;
            this.until = until;
        }

        @Override
        public void onTimer(final long correlationId)
        {
            expire(this);
        }
    }

    private final Clock clock;
    private final Scheduler scheduler;
    private final Retry retry;
    private final ClusterView view;
    private final long backoff;
    private final TreeMap<TaskId, TreeMap<WorkerId, Avoid>> byTask = new TreeMap<>();

    ReleaseBackoff(
        final Clock clock,
        final Scheduler scheduler,
        final Retry retry,
        final ClusterView view,
        final long backoff)
    {
        this.clock = clock;
        this.scheduler = scheduler;
        this.retry = retry;
        this.view = view;
        this.backoff = backoff;
    }

    int size()
    {
        int n = 0;
        for (final TreeMap<WorkerId, Avoid> avoided : byTask.values())
        {
            n += avoided.size();
        }
        return n;
    }

    void avoid(final TaskId task, final WorkerId worker)
    {
        if (backoff <= 0)
        {
            return;
        }
        final TreeMap<WorkerId, Avoid> avoided = byTask.computeIfAbsent(task, k -> new TreeMap<>());
        final Avoid previous = avoided.get(worker);
        if (null != previous)
        {
            scheduler.cancel(previous.timerId);
        }
        final Avoid avoid = new Avoid(task, worker, clock.now() + backoff);
        avoid.timerId = scheduler.schedule(avoid, avoid.until);
        avoided.put(worker, avoid);
    }

    /**
     * Where a task goes when the policy chose {@code proposed}: there, unless the task avoids it; then the least
     * loaded (load per unit of capacity, then name) other eligible capable worker it does not avoid, or nobody.
     */
    WorkerState steer(final TaskState task, final WorkerState proposed)
    {
        if (byTask.isEmpty())
        {
            return proposed; // nothing released lately: the common case, on every placement
        }
        final TreeMap<WorkerId, Avoid> avoided = byTask.get(task.id);
        if (null == avoided || !avoided.containsKey(proposed.id))
        {
            return proposed;
        }
        WorkerState best = null;
        for (final WorkerView eligible : view.workers())
        {
            final WorkerState worker = (WorkerState)eligible;
            if (worker.canRun(task.requires) && !avoided.containsKey(worker.id) &&
                (null == best || worker.load * best.capacity < best.load * worker.capacity))
            {
                best = worker;
            }
        }
        return best;
    }

    boolean avoids(final TaskId task, final WorkerId worker)
    {
        if (byTask.isEmpty())
        {
            return false;
        }
        final TreeMap<WorkerId, Avoid> avoided = byTask.get(task);
        return null != avoided && avoided.containsKey(worker);
    }

    private void expire(final Avoid avoid)
    {
        final TreeMap<WorkerId, Avoid> avoided = byTask.get(avoid.task);
        avoided.remove(avoid.worker);
        if (avoided.isEmpty())
        {
            byTask.remove(avoid.task);
        }
        retry.retryIfPending(avoid.task, avoid.worker);
    }

    void forget(final TaskId task)
    {
        final TreeMap<WorkerId, Avoid> avoided = byTask.remove(task);
        if (null != avoided)
        {
            for (final Avoid avoid : avoided.values())
            {
                scheduler.cancel(avoid.timerId);
            }
        }
    }

    /**
     * @return why a pending task waits for its backoff ("released by gw-1; retried at 2005"), or null if it does
     * not: no avoid record, or an eligible capable worker it does not avoid, or none at all.
     */
    String pendingReason(final TaskId task, final CapabilitySet requires)
    {
        final TreeMap<WorkerId, Avoid> avoided = byTask.get(task);
        if (null == avoided)
        {
            return null;
        }
        boolean anyCapable = false;
        for (final WorkerView worker : view.workers())
        {
            if (worker.canRun(requires))
            {
                if (!avoided.containsKey(worker.id()))
                {
                    return null;
                }
                anyCapable = true;
            }
        }
        if (!anyCapable)
        {
            return null;
        }
        final StringBuilder text = new StringBuilder("released by ");
        long retryAt = Long.MAX_VALUE;
        for (final Map.Entry<WorkerId, Avoid> avoid : avoided.entrySet())
        {
            if (retryAt != Long.MAX_VALUE)
            {
                text.append(", ");
            }
            text.append(avoid.getKey().name());
            retryAt = Math.min(retryAt, avoid.getValue().until);
        }
        return text.append("; retried at ").append(retryAt).toString();
    }

    void write(final DataOutputStream out) throws IOException
    {
        out.writeInt(size());
        for (final TreeMap<WorkerId, Avoid> avoided : byTask.values())
        {
            for (final Avoid avoid : avoided.values())
            {
                out.writeUTF(avoid.task.name());
                out.writeUTF(avoid.worker.name());
                out.writeLong(avoid.until);
                out.writeLong(avoid.timerId);
            }
        }
    }

    void read(final DataInputStream in, final Predicate<TaskId> taskExists, final TimerRegistry registry)
        throws IOException
    {
        final int count = in.readInt();
        for (int i = 0; i < count; i++)
        {
            final TaskId task = TaskId.of(in.readUTF());
            final WorkerId worker = WorkerId.of(in.readUTF());
            final Avoid avoid = new Avoid(task, worker, in.readLong());
            avoid.timerId = in.readLong();
            if (!taskExists.test(task))
            {
                throw new IllegalStateException("release backoff for unknown task " + task);
            }
            byTask.computeIfAbsent(task, k -> new TreeMap<>()).put(worker, avoid);
            registry.restore(avoid.timerId, avoid);
        }
    }
}
