package io.resilientgateways.aeron.service;

import io.resilientgateways.core.TaskId;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * The engine's task ids, interned and found by the bytes of their names, so an ack finds its {@link TaskId}
 * without decoding a String or building an id. Buckets by a hash of the name's bytes; a bucket is a small array
 * compared byte by byte. Additions and removals copy a bucket (admin path); lookups allocate nothing.
 * <p>
 * Not replicated state: rebuilt from the engine on start, changed only with accepted admin commands, so it is the
 * same on every replica; never iterated.
 */
final class KnownTasks
{

    private final Int2ObjectHashMap<TaskId[]> buckets = new Int2ObjectHashMap<>();

    void add(final TaskId id)
    {
        final String name = id.name();
        final int hash = hash(name);
        final TaskId[] bucket = buckets.get(hash);
        if (null == bucket)
        {
            buckets.put(hash, new TaskId[]{ id });
            return;
        }
        for (final TaskId existing : bucket)
        {
            if (existing.name().equals(name))
            {
                return;
            }
        }
        final TaskId[] grown = java.util.Arrays.copyOf(bucket, bucket.length + 1);
        grown[bucket.length] = id;
        buckets.put(hash, grown);
    }

    void remove(final String name)
    {
        final int hash = hash(name);
        final TaskId[] bucket = buckets.get(hash);
        if (null == bucket)
        {
            return;
        }
        int kept = 0;
        final TaskId[] rest = new TaskId[bucket.length];
        for (final TaskId existing : bucket)
        {
            if (!existing.name().equals(name))
            {
                rest[kept++] = existing;
            }
        }
        if (0 == kept)
        {
            buckets.remove(hash);
        }
        else
        {
            buckets.put(hash, kept == bucket.length ? rest : java.util.Arrays.copyOf(rest, kept));
        }
    }

    void clear()
    {
        buckets.clear();
    }

    /**
     * @return the interned id whose name is exactly these bytes, or null.
     */
    TaskId find(final DirectBuffer buffer, final int offset, final int length)
    {
        int hash = 0;
        for (int i = 0; i < length; i++)
        {
            hash = 31 * hash + (buffer.getByte(offset + i) & 0xFF);
        }
        final TaskId[] bucket = buckets.get(hash);
        if (null == bucket)
        {
            return null;
        }
        for (final TaskId id : bucket)
        {
            if (sameName(id.name(), buffer, offset, length))
            {
                return id;
            }
        }
        return null;
    }

    private static boolean sameName(final String name, final DirectBuffer buffer, final int offset, final int length)
    {
        if (name.length() != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (name.charAt(i) != (buffer.getByte(offset + i) & 0xFF))
            {
                return false;
            }
        }
        return true;
    }

    private static int hash(final String name)
    {
        int hash = 0;
        for (int i = 0, n = name.length(); i < n; i++)
        {
            hash = 31 * hash + (name.charAt(i) & 0xFF);
        }
        return hash;
    }

}
