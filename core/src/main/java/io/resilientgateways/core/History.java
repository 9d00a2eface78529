package io.resilientgateways.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Bounded ring of transitions in log order. Slots are preallocated and overwritten, so recording allocates nothing.
 * Enums are kept by their stable codes.
 * <p>
 * An entry is three longs side by side (time, epoch, and the five codes packed into one) and three references side by
 * side (task, worker, cause worker): a record writes two places, not ten parallel arrays. A batch that is about to
 * record more entries than the ring holds in one input skips the ones its own later entries would overwrite before
 * anyone could read them ({@link #keepLastOf}): they are counted, not written.
 */
final class History
{
    private static final int FROM = 0;
    private static final int TO = 8;
    private static final int CAUSE = 16;
    private static final int REASON = 24;
    private static final int TRIGGER = 32;

    private final int capacity;
    // [3i] time, [3i + 1] epoch, [3i + 2] codes: from, to, cause, reason, trigger, a byte each (-1: none)
    private final long[] numbers;
    // [3i] task, [3i + 1] worker, [3i + 2] cause worker
    private final Object[] ids;
    private long written;
    private int next; // written % capacity, kept apart so recording does no 64-bit division
    private long skipping;

    History(final int capacity)
    {
        this.capacity = capacity;
        numbers = new long[3 * capacity];
        ids = new Object[3 * capacity];
    }

    long written()
    {
        return written;
    }

    int size()
    {
        return (int)Math.min(written, capacity);
    }

    /**
     * Of the next {@code entries} entries (all recorded in one input), write only the last {@link #capacity}: the
     * earlier ones are counted but not kept, as writing them all would end with the same ring.
     */
    void keepLastOf(final long entries)
    {
        skipping = Math.max(0, entries - capacity);
    }

    /**
     * Stop skipping (the end of the batch that asked for it, whatever happened in it).
     */
    void endSkip()
    {
        skipping = 0;
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
        if (0 == skipping)
        {
            final int at = 3 * i;
            final long[] numbers = this.numbers;
            numbers[at] = now;
            numbers[at + 1] = taskEpoch;
            numbers[at + 2] = code(fromStatus.code(), FROM) |
                code(null == toStatus ? -1 : toStatus.code(), TO) |
                code(why.code(), CAUSE) |
                code(null == leaveReason ? -1 : leaveReason.code(), REASON) |
                code(null == triggeredBy ? -1 : triggeredBy.code(), TRIGGER);
            final Object[] ids = this.ids;
            ids[at] = taskId;
            ids[at + 1] = owner;
            ids[at + 2] = whose;
        }
        else
        {
            skipping--;
        }
        written++;
        next = i + 1 == capacity ? 0 : i + 1;
    }

    private static long code(final int code, final int shift)
    {
        return (long)(code & 0xFF) << shift;
    }

    private static byte code(final long codes, final int shift)
    {
        return (byte)(codes >>> shift);
    }

    /**
     * @param k 0 for the oldest kept entry.
     */
    Transition get(final int k)
    {
        final int at = 3 * (int)((written - size() + k) % capacity);
        final long codes = numbers[at + 2];
        final byte to = code(codes, TO);
        final byte reason = code(codes, REASON);
        final byte trigger = code(codes, TRIGGER);
        return new Transition(
            numbers[at],
            (TaskId)ids[at],
            TaskStatus.fromCode(code(codes, FROM)),
            to < 0 ? null : TaskStatus.fromCode(to),
            (WorkerId)ids[at + 1],
            numbers[at + 1],
            Cause.fromCode(code(codes, CAUSE)),
            (WorkerId)ids[at + 2],
            reason < 0 ? null : LeaveReason.fromCode(reason),
            trigger < 0 ? null : Cause.fromCode(trigger));
    }

    List<Transition> all(final TaskId filter)
    {
        final int n = size();
        final List<Transition> out = new ArrayList<>(null == filter ? n : 16);
        for (int k = 0; k < n; k++)
        {
            final int i = (int)((written - n + k) % capacity);
            if (null == filter || filter.equals(ids[3 * i]))
            {
                out.add(get(k));
            }
        }
        return out;
    }

    void restore(final long totalWritten, final List<Transition> kept)
    {
        skipping = 0;
        written = totalWritten - kept.size();
        next = (int)(written % capacity);
        for (final Transition t : kept)
        {
            record(t.time(), t.task(), t.from(), t.to(), t.worker(), t.epoch(), t.cause(), t.causeWorker(),
                t.reason(), t.trigger());
        }
    }
}
