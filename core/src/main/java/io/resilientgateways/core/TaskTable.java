package io.resilientgateways.core;

/**
 * The engine's tasks by id: open addressing with linear probing over one array of the tasks themselves (the key is
 * the task's id), Fibonacci-hashed. Task names are often sequential ({@code PARTY-0001}, {@code PARTY-0002}...), and
 * String hash codes of such names are clustered; a map that masks the low bits of the hash code (Agrona's
 * {@code Object2ObjectHashMap}) then probes long runs on every lookup. Multiplying by the golden ratio and taking the
 * top bits spreads them. One array slot per task (no entry objects), grown by doubling at a load of one half,
 * removal by backward shift (no tombstones).
 * <p>
 * Lookups compare ids by identity first, so an acknowledgement that passes back the engine's own {@link TaskId}
 * costs no string comparison. Iteration order is the table's, never used where order matters: the engine sorts.
 */
final class TaskTable
{
    private static final int GOLDEN = 0x9E3779B9;

    private TaskState[] slots;
    private int shift;
    private int size;

    TaskTable()
    {
        this(16);
    }

    TaskTable(final int expected)
    {
        allocate(capacityFor(expected));
    }

    private static int capacityFor(final int expected)
    {
        final long wanted = Math.max(16L, 2L * expected);
        return (int)Math.min(1L << 30, Long.highestOneBit(wanted - 1) << 1);
    }

    private void allocate(final int capacity)
    {
        slots = new TaskState[capacity];
        shift = 32 - Integer.numberOfTrailingZeros(capacity);
    }

    private int index(final TaskId id)
    {
        return (id.hashCode() * GOLDEN) >>> shift;
    }

    int size()
    {
        return size;
    }

    TaskState get(final TaskId id)
    {
        final TaskState[] slots = this.slots;
        final int mask = slots.length - 1;
        int i = index(id);
        TaskState task;
        while (null != (task = slots[i]))
        {
            final TaskId key = task.id;
            if (key == id || key.equals(id))
            {
                return task;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    boolean containsKey(final TaskId id)
    {
        return null != get(id);
    }

    /**
     * Make room for {@code more} tasks without growing on the way.
     */
    void ensureRoomFor(final int more)
    {
        final long needed = (long)size + more;
        if (needed * 2 > slots.length)
        {
            rehash(capacityFor((int)Math.min(Integer.MAX_VALUE / 2, needed)));
        }
    }

    /**
     * Add a task whose id is not in the table.
     */
    void put(final TaskState task)
    {
        if ((size + 1) * 2 > slots.length)
        {
            rehash(slots.length * 2);
        }
        insert(slots, task);
        size++;
    }

    private void insert(final TaskState[] into, final TaskState task)
    {
        final int mask = into.length - 1;
        int i = (task.id.hashCode() * GOLDEN) >>> shift;
        while (null != into[i])
        {
            i = (i + 1) & mask;
        }
        into[i] = task;
    }

    private void rehash(final int capacity)
    {
        final TaskState[] old = slots;
        allocate(capacity);
        for (final TaskState task : old)
        {
            if (null != task)
            {
                insert(slots, task);
            }
        }
    }

    TaskState remove(final TaskId id)
    {
        final TaskState[] slots = this.slots;
        final int mask = slots.length - 1;
        int i = index(id);
        TaskState task;
        while (null != (task = slots[i]))
        {
            if (task.id == id || task.id.equals(id))
            {
                slots[i] = null;
                size--;
                shiftBack(i);
                return task;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    private void shiftBack(final int removed)
    {
        final TaskState[] slots = this.slots;
        final int mask = slots.length - 1;
        int hole = removed;
        int i = (removed + 1) & mask;
        TaskState task;
        while (null != (task = slots[i]))
        {
            final int home = index(task.id);
            // move it into the hole unless its home lies cyclically in (hole, i]
            if (((i - home) & mask) >= ((i - hole) & mask))
            {
                slots[hole] = task;
                slots[i] = null;
                hole = i;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * Counts the tasks by status, and the stuck ones, without allocating: in no particular order, which a count does
     * not need.
     *
     * @param into {@code into[status.ordinal()]} per status, {@code into[TaskStatus.values().length]} for stuck.
     */
    void countByStatus(final long[] into)
    {
        java.util.Arrays.fill(into, 0);
        final int stuckIndex = into.length - 1;
        for (final TaskState task : slots)
        {
            if (null != task)
            {
                into[task.status.ordinal()]++;
                if (task.stuck)
                {
                    into[stuckIndex]++;
                }
            }
        }
    }

    /**
     * @return every task, in no particular order.
     */
    TaskState[] toArray()
    {
        final TaskState[] out = new TaskState[size];
        int n = 0;
        for (final TaskState task : slots)
        {
            if (null != task)
            {
                out[n++] = task;
            }
        }
        return out;
    }

}
