package io.resilientgateways.core;

import io.resilientgateways.core.spi.TaskView;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Mutable state of one task. Kept small: the engine's heap per task is measured by a benchmark.
 * <p>
 * {@code holder} is the worker that has the task (opening, open or closing it); {@code assignee} is where the
 * task belongs in the target assignment: equal to the holder unless a move is under way, the reserved-for
 * worker when RESERVED, null when PENDING or when a closing task has nowhere to go yet.
 */
final class TaskState implements TaskView
{
    private static final VarHandle EIGHT = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    final TaskId id;
    // the first 8 characters of the id, big-endian, zero-padded: orders tasks as their ids do without reading them
    final long prefix;
    // characters 8 to 15 the same way: names such as PARTY-0000042 share their first 8
    final long suffix;
    // the id's length: with the keys, the whole name when it has at most 16 characters (then no name is read)
    final byte length;
    final CapabilitySet requires;
    final int weight;
    TaskStatus status = TaskStatus.PENDING;
    WorkerState holder;
    WorkerState assignee;
    long epoch;
    long since;
    boolean removing;
    boolean stuck;

    static final int NO_SLOT = Integer.MIN_VALUE;

    // the task's index in the task table's dense array: the handle its directives carry and its acks echo
    int handle = -1;

    // where the task sits in its assignee's arrays: >= 0 sorted part, < 0 recent part (see WorkerState)
    int slot = NO_SLOT;
    // links in the holder's list of tasks it is closing for another worker (or for removal)
    TaskState outgoingPrev;
    TaskState outgoingNext;

    TaskState(final TaskId id, final CapabilitySet requires, final int weight)
    {
        this.id = id;
        this.prefix = key(id.name(), 0);
        this.suffix = key(id.name(), 8);
        this.length = (byte)id.name().length();
        this.requires = requires;
        this.weight = weight;
    }

    /**
     * Characters {@code from} to {@code from + 7} of the name, one byte each, big-endian, zero-padded. Names are
     * printable ASCII ({@code '!'} to {@code '~'}: below 0x80, never 0), so comparing the keys as signed longs orders
     * names as {@link String#compareTo} does, and a shorter name, padded with zeros, comes first, as it should.
     */
    static long key(final String name, final int from)
    {
        long key = 0;
        final int n = Math.min(from + 8, name.length());
        for (int i = from; i < n; i++)
        {
            key |= (long)(name.charAt(i) & 0xFF) << (56 - 8 * (i - from));
        }
        return key;
    }

    /**
     * Write the name, one byte per character (names are printable ASCII): from the two keys alone when it has at
     * most 16 characters, so no part of the id is read.
     *
     * @return its length.
     */
    int writeName(final byte[] dst, final int offset)
    {
        if (length > 16)
        {
            return writeName(id.name(), dst, offset);
        }
        int i = 0;
        if (length >= 8)
        {
            EIGHT.set(dst, offset, prefix); // the key is the first 8 bytes, big-endian: one store
            i = 8;
            if (16 == length)
            {
                EIGHT.set(dst, offset + 8, suffix);
                return length;
            }
        }
        for (; i < length; i++)
        {
            dst[offset + i] = (byte)((i < 8 ? prefix : suffix) >>> (56 - 8 * (i & 7)));
        }
        return length;
    }

    static int writeName(final String name, final byte[] dst, final int offset)
    {
        final int length = name.length();
        for (int i = 0; i < length; i++)
        {
            dst[offset + i] = (byte)name.charAt(i);
        }
        return length;
    }

    /**
     * Order by id: by the keys, and by the whole names only when the first 16 characters are equal and one name is
     * longer (two names of at most 16 characters with equal keys are the same name).
     */
    static int compare(final TaskState a, final TaskState b)
    {
        if (a.prefix != b.prefix)
        {
            return a.prefix < b.prefix ? -1 : 1;
        }
        if (a.suffix != b.suffix)
        {
            return a.suffix < b.suffix ? -1 : 1;
        }
        return a.length > 16 || b.length > 16 ? a.id.compareTo(b.id) : 0;
    }

    @Override
    public TaskId id()
    {
        return id;
    }

    @Override
    public CapabilitySet requires()
    {
        return requires;
    }

    @Override
    public int weight()
    {
        return weight;
    }

    @Override
    public TaskStatus status()
    {
        return status;
    }

    @Override
    public WorkerId assignee()
    {
        return null == assignee ? null : assignee.id;
    }

    @Override
    public long epoch()
    {
        return epoch;
    }

    @Override
    public boolean movable()
    {
        return (status == TaskStatus.OPEN || status == TaskStatus.OPENING) && !removing &&
            null != holder && holder.eligible();
    }

    boolean inHandoff()
    {
        return status == TaskStatus.OPENING || status == TaskStatus.CLOSING;
    }

    TaskInfo toInfo()
    {
        return new TaskInfo(id, requires, weight, status, assignee(), epoch, movable());
    }

    Assignment toAssignment()
    {
        return new Assignment(id, status, null == holder ? assignee() : holder.id,
            status == TaskStatus.PENDING ? null : assignee(), epoch, stuck);
    }

    @Override
    public String toString()
    {
        return id + ":" + status + "@" + (null == holder ? "-" : holder.id.name()) + "/e" + epoch;
    }
}
