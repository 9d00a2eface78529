package io.resilientgateways.benchmarks.strategies;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Kafka's assignors on the same scenarios as {@link StrategyBenchmark}: N partitions of one topic, M members.
 * {@code initial}, {@code leave} and {@code join} time one assignor call on an input built in setup (the previous
 * assignment is the peer's own balanced one); {@code churn} runs the same 20-step seeded sequence as ours, building
 * each step's input from the previous output (timed) and, for cooperative-sticky, the follow-up rebalance that
 * hands out revoked partitions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KafkaAssignorBenchmark
{
    @Param({ "cooperative-sticky", "uniform" })
    public String peer;

    @Param({ "1000", "10000", "100000" })
    public int tasks;

    @Param({ "3", "10", "100", "1000" })
    public int workers;

    private Supplier<Object> initial;
    private Supplier<Object> leave;
    private Supplier<Object> join;

    /** Churn state. */
    @State(Scope.Thread)
    public static class ChurnState
    {
        KafkaPeers assignor;
        List<String> members;
        String[] owners;
        Random random;
        int pool;

        // fresh state and seed per invocation: every invocation times the same 20-step sequence
        @Setup(Level.Invocation)
        public void build(final KafkaAssignorBenchmark b)
        {
            assignor = KafkaPeers.create(b.peer);
            members = members(b.workers);
            owners = assignor.assign(members, new String[b.tasks]);
            random = new Random(42);
            pool = b.workers + 5;
        }
    }

    @Setup(Level.Trial)
    public void build()
    {
        final KafkaPeers assignor = KafkaPeers.create(peer);
        initial = assignor.prepare(members(workers), new String[tasks]);

        final List<String> all = members(workers);
        final String[] balanced = assignor.assign(all, new String[tasks]);
        final List<String> without = new ArrayList<>(all);
        without.remove(workers / 2);
        leave = KafkaPeers.create(peer).prepare(without, balanced);

        final String[] before = KafkaPeers.create(peer).assign(without, new String[tasks]);
        join = KafkaPeers.create(peer).prepare(all, before);
    }

    @Benchmark
    public Object initial()
    {
        return initial.get();
    }

    @Benchmark
    public Object leave()
    {
        return leave.get();
    }

    @Benchmark
    public Object join()
    {
        return join.get();
    }

    @Benchmark
    public Object churn(final ChurnState state)
    {
        for (int step = 0; step < 20; step++)
        {
            final boolean leaving = step % 2 == 0;
            final int start = state.random.nextInt(state.pool);
            for (int k = 0; k < state.pool; k++)
            {
                final String w = EngineDriver.worker((start + k) % state.pool).name();
                final boolean present = state.members.contains(w);
                if (leaving && present && state.members.size() > 1)
                {
                    state.members.remove(w);
                    break;
                }
                if (!leaving && !present)
                {
                    state.members.add(w);
                    state.members.sort(null);
                    break;
                }
            }
            state.owners = state.assignor.assign(state.members, state.owners);
        }
        return state.owners;
    }

    static List<String> members(final int count)
    {
        final List<String> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            members.add(EngineDriver.worker(i).name());
        }
        return members;
    }
}
