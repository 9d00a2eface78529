package io.resilientgateways.core;

import org.agrona.collections.LongArrayQueue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds tasks whose open or close acknowledgement is overdue. Tasks enter a FIFO in log order with the time they
 * entered a handoff state; one cluster timer at a time fires at the head's deadline. Entries of tasks that have
 * moved on are dropped lazily. The queue is rebuilt on restore in (time, id) order, which gives the same deadlines
 * and the same stuck reports as the original, so replicas stay identical.
 */
final class HandoffTracker
{
    private static final Comparator<TaskState> BY_SINCE_THEN_ID =
        Comparator.<TaskState>comparingLong(t -> t.since).thenComparing(t -> t.id);

    private final Balancer b;
    private final ArrayDeque<TaskState> queue = new ArrayDeque<>();
    private final LongArrayQueue times = new LongArrayQueue();
    long timerId;
    long deadline;

    HandoffTracker(final Balancer balancer)
    {
        this.b = balancer;
    }

    void enter(final TaskState task, final TaskStatus status)
    {
        task.status = status;
        task.since = b.now;
        task.stuck = false;
        if (b.config.handoffTimeout() > 0)
        {
            queue.addLast(task);
            times.addLong(b.now);
            if (0 == timerId)
            {
                schedule(b.now + b.config.handoffTimeout());
            }
        }
    }

    boolean onTimer(final long correlationId)
    {
        if (0 == correlationId || correlationId != timerId)
        {
            return false;
        }
        timerId = 0;
        deadline = 0;
        final long timeout = b.config.handoffTimeout();
        List<TaskState> expired = null;
        while (!queue.isEmpty())
        {
            final TaskState task = queue.peekFirst();
            final long since = times.peekLong();
            if (!task.inHandoff() || task.since != since || b.tasks.get(task.id) != task)
            {
                dropHead();
            }
            else if (since + timeout <= b.now)
            {
                dropHead();
                if (null == expired)
                {
                    expired = new ArrayList<>();
                }
                expired.add(task);
            }
            else
            {
                break;
            }
        }
        if (null != expired)
        {
            expired.sort(Balancer.BY_ID);
            for (final TaskState task : expired)
            {
                if (!task.stuck)
                {
                    task.stuck = true;
                    b.record(task, task.status, task.holder.id, Cause.HANDOFF_TIMEOUT, task.holder.id, null, null);
                }
            }
        }
        if (!queue.isEmpty())
        {
            schedule(times.peekLong() + timeout);
        }
        return true;
    }

    void rebuild()
    {
        queue.clear();
        times.clear();
        if (b.config.handoffTimeout() <= 0)
        {
            return;
        }
        final List<TaskState> inHandoff = new ArrayList<>();
        for (final TaskState task : b.sortedTasks())
        {
            if (task.inHandoff())
            {
                inHandoff.add(task);
            }
        }
        inHandoff.sort(BY_SINCE_THEN_ID);
        for (final TaskState task : inHandoff)
        {
            queue.addLast(task);
            times.addLong(task.since);
        }
    }

    private void schedule(final long at)
    {
        timerId = ++b.timerCounter;
        deadline = at;
        b.timers.schedule(timerId, at);
    }

    private void dropHead()
    {
        queue.pollFirst();
        times.pollLong();
    }
}
