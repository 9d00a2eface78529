package io.resilientgateways.core;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Finds tasks whose open or close acknowledgement is overdue. Each entry into a handoff state appends the task and its
 * {@code since} to a queue, in the order of their {@code since} times as the engine's clock never goes backwards.
 * Nothing is removed when a task leaves its handoff: an entry whose task is no longer in a handoff state, or entered
 * it again since (another {@code since}), is stale and dropped when the timer reaches it. So the task state holds no
 * links, an acknowledgement costs nothing here, and one cluster timer at a time fires at the first live entry's
 * deadline. A queue about to grow drops its stale entries first, and one that the timer has emptied to a quarter
 * shrinks, so its memory follows the entries waiting, not the largest burst.
 * Stale entries never change what is reported or when the next timer is set (both depend only on the live entries'
 * {@code since}), so a replica restored from a snapshot, whose queue is rebuilt in (since, id) order without them,
 * reports the same stuck tasks at the same times as the original, and replicas stay identical.
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
    private static final int MIN_CAPACITY = 16;

    private final Clock clock;
    private final Scheduler scheduler;
    private final StuckListener listener;
    private final long timeout;
    // a ring: entries [head, head + count) modulo the capacity (a power of two)
    private TaskState[] tasks = new TaskState[MIN_CAPACITY];
    private long[] sinces = new long[MIN_CAPACITY];
    private int head;
    private int count;
    private long timerId;
    // entries made stale by an acknowledgement since the last scan: a scan for stale entries before growing is worth
    // its cache misses only when a good part of the queue is stale (other exits are not counted: the timer drops them)
    private long acknowledged;

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
            append(task, now);
            if (0 == timerId)
            {
                timerId = scheduler.schedule(this, now + timeout);
            }
        }
    }

    /**
     * An open or close acknowledgement took a task out of its handoff state: its entry is stale (counted only).
     */
    void acknowledged()
    {
        acknowledged++;
    }

    /**
     * Make room for {@code more} entries at once (a batch of new tasks), instead of doubling on the way.
     */
    void reserve(final int more)
    {
        if (timeout > 0 && count + more > tasks.length)
        {
            dropStaleIfWorthIt();
            if (count + more > tasks.length)
            {
                resize(Integer.highestOneBit(count + more - 1) << 1);
            }
        }
    }

    /**
     * @return the number of entries queued, stale ones included (for tests).
     */
    int queued()
    {
        return count;
    }

    @Override
    public void onTimer(final long correlationId)
    {
        timerId = 0;
        final long now = clock.now();
        final int mask = tasks.length - 1;
        List<TaskState> expired = null;
        while (count > 0)
        {
            final TaskState task = tasks[head];
            final long since = sinces[head];
            if (isLive(task, since) && since + timeout > now)
            {
                break;
            }
            tasks[head] = null;
            head = (head + 1) & mask;
            count--;
            if (isLive(task, since))
            {
                if (null == expired)
                {
                    expired = new ArrayList<>();
                }
                expired.add(task);
            }
        }
        if (null != expired)
        {
            expired.sort(EngineState.BY_ID);
            for (final TaskState task : expired)
            {
                if (!task.stuck) // a task entered twice at the same time is queued twice
                {
                    task.stuck = true;
                    listener.onStuck(task);
                }
            }
        }
        if (count > 0)
        {
            timerId = scheduler.schedule(this, sinces[head] + timeout);
        }
        else
        {
            acknowledged = 0; // nothing left to be stale
        }
        if (tasks.length > MIN_CAPACITY && 4 * count < tasks.length)
        {
            // after a burst of handoffs: hold memory for the entries left, not for the burst
            resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, count)) << 2));
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
        Arrays.fill(tasks, null);
        head = 0;
        count = 0;
        acknowledged = 0;
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
            append(task, task.since);
        }
    }

    /**
     * Live: still in the handoff state it entered at {@code since} (a removed task is PENDING, so never live).
     */
    private static boolean isLive(final TaskState task, final long since)
    {
        return task.inHandoff() && task.since == since;
    }

    private void append(final TaskState task, final long since)
    {
        if (count == tasks.length)
        {
            dropStaleIfWorthIt();
            if (2 * count > tasks.length)
            {
                resize(2 * tasks.length);
            }
        }
        final int at = (head + count) & (tasks.length - 1);
        tasks[at] = task;
        sinces[at] = since;
        count++;
    }

    /**
     * Scan for stale entries when acknowledgements made at least a quarter of the queue stale since the last scan
     * (a queue of entries still waiting, e.g. a run of new tasks not yet acknowledged, grows without reading them).
     */
    private void dropStaleIfWorthIt()
    {
        if (4 * acknowledged >= count)
        {
            dropStale();
        }
    }

    /**
     * Keep only the live entries, in order.
     */
    private void dropStale()
    {
        acknowledged = 0;
        final int mask = tasks.length - 1;
        int n = 0;
        for (int i = 0; i < count; i++)
        {
            final int at = (head + i) & mask;
            if (isLive(tasks[at], sinces[at]))
            {
                final int to = (head + n++) & mask; // never ahead of the entry read
                tasks[to] = tasks[at];
                sinces[to] = sinces[at];
            }
        }
        for (int i = n; i < count; i++)
        {
            tasks[(head + i) & mask] = null;
        }
        count = n;
    }

    /**
     * Copy the entries, in order, from index 0 of arrays of this capacity (a power of two, at least the count).
     */
    private void resize(final int capacity)
    {
        final int mask = tasks.length - 1;
        final TaskState[] resized = new TaskState[capacity];
        final long[] resizedSinces = new long[capacity];
        for (int i = 0; i < count; i++)
        {
            resized[i] = tasks[(head + i) & mask];
            resizedSinces[i] = sinces[(head + i) & mask];
        }
        tasks = resized;
        sinces = resizedSinces;
        head = 0;
    }
}
