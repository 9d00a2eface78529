package io.resilientgateways.core;

import java.util.Arrays;

/**
 * Sorts tasks by id as {@link EngineState#BY_ID} does, on their two 8-character keys copied into primitive arrays:
 * each task is read once, and the merges read no task object (and call no comparator) unless the first 16 characters
 * of two names are equal. Natural merge sort: the ascending runs already in the input (a donor's tasks, a leaver's orphans) are
 * found first and merged pairwise, so input made of a few sorted runs costs a few linear passes. Stable. One
 * instance serves the whole engine and reuses its buffers; they hold no task between calls.
 */
final class IdOrder
{
    private long[] keys = new long[0];
    private long[] keysOut = new long[0];
    private long[] suffixes = new long[0];
    private long[] suffixesOut = new long[0];
    private TaskState[] tasksIn = new TaskState[0];
    private TaskState[] tasksOut = new TaskState[0];
    private int[] runs = new int[0];

    /**
     * Sort {@code tasks[0, n)} by id.
     */
    void sort(final TaskState[] tasks, final int n)
    {
        sort(tasks, 0, n);
    }

    /**
     * Sort {@code tasks[from, to)} by id.
     */
    void sort(final TaskState[] tasks, final int from, final int to)
    {
        final int n = to - from;
        if (n < 2)
        {
            return;
        }
        if (keys.length < n)
        {
            final int size = Math.max(n, 2 * keys.length);
            keys = new long[size];
            keysOut = new long[size];
            suffixes = new long[size];
            suffixesOut = new long[size];
            tasksIn = new TaskState[size];
            tasksOut = new TaskState[size];
            runs = new int[size + 1];
        }
        long[] k = keys;
        long[] x = suffixes;
        TaskState[] t = tasksIn;
        System.arraycopy(tasks, from, t, 0, n);
        for (int i = 0; i < n; i++)
        {
            k[i] = t[i].prefix;
            x[i] = t[i].suffix;
        }
        // run boundaries: runs[0] = 0 < runs[1] < ... < runs[count] = n
        int count = 0;
        for (int i = 1; i < n; i++)
        {
            if (less(k, x, t, i, i - 1))
            {
                runs[++count] = i;
            }
        }
        runs[++count] = n;
        long[] kOut = keysOut;
        long[] xOut = suffixesOut;
        TaskState[] tOut = tasksOut;
        while (count > 1)
        {
            int merged = 0;
            for (int r = 0; r < count; r += 2)
            {
                final int start = runs[r];
                final int mid = runs[r + 1];
                final int end = r + 2 <= count ? runs[r + 2] : mid;
                merge(k, x, t, kOut, xOut, tOut, start, mid, end);
                runs[merged++] = start;
            }
            runs[merged] = n;
            count = merged;
            final long[] kSwap = k;
            k = kOut;
            kOut = kSwap;
            final long[] xSwap = x;
            x = xOut;
            xOut = xSwap;
            final TaskState[] tSwap = t;
            t = tOut;
            tOut = tSwap;
        }
        System.arraycopy(t, 0, tasks, from, n);
        Arrays.fill(tasksIn, 0, n, null); // keep no task alive in the buffers
        Arrays.fill(tasksOut, 0, n, null);
    }

    private static void merge(
        final long[] k, final long[] x, final TaskState[] t, final long[] kOut, final long[] xOut,
        final TaskState[] tOut, final int start, final int mid, final int end)
    {
        int a = start;
        int b = mid;
        int o = start;
        while (a < mid && b < end)
        {
            if (less(k, x, t, b, a))
            {
                kOut[o] = k[b];
                xOut[o] = x[b];
                tOut[o++] = t[b++];
            }
            else
            {
                kOut[o] = k[a];
                xOut[o] = x[a];
                tOut[o++] = t[a++];
            }
        }
        while (a < mid)
        {
            kOut[o] = k[a];
            xOut[o] = x[a];
            tOut[o++] = t[a++];
        }
        while (b < end)
        {
            kOut[o] = k[b];
            xOut[o] = x[b];
            tOut[o++] = t[b++];
        }
    }

    private static boolean less(final long[] k, final long[] x, final TaskState[] t, final int i, final int j)
    {
        final long ki = k[i];
        final long kj = k[j];
        if (ki != kj)
        {
            return ki < kj;
        }
        final long xi = x[i];
        final long xj = x[j];
        return xi != xj ? xi < xj : TaskState.compare(t[i], t[j]) < 0;
    }
}
