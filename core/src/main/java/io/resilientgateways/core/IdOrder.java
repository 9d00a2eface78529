package io.resilientgateways.core;

import java.util.Arrays;

/**
 * Sorts tasks by id as {@link EngineState#BY_ID} does, on their 8-character prefixes copied into a primitive array:
 * the merge reads no task object (and calls no comparator) unless two prefixes are equal. Natural merge sort: the
 * ascending runs already in the input (a donor's tasks, a leaver's orphans) are found first and merged pairwise, so
 * input made of a few sorted runs costs a few linear passes. Stable. Reuses its buffers between calls.
 */
final class IdOrder
{
    private long[] keys = new long[0];
    private long[] keysOut = new long[0];
    private TaskState[] tasksOut = new TaskState[0];
    private int[] runs = new int[0];

    /**
     * Sort {@code tasks[0, n)} by id.
     */
    void sort(final TaskState[] tasks, final int n)
    {
        if (n < 2)
        {
            return;
        }
        if (keys.length < n)
        {
            final int size = Math.max(n, 2 * keys.length);
            keys = new long[size];
            keysOut = new long[size];
            tasksOut = new TaskState[size];
            runs = new int[size + 1];
        }
        long[] k = keys;
        TaskState[] t = tasks;
        for (int i = 0; i < n; i++)
        {
            k[i] = t[i].prefix;
        }
        // run boundaries: runs[0] = 0 < runs[1] < ... < runs[count] = n
        int count = 0;
        runs[0] = 0;
        for (int i = 1; i < n; i++)
        {
            if (less(k, t, i, i - 1))
            {
                runs[++count] = i;
            }
        }
        runs[++count] = n;
        if (1 == count)
        {
            return;
        }
        long[] kOut = keysOut;
        TaskState[] tOut = tasksOut;
        while (count > 1)
        {
            int merged = 0;
            for (int r = 0; r < count; r += 2)
            {
                final int from = runs[r];
                final int mid = runs[r + 1];
                final int to = r + 2 <= count ? runs[r + 2] : mid;
                merge(k, t, kOut, tOut, from, mid, to);
                runs[merged++] = from;
            }
            runs[merged] = n;
            count = merged;
            final long[] kSwap = k;
            k = kOut;
            kOut = kSwap;
            final TaskState[] tSwap = t;
            t = tOut;
            tOut = tSwap;
        }
        if (t != tasks)
        {
            System.arraycopy(t, 0, tasks, 0, n);
        }
        Arrays.fill(t == tasks ? tOut : t, 0, n, null); // keep no task alive in the spare buffer
    }

    private static void merge(
        final long[] k, final TaskState[] t, final long[] kOut, final TaskState[] tOut,
        final int from, final int mid, final int to)
    {
        int a = from;
        int b = mid;
        int o = from;
        while (a < mid && b < to)
        {
            if (less(k, t, b, a))
            {
                kOut[o] = k[b];
                tOut[o++] = t[b++];
            }
            else
            {
                kOut[o] = k[a];
                tOut[o++] = t[a++];
            }
        }
        while (a < mid)
        {
            kOut[o] = k[a];
            tOut[o++] = t[a++];
        }
        while (b < to)
        {
            kOut[o] = k[b];
            tOut[o++] = t[b++];
        }
    }

    private static boolean less(final long[] k, final TaskState[] t, final int i, final int j)
    {
        final long ki = k[i];
        final long kj = k[j];
        return ki != kj ? ki < kj : t[i].id.compareTo(t[j].id) < 0;
    }
}
