package io.resilientgateways.benchmarks.strategies;

import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.strategies.Strategies;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Bytes allocated per moved task by the events of {@link EventBenchmark} and by {@code UniformAssignor} on the same
 * changes, counted by the JVM's per-thread allocation counter around exactly the timed code (JMH's {@code -prof gc}
 * divides by operations that, for single-shot benchmarks, include the untimed setup, which builds a 100,000-task
 * engine). Each figure is the median of several repetitions after a warm-up, so that it is the compiled code's.
 * <pre>
 * java -XX:+UseSerialGC -Xmx3g -cp benchmarks/target/benchmarks.jar \
 *     io.resilientgateways.benchmarks.strategies.EventAllocation 100000:3,100000:10,100000:100
 * </pre>
 */
public final class EventAllocation
{
    private static final int REPEATS = 5;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private EventAllocation()
    {
    }

    public static void main(final String[] args)
    {
        final String cells = args.length > 0 ? args[0] : "100000:3,100000:10,100000:100";
        System.out.println("| N | M | event | moved | ours: input (B/moved task) | ours: with handoff (B/moved task) |" +
            " uniform: assign (B/moved task) |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (final String cell : cells.split(","))
        {
            final String[] parts = cell.split(":");
            final int n = Integer.parseInt(parts[0]);
            final int m = Integer.parseInt(parts[1]);
            report(n, m);
        }
    }

    private static void report(final int n, final int m)
    {
        final ChurnPlan plan = new ChurnPlan(m);
        final String[] start = new EngineDriver(Strategies.sticky()).start(m, n).owners();
        for (final String event : List.of("leave", "join"))
        {
            for (final boolean steady : new boolean[]{ false, true })
            {
                final long[] input = new long[REPEATS];
                final long[] handoff = new long[REPEATS];
                long moved = 0;
                EngineDriver driver = null;
                for (int r = 0; r < REPEATS; r++)
                {
                    if (!steady || null == driver)
                    {
                        driver = null;
                        driver = new EngineDriver(Strategies.sticky()).start(m, n);
                        if (steady)
                        {
                            plan.run(driver);
                        }
                    }
                    if (steady)
                    {
                        driver.restore(m, plan.pool);
                    }
                    System.gc();
                    final long directives = driver.opens + driver.closes;
                    final long a0 = THREADS.getCurrentThreadAllocatedBytes();
                    if (event.equals("leave"))
                    {
                        driver.leave(m / 2);
                    }
                    else
                    {
                        driver.join(m);
                    }
                    final long a1 = THREADS.getCurrentThreadAllocatedBytes();
                    driver.settle();
                    final long a2 = THREADS.getCurrentThreadAllocatedBytes();
                    moved = driver.opens + driver.closes - directives;
                    if (event.equals("join"))
                    {
                        moved /= 2; // a close and an open per moved task
                    }
                    input[r] = a1 - a0;
                    handoff[r] = a2 - a0;
                }
                final List<String> members = KafkaPeers.members(m + (event.equals("join") ? 1 : 0));
                if (event.equals("leave"))
                {
                    members.remove(m / 2);
                }
                final long[] peer = new long[REPEATS];
                for (int r = 0; r < REPEATS; r++)
                {
                    final Supplier<Object> call = KafkaPeers.create("uniform").prepare(members, start);
                    System.gc();
                    final long a0 = THREADS.getCurrentThreadAllocatedBytes();
                    final Object result = call.get();
                    peer[r] = THREADS.getCurrentThreadAllocatedBytes() - a0 + (null == result ? 1 : 0);
                }
                final String[] after = KafkaPeers.create("uniform").assign(members, start);
                long peerMoved = 0;
                for (int p = 0; p < n; p++)
                {
                    peerMoved += start[p].equals(after[p]) ? 0 : 1;
                }
                System.out.printf("| %d | %d | %s (%s) | %d (uniform %d) | %.0f | %.0f | %.0f |%n",
                    n, m, event, steady ? "steady" : "first", moved, peerMoved,
                    median(input) / (double)Math.max(1, moved), median(handoff) / (double)Math.max(1, moved),
                    median(peer) / (double)Math.max(1, peerMoved));
            }
        }
        final TaskSpec[] specs = EngineDriver.taskSpecs(n);
        final long[] input = new long[REPEATS];
        final long[] handoff = new long[REPEATS];
        for (int r = 0; r < REPEATS; r++)
        {
            EngineDriver driver = null;
            driver = new EngineDriver(Strategies.sticky()).start(m, 0);
            System.gc();
            final long a0 = THREADS.getCurrentThreadAllocatedBytes();
            driver.add(specs);
            final long a1 = THREADS.getCurrentThreadAllocatedBytes();
            driver.settle();
            input[r] = a1 - a0;
            handoff[r] = THREADS.getCurrentThreadAllocatedBytes() - a0;
        }
        final long[] peer = new long[REPEATS];
        for (int r = 0; r < REPEATS; r++)
        {
            final Supplier<Object> call = KafkaPeers.create("uniform").prepare(KafkaPeers.members(m), new String[n]);
            System.gc();
            final long a0 = THREADS.getCurrentThreadAllocatedBytes();
            final Object result = call.get();
            peer[r] = THREADS.getCurrentThreadAllocatedBytes() - a0 + (null == result ? 1 : 0);
        }
        System.out.printf("| %d | %d | initial | %d (uniform %d) | %.0f | %.0f | %.0f |%n", n, m, n, n,
            median(input) / (double)n, median(handoff) / (double)n, median(peer) / (double)n);
    }

    private static long median(final long[] values)
    {
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
