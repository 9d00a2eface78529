package io.resilientgateways.strategies;

import io.resilientgateways.core.spi.WorkerView;

import java.util.Arrays;

/**
 * The least loaded worker (lowest load, then lowest index) for a run of tasks of weight 1, in O(1) amortised per task
 * instead of a heap's O(log M): the workers are grouped by load. The workers at the lowest load L are taken in index
 * order, each rising to L + 1; once all are taken, the level L + 1 is those (still in index order) merged with the
 * workers that were at L + 1 from the start. So with equal loads it is a round robin over an array. Each answer is
 * the minimum of (load, index) that a heap or a scan finds, as long as every answer is placed on the worker it
 * names; the caller rebuilds it from the loads otherwise.
 */
final class Levels
{
    // the workers not yet reached, by (load, index): load in the high bits, index in the low INDEX_BITS
    private static final int INDEX_BITS = 21;
    private static final long MAX_LOAD = (1L << (63 - INDEX_BITS)) - 1;

    private long[] pending = new long[0];
    private int pendingAt;
    private int pendingCount;
    private int[] level = new int[0];
    private int levelAt;
    private int levelCount;
    private int[] taken = new int[0];
    private int takenCount;
    private long load;

    /**
     * Start from the workers' current loads.
     *
     * @return false if they do not fit (no workers, too many, or loads too high to pack): use a heap then.
     */
    boolean reset(final WorkerView[] workers)
    {
        final int size = workers.length;
        if (0 == size || size >= 1 << INDEX_BITS)
        {
            return false;
        }
        if (pending.length < size)
        {
            pending = new long[size];
            level = new int[size];
            taken = new int[size];
        }
        for (int i = 0; i < size; i++)
        {
            final long load = workers[i].load();
            if (load < 0 || load > MAX_LOAD - Integer.MAX_VALUE)
            {
                return false;
            }
            pending[i] = (load << INDEX_BITS) | i;
        }
        Arrays.sort(pending, 0, size);
        pendingCount = size;
        pendingAt = 0;
        levelAt = 0;
        levelCount = 0;
        takenCount = 0;
        load = pending[0] >>> INDEX_BITS;
        while (pendingAt < pendingCount && pending[pendingAt] >>> INDEX_BITS == load)
        {
            level[levelCount++] = (int)(pending[pendingAt++] & ((1 << INDEX_BITS) - 1));
        }
        return true;
    }

    /**
     * @return the index of the least loaded worker, lowest index on ties; its load rises by one.
     */
    int take()
    {
        if (levelAt == levelCount)
        {
            nextLevel();
        }
        final int worker = level[levelAt++];
        taken[takenCount++] = worker;
        return worker;
    }

    /**
     * Every worker of the level was taken once: the next level is them, merged by index with those already there.
     */
    private void nextLevel()
    {
        load++;
        final int[] from = taken;
        final int fromCount = takenCount;
        final int[] into = level;
        int a = 0;
        int out = 0;
        final int mask = (1 << INDEX_BITS) - 1;
        while (pendingAt < pendingCount && pending[pendingAt] >>> INDEX_BITS == load)
        {
            final int waiting = (int)(pending[pendingAt] & mask);
            while (a < fromCount && from[a] < waiting)
            {
                into[out++] = from[a++];
            }
            into[out++] = waiting;
            pendingAt++;
        }
        while (a < fromCount)
        {
            into[out++] = from[a++];
        }
        levelAt = 0;
        levelCount = out;
        takenCount = 0;
    }
}
