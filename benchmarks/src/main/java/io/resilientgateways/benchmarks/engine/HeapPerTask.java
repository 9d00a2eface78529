package io.resilientgateways.benchmarks.engine;

import io.resilientgateways.core.Balancer;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Retained heap of an engine per task: builds engines holding N tasks (all OPEN, on 100 workers) and measures heap
 * in use after full GCs, minus the same with no tasks. Not a JMH benchmark: it measures footprint, not speed.
 * <p>
 * Run: {@code java -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar
 * io.resilientgateways.benchmarks.engine.HeapPerTask 100000}
 */
public final class HeapPerTask
{
    private HeapPerTask()
    {
    }

    public static void main(final String[] args)
    {
        final int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int round = 0; round < 3; round++)
        {
            final Balancer empty = Fixtures.openEngine(100, 0, new CollectingSink(), true);
            final long base = usedAfterGc(memory);
            final Balancer full = Fixtures.openEngine(100, tasks, new CollectingSink(), true);
            final long used = usedAfterGc(memory);
            System.out.printf("round %d: %d tasks, %.1f bytes of heap per task (engine with no tasks: %s)%n",
                round, full.taskCount(), (used - base) / (double)tasks, empty.taskCount() == 0 ? "ok" : "?");
        }
    }

    private static long usedAfterGc(final MemoryMXBean memory)
    {
        for (int i = 0; i < 4; i++)
        {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
