package io.resilientgateways.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Bounded ring of transitions in log order. Slots are preallocated and overwritten, so recording allocates nothing.
 * Enums are kept by their stable codes. An entry is three neighbouring longs (time, epoch, the five codes packed),
 * its task and its two workers side by side: recording touches two or three cache lines, not one per field.
 */
final class History
{
    private static final int LONGS = 3;
    private static final long NONE = 0xFF;

    private final int capacity;
    // per entry: time, epoch, codes (from, to, cause, reason, trigger: a byte each, 0xFF for none)
    private final long[] numbers;
    private final TaskId[] task;
    // per entry: the worker, then the cause's worker
    private final WorkerId[] workers;
    private long written;
    private int next; // written % capacity, kept apart so recording does no 64-bit division

    History(final int capacity)
    {
        this.capacity = capacity;
        numbers = new long[LONGS * capacity];
        task = new TaskId[capacity];
        workers = new WorkerId[2 * capacity];
    }

    long written()
    {
        return written;
    }

    int size()
    {
        return (int)Math.min(written, capacity);
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
        final long codes = (fromStatus.code() & NONE) |
            (null == toStatus ? NONE : toStatus.code() & NONE) << 8 |
            (why.code() & NONE) << 16 |
            (null == leaveReason ? NONE : leaveReason.code() & NONE) << 24 |
            (null == triggeredBy ? NONE : triggeredBy.code() & NONE) << 32;
        final long[] numbers = this.numbers;
        final int at = LONGS * i;
        numbers[at] = now;
        numbers[at + 1] = taskEpoch;
        numbers[at + 2] = codes;
        task[i] = taskId;
        workers[2 * i] = owner;
        workers[2 * i + 1] = whose;
        written++;
        next = i + 1 == capacity ? 0 : i + 1;
    }

    /**
     * @param k 0 for the oldest kept entry.
     */
    Transition get(final int k)
    {
        final int i = (int)((written - size() + k) % capacity);
        final long codes = numbers[LONGS * i + 2];
        return new Transition(
            numbers[LONGS * i],
            task[i],
            TaskStatus.fromCode((byte)code(codes, 0)),
            code(codes, 8) < 0 ? null : TaskStatus.fromCode((byte)code(codes, 8)),
            workers[2 * i],
            numbers[LONGS * i + 1],
            Cause.fromCode((byte)code(codes, 16)),
            workers[2 * i + 1],
            code(codes, 24) < 0 ? null : LeaveReason.fromCode((byte)code(codes, 24)),
            code(codes, 32) < 0 ? null : Cause.fromCode((byte)code(codes, 32)));
    }

    /**
     * @return the code at this bit offset, -1 for none.
     */
    private static int code(final long codes, final int shift)
    {
        final int code = (int)(codes >>> shift & NONE);
        return code == NONE ? -1 : code;
    }

    List<Transition> all(final TaskId filter)
    {
        final int n = size();
        final List<Transition> out = new ArrayList<>(null == filter ? n : 16);
        for (int k = 0; k < n; k++)
        {
            final int i = (int)((written - n + k) % capacity);
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
        next = (int)(written % capacity);
        for (final Transition t : kept)
        {
            record(t.time(), t.task(), t.from(), t.to(), t.worker(), t.epoch(), t.cause(), t.causeWorker(),
                t.reason(), t.trigger());
        }
    }
}
