package io.resilientgateways.benchmarks.engine;

import io.resilientgateways.core.Balancer;
import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.WorkerId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The engine's own cost, with the built-in {@code BasicPolicy}:
 * <ul>
 *   <li>{@link Leave#workerLeaves}: one of M workers leaves holding N/M of N tasks; its tasks are placed again
 *   (one open directive each). Compare shapes with the same moving count (10k/10, 100k/100) to see the cost follow
 *   the tasks that move, not N.</li>
 *   <li>{@link Acks#openAck}: one open acknowledgement on an engine holding 100,000 tasks.</li>
 * </ul>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar EngineBenchmark}.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class EngineBenchmark
{
    /**
     * One worker leaves; measured once per freshly built engine.
     */
    @State(Scope.Thread)
    public static class Leave
    {
        @Param({"10000:10", "100000:100", "100000:1000"})
        public String shape;

        Balancer balancer;
        CollectingSink sink;
        WorkerId leaving;

        @Setup(Level.Invocation)
        public void build()
        {
            final String[] parts = shape.split(":");
            sink = new CollectingSink();
            balancer = Fixtures.openEngine(Integer.parseInt(parts[1]), Integer.parseInt(parts[0]), sink, true);
            sink.collect = false;
            leaving = WorkerId.of(Fixtures.worker(0));
        }

        @Benchmark
        @BenchmarkMode(Mode.SingleShotTime)
        @OutputTimeUnit(TimeUnit.MICROSECONDS)
        @Warmup(iterations = 10)
        @Measurement(iterations = 20)
        public long workerLeaves()
        {
            balancer.workerLeft(10, leaving, LeaveReason.SESSION_TIMEOUT);
            return sink.opens;
        }
    }

    /**
     * Open acks for 100,000 OPENING tasks, one after the other.
     */
    @State(Scope.Thread)
    public static class Acks
    {
        static final int TASKS = 100_000;

        Balancer balancer;
        CollectingSink sink;
        WorkerId[] workers;
        TaskId[] tasks;
        long[] epochs;

        @Setup(Level.Invocation)
        public void build()
        {
            sink = new CollectingSink();
            balancer = Fixtures.openEngine(100, TASKS, sink, false);
            workers = sink.openWorkers.toArray(new WorkerId[0]);
            tasks = sink.openTasks.toArray(new TaskId[0]);
            epochs = sink.openEpochs.stream().mapToLong(Long::longValue).toArray();
            sink.clear();
        }

        @Benchmark
        @BenchmarkMode(Mode.SingleShotTime)
        @OutputTimeUnit(TimeUnit.MILLISECONDS)
        @OperationsPerInvocation(TASKS)
        @Warmup(iterations = 10)
        @Measurement(iterations = 20)
        public int openAck()
        {
            int accepted = 0;
            for (int i = 0; i < TASKS; i++)
            {
                accepted += balancer.taskOpened(5, workers[i], tasks[i], epochs[i]).accepted() ? 1 : 0;
            }
            return accepted;
        }
    }
}
