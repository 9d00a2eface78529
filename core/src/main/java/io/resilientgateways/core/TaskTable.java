package io.resilientgateways.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collection;

/**
 * The engine's tasks by id, laid out for the acknowledgement path, where every lookup is a likely cache miss:
 * <ul>
 *   <li>the tasks in one dense array ({@code byIndex}, indices 0..size-1, a removal moves the last task into the
 *   hole);</li>
 *   <li>an open-addressing index over it, one {@code long} per slot: the id's hash code in the high half and the
 *   task's index + 1 in the low half (0 is an empty slot), linear probing, Fibonacci-hashed (sequential names such as
 *   {@code PARTY-0001} have clustered String hash codes), grown by doubling at a load of 0.8, removal by backward
 *   shift (no tombstones). A probe reads this one array, no task and no name, until the hash codes match; then one
 *   task, and for names of up to 16 characters no name: the task's two 8-byte keys and length are the name.</li>
 * </ul>
 * A name's bytes (the adapter's wire form) are looked up without building a String: ids are printable ASCII, whose
 * String hash code is the same polynomial over the bytes. The task found that way is remembered, so the input that
 * follows with its id ({@link #get(TaskId)} by reference) costs no second probe. Iteration order is the table's,
 * never used where order matters: the engine sorts.
 */
final class TaskTable
{
    private static final int GOLDEN = 0x9E3779B9;
    private static final long LOW = 0xFFFF_FFFFL;
    private static final VarHandle EIGHT = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    // a batch this large goes into the index sorted by home slot (smaller ones one by one)
    private static final int SORTED_BATCH = 1024;

    private long[] keys;
    private int shift;
    private int limit;
    private TaskState[] byIndex;
    private int size;
    // the task the last find() answered: the acknowledgement that follows passes its id
    private TaskState recent;

    TaskTable()
    {
        this(16);
    }

    TaskTable(final int expected)
    {
        allocate(capacityFor(expected));
        byIndex = new TaskState[Math.max(16, expected)];
    }

    private static int capacityFor(final int expected)
    {
        final long wanted = Math.max(16L, (5L * expected + 3) / 4);
        return (int)Math.min(1L << 30, Long.highestOneBit(wanted - 1) << 1);
    }

    private void allocate(final int capacity)
    {
        keys = new long[capacity];
        shift = 32 - Integer.numberOfTrailingZeros(capacity);
        limit = (int)(capacity * 4L / 5);
    }

    private int home(final int hash)
    {
        return (hash * GOLDEN) >>> shift;
    }

    int size()
    {
        return size;
    }

    TaskState get(final TaskId id)
    {
        final TaskState hint = recent;
        if (null != hint && hint.id == id)
        {
            return hint;
        }
        final long[] keys = this.keys;
        final int mask = keys.length - 1;
        final int hash = id.hashCode();
        int i = home(hash);
        long key;
        while (0 != (key = keys[i]))
        {
            if ((int)(key >>> 32) == hash)
            {
                final TaskState task = byIndex[(int)(key & LOW) - 1];
                if (task.id == id || task.id.equals(id))
                {
                    return task;
                }
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /**
     * @return the task whose name is exactly these bytes (one per character), or null; allocates nothing.
     */
    TaskState find(final byte[] name, final int offset, final int length)
    {
        int hash = 0;
        for (int i = 0; i < length; i++)
        {
            hash = 31 * hash + (name[offset + i] & 0xFF);
        }
        final long prefix = key(name, offset, length, 0);
        final long suffix = key(name, offset, length, 8);
        final long[] keys = this.keys;
        final int mask = keys.length - 1;
        int i = home(hash);
        long key;
        while (0 != (key = keys[i]))
        {
            if ((int)(key >>> 32) == hash)
            {
                final TaskState task = byIndex[(int)(key & LOW) - 1];
                if (isNamed(task, name, offset, length, prefix, suffix))
                {
                    recent = task;
                    return task;
                }
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /**
     * The task at {@code handle} if its name is exactly these bytes, else the one {@link #find} answers: a handle is
     * a hint (from a directive, echoed in an ack), never trusted. The check reads only the task (its keys and length;
     * the name itself only past 16 characters), so a right handle costs no probe of the index.
     */
    TaskState find(final int handle, final byte[] name, final int offset, final int length)
    {
        if (handle >= 0 && handle < size && length > 0)
        {
            final TaskState task = byIndex[handle];
            if (isNamed(task, name, offset, length, key(name, offset, length, 0), key(name, offset, length, 8)))
            {
                recent = task;
                return task;
            }
        }
        return find(name, offset, length);
    }

    private static boolean isNamed(
        final TaskState task, final byte[] name, final int offset, final int length, final long prefix, final long suffix)
    {
        return task.prefix == prefix && task.suffix == suffix && task.length == length &&
            (length <= 16 || sameTail(task.id.name(), name, offset, length));
    }

    /**
     * The name's characters {@code from} to {@code from + 7} as {@link TaskState#key} makes them.
     */
    private static long key(final byte[] name, final int offset, final int length, final int from)
    {
        if (length >= from + 8)
        {
            return (long)EIGHT.get(name, offset + from); // one load: 8 bytes, big-endian, as the key
        }
        long key = 0;
        for (int i = from; i < length; i++)
        {
            key |= (long)(name[offset + i] & 0xFF) << (56 - 8 * (i - from));
        }
        return key;
    }

    private static boolean sameTail(final String id, final byte[] name, final int offset, final int length)
    {
        for (int i = 16; i < length; i++)
        {
            if (id.charAt(i) != (name[offset + i] & 0xFF))
            {
                return false;
            }
        }
        return true;
    }

    /** @return the task at this handle if it has this id (by reference), else null; reads no id. */
    TaskState at(final int handle, final TaskId id)
    {
        final TaskState task = handle >= 0 && handle < size ? byIndex[handle] : null;
        return null != task && task.id == id ? task : null;
    }

    /**
     * Make room for {@code more} tasks without growing on the way.
     */
    void ensureRoomFor(final int more)
    {
        final long needed = (long)size + more;
        if (needed > limit)
        {
            rehash(capacityFor((int)Math.min(Integer.MAX_VALUE / 2, needed)));
        }
        if (needed > byIndex.length)
        {
            // at least doubled, as putIfAbsent grows it: a run of small batches copies it O(log n) times, not once each
            final long grown = Math.max(needed, 2L * byIndex.length);
            byIndex = Arrays.copyOf(byIndex, (int)Math.min(Integer.MAX_VALUE - 8, grown));
        }
    }

    /**
     * Add the task unless one with its id is there, in one probe.
     *
     * @return null if added, else the task already there (nothing changed).
     */
    TaskState putIfAbsent(final TaskState task)
    {
        if (size + 1 > limit)
        {
            rehash(keys.length * 2);
        }
        final TaskId id = task.id;
        final long[] keys = this.keys;
        final int mask = keys.length - 1;
        final int hash = id.hashCode();
        int i = home(hash);
        long key;
        while (0 != (key = keys[i]))
        {
            if ((int)(key >>> 32) == hash)
            {
                final TaskState existing = byIndex[(int)(key & LOW) - 1];
                if (existing.id == id || existing.id.equals(id))
                {
                    return existing;
                }
            }
            i = (i + 1) & mask;
        }
        if (size == byIndex.length)
        {
            byIndex = Arrays.copyOf(byIndex, Math.max(16, size * 2));
        }
        byIndex[size] = task;
        task.handle = size;
        keys[i] = ((long)hash << 32) | (size + 1L);
        size++;
        return null;
    }

    /**
     * Build the batch's task states and add them, numbered (handles) from {@code size()} in the given order. A large
     * batch's keys go in by home slot (a counting sort by its high bits): one walk over the index instead of a cache
     * miss per task. Linear probing puts a key wherever earlier keys leave room, so another order of insertion gives
     * another layout of the same keys, and the same answers.
     *
     * @param tasks filled with the batch's task states in order (when refused: at least up to the first duplicate).
     * @return true if all were added; false if an id is in the table or twice in the batch (nothing changed).
     */
    boolean putAllAbsent(final Collection<TaskSpec> specs, final TaskState[] tasks)
    {
        final int count = specs.size();
        ensureRoomFor(count);
        final int base = size;
        final boolean sorted = count >= SORTED_BATCH;
        final long[] keys = this.keys;
        final int bucketShift = Math.max(0, Integer.numberOfTrailingZeros(keys.length) - 12);
        final int[] hashes = sorted ? new int[count] : null;
        final int[] start = sorted ? new int[(keys.length >>> bucketShift) + 1] : null;
        int j = 0;
        for (final TaskSpec spec : specs)
        {
            // each task state is built, numbered and hashed in one visit
            final TaskState task = new TaskState(spec.id(), spec.requires(), spec.weight());
            tasks[j] = task;
            if (!sorted)
            {
                if (null != putIfAbsent(task))
                {
                    while (--j >= 0)
                    {
                        remove(tasks[j].id); // the last one first: no task moves to fill its index
                    }
                    return false;
                }
            }
            else
            {
                task.handle = base + j;
                final int hash = spec.id().hashCode();
                hashes[j] = hash;
                start[(home(hash) >>> bucketShift) + 1]++;
            }
            j++;
        }
        if (!sorted)
        {
            return true;
        }
        final int mask = keys.length - 1;
        for (int b = 1; b < start.length; b++)
        {
            start[b] += start[b - 1];
        }
        final long[] order = new long[count]; // the keys to insert, by home slot: read in order, no lookup aside
        for (j = 0; j < count; j++)
        {
            order[start[home(hashes[j]) >>> bucketShift]++] = ((long)hashes[j] << 32) | (base + j + 1L);
        }
        final TaskState[] byIndex = this.byIndex;
        System.arraycopy(tasks, 0, byIndex, base, count);
        for (int k = 0; k < count; k++)
        {
            final long added = order[k];
            final int hash = (int)(added >>> 32);
            int i = home(hash);
            long key;
            while (0 != (key = keys[i]))
            {
                if ((int)(key >>> 32) == hash) // only then read the tasks (in this order, each a likely cache miss)
                {
                    final TaskId id = byIndex[(int)(added & LOW) - 1].id;
                    final TaskId other = byIndex[(int)(key & LOW) - 1].id;
                    if (other == id || other.equals(id))
                    {
                        undo(order, base, k);
                        return false;
                    }
                }
                i = (i + 1) & mask;
            }
            keys[i] = added;
        }
        size = base + count;
        return true;
    }

    // take out a batch's first keys, the last first: none moves another key, so the index is as before the batch
    private void undo(final long[] order, final int base, final int inserted)
    {
        final long[] keys = this.keys;
        final int mask = keys.length - 1;
        for (int k = inserted - 1; k >= 0; k--)
        {
            int i = home((int)(order[k] >>> 32));
            while (keys[i] != order[k])
            {
                i = (i + 1) & mask;
            }
            keys[i] = 0;
            shiftBack(i);
        }
        for (int k = 0; k < order.length; k++)
        {
            byIndex[base + k].handle = -1;
        }
        Arrays.fill(byIndex, base, base + order.length, null);
    }

    /**
     * Add a task whose id is not in the table.
     */
    void put(final TaskState task)
    {
        putIfAbsent(task);
    }

    private void insert(final int hash, final int index)
    {
        final long[] keys = this.keys;
        final int mask = keys.length - 1;
        int i = home(hash);
        while (0 != keys[i])
        {
            i = (i + 1) & mask;
        }
        keys[i] = ((long)hash << 32) | (index + 1L);
    }

    private void rehash(final int capacity)
    {
        final long[] old = keys;
        allocate(capacity);
        for (final long key : old)
        {
            if (0 != key)
            {
                insert((int)(key >>> 32), (int)(key & LOW) - 1);
            }
        }
    }

    TaskState remove(final TaskId id)
    {
        final long[] keys = this.keys;
        final int mask = keys.length - 1;
        final int hash = id.hashCode();
        int i = home(hash);
        long key;
        while (0 != (key = keys[i]))
        {
            if ((int)(key >>> 32) == hash)
            {
                final int index = (int)(key & LOW) - 1;
                final TaskState task = byIndex[index];
                if (task.id == id || task.id.equals(id))
                {
                    keys[i] = 0;
                    shiftBack(i);
                    fillHole(index);
                    task.handle = -1;
                    if (recent == task)
                    {
                        recent = null;
                    }
                    return task;
                }
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /**
     * Move the last task into the removed one's index, and point its key there.
     */
    private void fillHole(final int index)
    {
        final int last = --size;
        final TaskState moved = byIndex[last];
        byIndex[last] = null;
        if (index == last)
        {
            return;
        }
        byIndex[index] = moved;
        moved.handle = index;
        final long[] keys = this.keys;
        final int mask = keys.length - 1;
        final int hash = moved.id.hashCode();
        final long was = ((long)hash << 32) | (last + 1L);
        int i = home(hash);
        while (keys[i] != was)
        {
            i = (i + 1) & mask;
        }
        keys[i] = ((long)hash << 32) | (index + 1L);
    }

    private void shiftBack(final int removed)
    {
        final long[] keys = this.keys;
        final int mask = keys.length - 1;
        int hole = removed;
        int i = (removed + 1) & mask;
        long key;
        while (0 != (key = keys[i]))
        {
            final int home = home((int)(key >>> 32));
            // move it into the hole unless its home lies cyclically in (hole, i]
            if (((i - home) & mask) >= ((i - hole) & mask))
            {
                keys[hole] = key;
                keys[i] = 0;
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
        Arrays.fill(into, 0);
        final int stuckIndex = into.length - 1;
        for (int i = 0; i < size; i++)
        {
            final TaskState task = byIndex[i];
            into[task.status.ordinal()]++;
            if (task.stuck)
            {
                into[stuckIndex]++;
            }
        }
    }

    /** @return every task, in no particular order. */
    TaskState[] toArray()
    {
        return Arrays.copyOf(byIndex, size);
    }
}
