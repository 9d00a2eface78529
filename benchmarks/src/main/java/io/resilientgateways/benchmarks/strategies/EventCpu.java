package io.resilientgateways.benchmarks.strategies;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

/**
 * Thread CPU time and bytes allocated by exactly the timed event, as JMH secondary results in the same run as the
 * wall-clock figures: {@code -prof io.resilientgateways.benchmarks.strategies.EventCpu}. The benchmark methods of
 * {@link EventBenchmark} and {@link PeerEventBenchmark} call {@link #begin()} and {@link #end()} around the event
 * (the setup that builds a 100,000-task engine is outside, unlike what {@code -prof gc} counts for a single shot);
 * this profiler reports, per iteration, {@code ·cpu} (ms of the benchmark thread's CPU time: time spent waiting for
 * a core on a loaded machine is left out) and {@code ·alloc} (bytes). Two counter reads per event, about a
 * microsecond, against events of a millisecond and more.
 */
public final class EventCpu implements InternalProfiler
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private static long cpuAtBegin;
    private static long bytesAtBegin;
    private static long cpu;
    private static long bytes;
    private static int events;

    /** Start of the timed event, on the benchmark thread. */
    static void begin()
    {
        bytesAtBegin = THREADS.getCurrentThreadAllocatedBytes();
        cpuAtBegin = THREADS.getCurrentThreadCpuTime();
    }

    /** End of the timed event. */
    static void end()
    {
        final long now = THREADS.getCurrentThreadCpuTime();
        cpu += now - cpuAtBegin;
        bytes += THREADS.getCurrentThreadAllocatedBytes() - bytesAtBegin;
        events++;
    }

    @Override
    public void beforeIteration(final BenchmarkParams benchmarkParams, final IterationParams iterationParams)
    {
        cpu = 0;
        bytes = 0;
        events = 0;
    }

    @Override
    public Collection<? extends Result> afterIteration(
        final BenchmarkParams benchmarkParams, final IterationParams iterationParams, final IterationResult result)
    {
        final int n = Math.max(1, events);
        return List.of(
            new ScalarResult("cpu", cpu / 1e6 / n, "ms/op", AggregationPolicy.AVG),
            new ScalarResult("alloc", (double)bytes / n, "B/op", AggregationPolicy.AVG));
    }

    @Override
    public String getDescription()
    {
        return "thread CPU time and allocation of the timed event only";
    }
}
