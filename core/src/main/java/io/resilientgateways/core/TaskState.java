package io.resilientgateways.core;

import io.resilientgateways.core.spi.TaskView;

/**
 * Mutable state of one task. Kept small: the engine's heap per task is measured by a benchmark.
 * <p>
 * {@code holder} is the worker that has the task (opening, open or closing it); {@code assignee} is where the
 * task belongs in the target assignment: equal to the holder unless a move is under way, the reserved-for
 * worker when RESERVED, null when PENDING or when a closing task has nowhere to go yet.
 */
final class TaskState implements TaskView
{
    final TaskId id;
    // the first 8 characters of the id, big-endian, zero-padded: orders tasks as their ids do without reading them
    final long prefix;
    // the id's length: with the prefix, the whole name when it has at most 8 characters (TaskTable compares no name)
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
    // links in the handoff tracker's list of tasks waiting for an acknowledgement, in the order they entered it
    TaskState handoffPrev;
    TaskState handoffNext;
    boolean inHandoffList;

    TaskState(final TaskId id, final CapabilitySet requires, final int weight)
    {
        this.id = id;
        this.prefix = prefix(id.name());
        this.length = (byte)id.name().length();
        this.requires = requires;
        this.weight = weight;
    }

    /**
     * Names are printable ASCII (one byte per char, below 0x80), so comparing these prefixes as signed longs orders
     * them as {@link String#compareTo} orders the names; a shorter name padded with zeros comes first, as it should.
     */
    static long prefix(final String name)
    {
        long key = 0;
        final int n = Math.min(8, name.length());
        for (int i = 0; i < n; i++)
        {
            key |= (long)(name.charAt(i) & 0xFF) << (56 - 8 * i);
        }
        return key;
    }

    /**
     * Write the name, one byte per character (names are printable ASCII): from the order key alone when it has at
     * most 8 characters, so no part of the id is read.
     *
     * @return its length.
     */
    int writeName(final byte[] dst, final int offset)
    {
        if (length > 8)
        {
            return writeName(id.name(), dst, offset);
        }
        for (int i = 0; i < length; i++)
        {
            dst[offset + i] = (byte)(prefix >>> (56 - 8 * i));
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
     * Order by id: by the prefixes, and by the whole names only when the first 8 characters are equal.
     */
    static int compare(final TaskState a, final TaskState b)
    {
        if (a.prefix != b.prefix)
        {
            return a.prefix < b.prefix ? -1 : 1;
        }
        return a.id.compareTo(b.id);
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
