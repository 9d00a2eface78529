package io.resilientgateways.benchmarks.engine;

import io.resilientgateways.core.Balancer;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The engine's acknowledgement path, with the built-in {@code BasicPolicy} (whole membership events with the
 * shipped policies: {@code strategies.EventBenchmark}):
 * <ul>
 *   <li>{@link Acks#openAck}: one open acknowledgement on an engine holding 100,000 tasks.</li>
 *   <li>{@link Cycle#handoffCycle}: steady state on 100,000 open tasks: an admin move, its close ack and the new
 *   owner's open ack (3 inputs per operation); with {@code -prof gc} it shows what the hot path allocates.</li>
 * </ul>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar EngineBenchmark}.
 */
public class EngineBenchmark
{
    /**
     * Open acks for 100,000 OPENING tasks, one after the other.
     */
    @State(Scope.Thread)
    @Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseSerialGC"})
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
        @OutputTimeUnit(TimeUnit.NANOSECONDS)
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

    /**
     * Move, close ack, open ack on one task after another, without rebuilding anything.
     */
    @State(Scope.Thread)
    @Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseSerialGC"})
    public static class Cycle
    {
        static final int TASKS = 100_000;

        Balancer balancer;
        TaskId[] tasks;
        WorkerId[] workers;
        int[] owner;
        long[] epochs;
        int next;
        long now = 10;

        @Setup(Level.Trial)
        public void build()
        {
            final CollectingSink sink = new CollectingSink();
            balancer = Fixtures.openEngine(2, TASKS, sink, false);
            tasks = sink.openTasks.toArray(new TaskId[0]);
            workers = new WorkerId[]{WorkerId.of(Fixtures.worker(0)), WorkerId.of(Fixtures.worker(1))};
            owner = new int[TASKS];
            epochs = new long[TASKS];
            for (int i = 0; i < TASKS; i++)
            {
                owner[i] = sink.openWorkers.get(i).equals(workers[0]) ? 0 : 1;
                epochs[i] = sink.openEpochs.get(i);
            }
            Fixtures.ackOpens(balancer, sink, 5);
            sink.collect = false;
        }

        @Benchmark
        @BenchmarkMode(Mode.AverageTime)
        @OutputTimeUnit(TimeUnit.NANOSECONDS)
        @OperationsPerInvocation(3)
        @Warmup(iterations = 5, time = 1)
        @Measurement(iterations = 10, time = 1)
        public boolean handoffCycle()
        {
            final int i = next;
            next = i + 1 == TASKS ? 0 : i + 1;
            final int from = owner[i];
            final int to = 1 - from;
            now++;
            balancer.moveTask(now, tasks[i], workers[to]);
            balancer.taskClosed(now, workers[from], tasks[i], epochs[i]);
            epochs[i] = balancer.lastEpoch();
            owner[i] = to;
            return balancer.taskOpened(now, workers[to], tasks[i], epochs[i]).accepted();
        }
    }
}
