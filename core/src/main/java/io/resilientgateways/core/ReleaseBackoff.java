package io.resilientgateways.core;

import io.resilientgateways.core.spi.WorkerView;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which workers a released task avoids, and until when. A worker that releases a task is not given it again for
 * {@link BalancerConfig#releaseBackoff()}; each (task, worker) record has its own cluster timer, which drops it
 * and retries the task if it is still pending. Releases are rare, so the records live here, in sorted maps, and
 * not in every {@link TaskState}.
 */
final class ReleaseBackoff
{
    static final class Avoid
    {
        final long until;
        final long timerId;

        Avoid(final long until, final long timerId)
        {
            this.until = until;
            this.timerId = timerId;
        }
    }

    private final Balancer b;
    private final TreeMap<TaskId, TreeMap<WorkerId, Avoid>> byTask = new TreeMap<>();

    ReleaseBackoff(final Balancer balancer)
    {
        this.b = balancer;
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
        final long backoff = b.config.releaseBackoff();
        if (backoff <= 0)
        {
            return;
        }
        final TreeMap<WorkerId, Avoid> avoided = byTask.computeIfAbsent(task, k -> new TreeMap<>());
        final Avoid previous = avoided.get(worker);
        if (null != previous)
        {
            b.timers.cancel(previous.timerId);
        }
        final Avoid avoid = new Avoid(b.now + backoff, ++b.timerCounter);
        avoided.put(worker, avoid);
        b.timers.schedule(avoid.timerId, avoid.until);
    }

    /**
     * Where a task goes when the policy chose {@code proposed}: there, unless the task avoids it; then the least
     * loaded (load per unit of capacity, then name) other eligible capable worker it does not avoid, or nobody.
     */
    WorkerState steer(final TaskState task, final WorkerState proposed)
    {
        final TreeMap<WorkerId, Avoid> avoided = byTask.get(task.id);
        if (null == avoided || !avoided.containsKey(proposed.id))
        {
            return proposed;
        }
        WorkerState best = null;
        for (final WorkerView view : b.view().workers())
        {
            final WorkerState worker = (WorkerState)view;
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
        final TreeMap<WorkerId, Avoid> avoided = byTask.get(task);
        return null != avoided && avoided.containsKey(worker);
    }

    boolean onTimer(final long correlationId)
    {
        if (0 == correlationId)
        {
            return false;
        }
        for (final Map.Entry<TaskId, TreeMap<WorkerId, Avoid>> entry : byTask.entrySet())
        {
            for (final Map.Entry<WorkerId, Avoid> avoid : entry.getValue().entrySet())
            {
                if (avoid.getValue().timerId == correlationId)
                {
                    final TaskId id = entry.getKey();
                    final WorkerId releasedBy = avoid.getKey();
                    entry.getValue().remove(releasedBy);
                    if (entry.getValue().isEmpty())
                    {
                        byTask.remove(id);
                    }
                    final TaskState task = b.tasks.get(id);
                    if (null != task && task.status == TaskStatus.PENDING)
                    {
                        b.allocate(task, Cause.RELEASE_RETRY, releasedBy, null);
                    }
                    return true;
                }
            }
        }
        return false;
    }

    void forget(final TaskId task)
    {
        final TreeMap<WorkerId, Avoid> avoided = byTask.remove(task);
        if (null != avoided)
        {
            for (final Avoid avoid : avoided.values())
            {
                b.timers.cancel(avoid.timerId);
            }
        }
    }

    /**
     * @return why a pending task waits for its backoff ("released by gw-1; retried at 2005"), or null if it does
     * not: no avoid record, or an eligible capable worker it does not avoid, or none at all.
     */
    String pendingReason(final TaskState task)
    {
        final TreeMap<WorkerId, Avoid> avoided = byTask.get(task.id);
        if (null == avoided)
        {
            return null;
        }
        boolean anyCapable = false;
        for (final WorkerView worker : b.view().workers())
        {
            if (worker.canRun(task.requires))
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
        long retry = Long.MAX_VALUE;
        for (final Map.Entry<WorkerId, Avoid> avoid : avoided.entrySet())
        {
            if (retry != Long.MAX_VALUE)
            {
                text.append(", ");
            }
            text.append(avoid.getKey().name());
            retry = Math.min(retry, avoid.getValue().until);
        }
        return text.append("; retried at ").append(retry).toString();
    }

    void write(final DataOutputStream out) throws IOException
    {
        out.writeInt(size());
        for (final Map.Entry<TaskId, TreeMap<WorkerId, Avoid>> entry : byTask.entrySet())
        {
            for (final Map.Entry<WorkerId, Avoid> avoid : entry.getValue().entrySet())
            {
                out.writeUTF(entry.getKey().name());
                out.writeUTF(avoid.getKey().name());
                out.writeLong(avoid.getValue().until);
                out.writeLong(avoid.getValue().timerId);
            }
        }
    }

    void read(final DataInputStream in) throws IOException
    {
        final int count = in.readInt();
        for (int i = 0; i < count; i++)
        {
            final TaskId task = TaskId.of(in.readUTF());
            final WorkerId worker = WorkerId.of(in.readUTF());
            final Avoid avoid = new Avoid(in.readLong(), in.readLong());
            if (!b.tasks.containsKey(task))
            {
                throw new IllegalStateException("release backoff for unknown task " + task);
            }
            byTask.computeIfAbsent(task, k -> new TreeMap<>()).put(worker, avoid);
        }
    }
}
