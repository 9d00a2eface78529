package io.resilientgateways.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Bounded ring of transitions in log order. Slots are preallocated and overwritten, so recording allocates nothing.
 * Enums are kept by their stable codes.
 */
final class History
{
    private final long[] time;
    private final long[] epoch;
    private final TaskId[] task;
    private final WorkerId[] worker;
    private final WorkerId[] causeWorker;
    private final byte[] from;
    private final byte[] to;
    private final byte[] cause;
    private final byte[] reason;
    private final byte[] trigger;
    private long written;
    private int next; // written % capacity, kept apart so recording does no 64-bit division

    History(final int capacity)
    {
        time = new long[capacity];
        epoch = new long[capacity];
        task = new TaskId[capacity];
        worker = new WorkerId[capacity];
        causeWorker = new WorkerId[capacity];
        from = new byte[capacity];
        to = new byte[capacity];
        cause = new byte[capacity];
        reason = new byte[capacity];
        trigger = new byte[capacity];
    }

    long written()
    {
        return written;
    }

    int size()
    {
        return (int)Math.min(written, time.length);
    }

    void record(
        final long now,
        final TaskId taskId,
        final TaskStatus fromStatus,
        final TaskStatus toStatus,
        final WorkerId owner,
        final long taskEpoch,
        final Cause why,
        final WorkerId whose,
        final LeaveReason leaveReason,
        final Cause triggeredBy)
    {
        final int i = next;
        time[i] = now;
        task[i] = taskId;
        from[i] = fromStatus.code();
        to[i] = null == toStatus ? -1 : toStatus.code();
        worker[i] = owner;
        epoch[i] = taskEpoch;
        cause[i] = why.code();
        causeWorker[i] = whose;
        reason[i] = null == leaveReason ? -1 : leaveReason.code();
        trigger[i] = null == triggeredBy ? -1 : triggeredBy.code();
        written++;
        next = i + 1 == time.length ? 0 : i + 1;
    }

    /**
     * @param k 0 for the oldest kept entry.
     */
    Transition get(final int k)
    {
        final int i = (int)((written - size() + k) % time.length);
        return new Transition(
            time[i],
            task[i],
            TaskStatus.fromCode(from[i]),
            to[i] < 0 ? null : TaskStatus.fromCode(to[i]),
            worker[i],
            epoch[i],
            Cause.fromCode(cause[i]),
            causeWorker[i],
            reason[i] < 0 ? null : LeaveReason.fromCode(reason[i]),
            trigger[i] < 0 ? null : Cause.fromCode(trigger[i]));
    }

    List<Transition> all(final TaskId filter)
    {
        final int n = size();
        final List<Transition> out = new ArrayList<>(null == filter ? n : 16);
        for (int k = 0; k < n; k++)
        {
            final int i = (int)((written - n + k) % time.length);
            if (null == filter || filter.equals(task[i]))
            {
                out.add(get(k));
            }
        }
        return out;
    }

    void restore(final long totalWritten, final List<Transition> kept)
    {
        written = totalWritten - kept.size();
        next = (int)(written % time.length);
        for (final Transition t : kept)
        {
            record(t.time(), t.task(), t.from(), t.to(), t.worker(), t.epoch(), t.cause(), t.causeWorker(),
                t.reason(), t.trigger());
        }
    }
}
