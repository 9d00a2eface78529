package io.resilientgateways.core;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds tasks whose open or close acknowledgement is overdue. Tasks in a handoff state are kept in an intrusive
 * doubly linked list (links in {@link TaskState}) in the order they entered it, which is the order of their
 * {@code since} times as the engine's clock never goes backwards. Entering again moves a task to the tail; an open
 * acknowledgement unlinks it; a task that left the handoff states otherwise is unlinked when the timer reaches it.
 * So the list holds each task at most once, costs no allocation per handoff, and one cluster timer at a time fires at
 * the head's deadline. On restore the list is rebuilt in (since, id) order: the same deadlines and the same stuck
 * reports as the original (expired tasks are reported in id order), so replicas stay identical.
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
    private TaskState head;
    private TaskState tail;
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
            if (task.inHandoffList)
            {
                unlink(task);
            }
            append(task);
            if (0 == timerId)
            {
                timerId = scheduler.schedule(this, now + timeout);
            }
        }
    }

    /**
     * The task left its handoff (its open was acknowledged): nothing to watch any more.
     */
    void exit(final TaskState task)
    {
        if (task.inHandoffList)
        {
            unlink(task);
        }
    }

    @Override
    public void onTimer(final long correlationId)
    {
        timerId = 0;
        final long now = clock.now();
        List<TaskState> expired = null;
        while (null != head)
        {
            final TaskState task = head;
            if (!task.inHandoff())
            {
                unlink(task);
            }
            else if (task.since + timeout <= now)
            {
                unlink(task);
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
        if (null != head)
        {
            timerId = scheduler.schedule(this, head.since + timeout);
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
     * Rebuild the list from the tasks' states after a restore.
     */
    void rebuild(final TaskState[] sortedTasks)
    {
        while (null != head)
        {
            unlink(head);
        }
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
            append(task);
        }
    }

    private void append(final TaskState task)
    {
        task.handoffPrev = tail;
        task.handoffNext = null;
        if (null == tail)
        {
            head = task;
        }
        else
        {
            tail.handoffNext = task;
        }
        tail = task;
        task.inHandoffList = true;
    }

    private void unlink(final TaskState task)
    {
        final TaskState prev = task.handoffPrev;
        final TaskState next = task.handoffNext;
        if (null == prev)
        {
            head = next;
        }
        else
        {
            prev.handoffNext = next;
        }
        if (null == next)
        {
            tail = prev;
        }
        else
        {
            next.handoffPrev = prev;
        }
        task.handoffPrev = null;
        task.handoffNext = null;
        task.inHandoffList = false;
    }
}
