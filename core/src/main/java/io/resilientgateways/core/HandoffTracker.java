package io.resilientgateways.core;

import org.agrona.collections.LongArrayQueue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds tasks whose open or close acknowledgement is overdue. Tasks enter a FIFO in log order with the time they
 * entered a handoff state; one cluster timer at a time fires at the head's deadline. Entries of tasks that have
 * moved on are dropped lazily. As the engine's clock never goes backwards, the FIFO is also in time order, so the
 * queue rebuilt on restore in (time, id) order gives the same deadlines and the same stuck reports as the original,
 * and replicas stay identical.
 */
final class HandoffTracker implements TimerOwner
{
    /**
     * Told when an acknowledgement is overdue.
     */
    interface StuckListener
    {
        void onStuck(TaskState task);
    }

    private static final Comparator<TaskState> BY_SINCE_THEN_ID =
        Comparator.<TaskState>comparingLong(t -> t.since).thenComparing(t -> t.id);

    private final Clock clock;
    private final Scheduler scheduler;
    private final StuckListener listener;
    private final long timeout;
    private final ArrayDeque<TaskState> queue = new ArrayDeque<>();
    private final LongArrayQueue times = new LongArrayQueue();
    private long timerId;

    HandoffTracker(
        final Clock clock, final Scheduler scheduler, final StuckListener listener, final long timeout)
    {
        this.clock = clock;
        this.scheduler = scheduler;
        this.listener = listener;
        this.timeout = timeout;
    }

    void enter(final TaskState task, final TaskStatus status)
    {
        final long now = clock.now();
        task.status = status;
        task.since = now;
        task.stuck = false;
        if (timeout > 0)
        {
            queue.addLast(task);
            times.addLong(now);
            if (0 == timerId)
            {
                timerId = scheduler.schedule(this, now + timeout);
            }
        }
    }

    @Override
    public void onTimer(final long correlationId)
    {
        timerId = 0;
        final long now = clock.now();
        List<TaskState> expired = null;
        while (!queue.isEmpty())
        {
            final TaskState task = queue.peekFirst();
            final long since = times.peekLong();
            if (!task.inHandoff() || task.since != since)
            {
                dropHead();
            }
            else if (since + timeout <= now)
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
            expired.sort(EngineState.BY_ID);
            for (final TaskState task : expired)
            {
                if (!task.stuck)
                {
                    task.stuck = true;
                    listener.onStuck(task);
                }
            }
        }
        if (!queue.isEmpty())
        {
            timerId = scheduler.schedule(this, times.peekLong() + timeout);
        }
    }

    void write(final DataOutputStream out) throws IOException
    {
        out.writeLong(timerId);
    }

    /**
     * Formats 1 to 3 also stored the deadline (never read).
     */
    void read(final DataInputStream in, final int format, final TimerRegistry registry) throws IOException
    {
        timerId = in.readLong();
        if (format < 4)
        {
            in.readLong();
        }
        if (0 != timerId)
        {
            registry.restore(timerId, this);
        }
    }

    /**
     * Rebuild the queue from the tasks' states after a restore.
     */
    void rebuild(final TaskState[] sortedTasks)
    {
        queue.clear();
        times.clear();
        if (timeout <= 0)
        {
            return;
        }
        final List<TaskState> inHandoff = new ArrayList<>();
        for (final TaskState task : sortedTasks)
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

    private void dropHead()
    {
        queue.pollFirst();
        times.pollLong();
    }
}
