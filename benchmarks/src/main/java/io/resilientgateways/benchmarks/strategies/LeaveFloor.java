package io.resilientgateways.benchmarks.strategies;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteOrder;

/**
 * A floor, not the engine: what a leave for good and its acknowledgements cost when only the essential per-task work
 * is done, in two layouts. For each of the leaver's N/M tasks (every M-th id, as after an even placement): pick the
 * least-loaded live worker, give the task to it under a new epoch, put it on that worker's list and in a handoff
 * ring, and encode an open directive (kind, session, epoch, handle, the 8-byte name) into a byte buffer; then decode
 * each directive as its acknowledgement, check the name at the handle, the holder, the epoch and the status, and mark
 * the task open. No policy SPI, no history, no validation of inputs beyond that, names of 8 bytes only.
 * <ul>
 *   <li>{@code arrays}: task state in primitive arrays indexed by handle, workers by index.</li>
 *   <li>{@code objects}: one small object per task (allocated in id order) and per worker.</li>
 * </ul>
 * It bounds from below what a rewrite of the engine's layout could reach; compare with {@code EventBenchmark}'s leave
 * (whole event) and {@code PeerEventBenchmark}. Thread CPU time of each leave, median of the last half of the
 * repetitions; the placement is reset, untimed, between two leaves.
 * <pre>
 * java -XX:+UseSerialGC -Xms3g -Xmx3g -cp benchmarks/target/benchmarks.jar \
 *   io.resilientgateways.benchmarks.strategies.LeaveFloor 100000 3 400 arrays
 * </pre>
 */
public final class LeaveFloor
{
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final byte OPENING = 1;
    private static final byte OPEN = 2;
    private static final int DIRECTIVE = 26;

    private LeaveFloor()
    {
    }

    interface Engine
    {
        long leave(int leaver);

        /**
         * Every worker live, task i on worker i % M, all open (untimed, between two leaves).
         */
        void reset();
    }

    // an open directive: kind, session, epoch, handle, name length, the 8-byte name; returns where the next one goes
    static int encode(
        final byte[] wire, final int at, final int session, final long epoch, final int handle, final long name)
    {
        wire[at] = 1;
        INT.set(wire, at + 1, session);
        LONG.set(wire, at + 5, epoch);
        INT.set(wire, at + 13, handle);
        wire[at + 17] = 8;
        LONG.set(wire, at + 18, name);
        return at + DIRECTIVE;
    }

    static long nameKey(final int id)
    {
        final String name = String.format("t%07d", id);
        long key = 0;
        for (int i = 0; i < 8; i++)
        {
            key |= (long)(name.charAt(i) & 0xFF) << (56 - 8 * i);
        }
        return key;
    }

    static final class ArrayLayout implements Engine
    {
        final int n;
        final int m;
        final int[] holder;
        final long[] epoch;
        final byte[] status;
        final long[] since;
        final long[] name;
        final int[][] lists;
        final int[] counts;
        final long[] load;
        final boolean[] live;
        final int[] ring;
        final byte[] wire;
        int ringEnd;
        long epochs;
        long now;

        ArrayLayout(final int n, final int m)
        {
            this.n = n;
            this.m = m;
            holder = new int[n];
            epoch = new long[n];
            status = new byte[n];
            since = new long[n];
            name = new long[n];
            lists = new int[m][n];
            counts = new int[m];
            load = new long[m];
            live = new boolean[m];
            ring = new int[2 * n];
            wire = new byte[n * DIRECTIVE];
            for (int h = 0; h < n; h++)
            {
                name[h] = nameKey(h);
                epoch[h] = ++epochs;
            }
            reset();
        }

        public long leave(final int leaver)
        {
            now++;
            live[leaver] = false;
            final int[] orphans = lists[leaver];
            final int count = counts[leaver];
            counts[leaver] = 0;
            load[leaver] = 0;
            int end = 0;
            for (int i = 0; i < count; i++)
            {
                final int h = orphans[i];
                int best = -1;
                for (int w = 0; w < m; w++)
                {
                    if (live[w] && (best < 0 || load[w] < load[best]))
                    {
                        best = w;
                    }
                }
                holder[h] = best;
                epoch[h] = ++epochs;
                status[h] = OPENING;
                since[h] = now;
                lists[best][counts[best]++] = h;
                load[best]++;
                ring[ringEnd] = h;
                ringEnd = ringEnd + 1 == ring.length ? 0 : ringEnd + 1;
                end = encode(wire, end, best, epoch[h], h, name[h]);
            }
            long accepted = 0;
            for (int at = 0; at < end; at += DIRECTIVE)
            {
                final int sender = (int)INT.get(wire, at + 1);
                final long e = (long)LONG.get(wire, at + 5);
                final int h = (int)INT.get(wire, at + 13);
                final long key = (long)LONG.get(wire, at + 18);
                if (h >= 0 && h < n && name[h] == key && holder[h] == sender && epoch[h] == e &&
                    status[h] == OPENING)
                {
                    status[h] = OPEN;
                    since[h] = now;
                    accepted++;
                }
            }
            return accepted;
        }

        public void reset()
        {
            java.util.Arrays.fill(live, true);
            java.util.Arrays.fill(counts, 0);
            java.util.Arrays.fill(load, 0);
            for (int h = 0; h < n; h++)
            {
                final int w = h % m;
                holder[h] = w;
                status[h] = OPEN;
                lists[w][counts[w]++] = h;
                load[w]++;
            }
        }
    }

    static final class Task
    {
        final long name;
        final int handle;
        Worker holder;
        long epoch;
        byte status;
        long since;

        Task(final long name, final int handle)
        {
            this.name = name;
            this.handle = handle;
        }
    }

    static final class Worker
    {
        final int session;
        final Task[] tasks;
        boolean live = true;
        long load;
        int count;

        Worker(final int session, final int n)
        {
            this.session = session;
            tasks = new Task[n];
        }
    }

    static final class ObjectLayout implements Engine
    {
        final Task[] byHandle;
        final Worker[] workers;
        final Task[] ring;
        final byte[] wire;
        int ringEnd;
        long epochs;
        long now;

        ObjectLayout(final int n, final int m)
        {
            byHandle = new Task[n];
            workers = new Worker[m];
            ring = new Task[2 * n];
            wire = new byte[n * DIRECTIVE];
            for (int w = 0; w < m; w++)
            {
                workers[w] = new Worker(w, n);
            }
            for (int h = 0; h < n; h++)
            {
                byHandle[h] = new Task(nameKey(h), h);
                byHandle[h].epoch = ++epochs;
            }
            reset();
        }

        public long leave(final int leaver)
        {
            now++;
            final Worker gone = workers[leaver];
            gone.live = false;
            final Task[] orphans = gone.tasks;
            final int count = gone.count;
            gone.count = 0;
            gone.load = 0;
            int end = 0;
            for (int i = 0; i < count; i++)
            {
                final Task t = orphans[i];
                Worker best = null;
                for (final Worker w : workers)
                {
                    if (w.live && (null == best || w.load < best.load))
                    {
                        best = w;
                    }
                }
                t.holder = best;
                t.epoch = ++epochs;
                t.status = OPENING;
                t.since = now;
                best.tasks[best.count++] = t;
                best.load++;
                ring[ringEnd] = t;
                ringEnd = ringEnd + 1 == ring.length ? 0 : ringEnd + 1;
                end = encode(wire, end, best.session, t.epoch, t.handle, t.name);
            }
            long accepted = 0;
            for (int at = 0; at < end; at += DIRECTIVE)
            {
                final int sender = (int)INT.get(wire, at + 1);
                final long e = (long)LONG.get(wire, at + 5);
                final int h = (int)INT.get(wire, at + 13);
                final long key = (long)LONG.get(wire, at + 18);
                if (h >= 0 && h < byHandle.length)
                {
                    final Task t = byHandle[h];
                    if (t.name == key && t.holder.session == sender && t.epoch == e && t.status == OPENING)
                    {
                        t.status = OPEN;
                        t.since = now;
                        accepted++;
                    }
                }
            }
            return accepted;
        }

        public void reset()
        {
            for (final Worker w : workers)
            {
                w.live = true;
                w.count = 0;
                w.load = 0;
            }
            for (final Task t : byHandle)
            {
                final Worker w = workers[t.handle % workers.length];
                t.holder = w;
                t.status = OPEN;
                w.tasks[w.count++] = t;
                w.load++;
            }
        }
    }

    /**
     * @param args N, M, repetitions, {@code arrays} or {@code objects}.
     */
    public static void main(final String[] args)
    {
        final int n = Integer.parseInt(args[0]);
        final int m = Integer.parseInt(args[1]);
        final int reps = Integer.parseInt(args[2]);
        final boolean objects = "objects".equals(args[3]);
        final Engine engine = objects ? new ObjectLayout(n, m) : new ArrayLayout(n, m);
        final ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        final long[] cpu = new long[reps];
        long accepted = 0;
        for (int r = 0; r < reps; r++)
        {
            final long start = bean.getCurrentThreadCpuTime();
            accepted += engine.leave(m / 2);
            cpu[r] = bean.getCurrentThreadCpuTime() - start;
            engine.reset();
        }
        java.util.Arrays.sort(cpu, reps / 2, reps);
        final long median = cpu[reps / 2 + reps / 4];
        System.out.printf("N=%d M=%d leave + acks, %s: median CPU of the last %d = %.3f ms, %.1f ns per orphan " +
            "(%d acks accepted in all)%n", n, m, objects ? "objects" : "arrays", reps - reps / 2, median / 1e6,
            median / (double)(n / m), accepted);
    }
}
