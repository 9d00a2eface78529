package io.resilientgateways.benchmarks.strategies;

import io.resilientgateways.strategies.Strategies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Kafka's KIP-848 {@code UniformAssignor} (or another {@link KafkaPeers} peer) on the events of
 * {@link EventBenchmark}, from the same previous assignment: the one our engine reaches when built from inputs
 * (sticky's initial placement of N tasks on M workers), given to the assignor as every member's current assignment
 * and the coordinator's partition-to-member map. Timed: the assignor calls alone, on inputs built before the call
 * (the coordinator keeps those maps anyway); a peer has no handoff to time.
 * <ul>
 *   <li>{@code leave*}: one {@code assign}, member {@code w[M/2]} gone; {@code join*}: one, {@code w[M]} added.</li>
 *   <li>{@code churn*}: the same 20 membership changes as ours ({@link ChurnPlan}); each step's input is the
 *   previous step's output (built untimed, in advance); cooperative-sticky also makes its follow-up call.</li>
 *   <li>{@code initial}: one {@code assign} from no assignment.</li>
 *   <li>{@code *First}: inputs and assignor built afresh before every measured call; {@code *Steady}: built once per
 *   trial and called again every time.</li>
 * </ul>
 * Each fork first runs {@link ChurnPlan#warmUpRounds} rounds of the churn's calls, untimed, as ours does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 40)
@Measurement(iterations = 10)
@Fork(value = 3, jvmArgsAppend = { "-Xms3g", "-Xmx3g", "-XX:+UseSerialGC" })
public class PeerEventBenchmark
{
    /** N:M, tasks and workers. */
    @Param({ "100000:3", "100000:10", "100000:100" })
    public String cell;

    @Param({ "uniform" })
    public String peer;

    int tasks;
    int workers;
    ChurnPlan plan;
    String[] start;
    Object warmedUp;

    @Setup(Level.Trial)
    public void build()
    {
        final String[] parts = cell.split(":");
        tasks = Integer.parseInt(parts[0]);
        workers = Integer.parseInt(parts[1]);
        plan = new ChurnPlan(workers);
        start = new EngineDriver(Strategies.sticky()).start(workers, tasks).owners();
        warmUp();
    }

    /**
     * Before JMH's warm-up: {@link ChurnPlan#warmUpRounds} rounds of the churn's calls, as ours runs its churn on a
     * scratch engine.
     */
    private void warmUp()
    {
        for (int round = 0; round < ChurnPlan.warmUpRounds(workers); round++)
        {
            for (final Supplier<Object> call : churnInputs())
            {
                warmedUp = call.get(); // kept, so the calls' results are used
            }
        }
    }

    Supplier<Object> leaveInput()
    {
        final List<String> without = KafkaPeers.members(workers);
        without.remove(workers / 2);
        return KafkaPeers.create(peer).prepare(without, start);
    }

    Supplier<Object> joinInput()
    {
        return KafkaPeers.create(peer).prepare(KafkaPeers.members(workers + 1), start);
    }

    Supplier<Object> initialInput()
    {
        return KafkaPeers.create(peer).prepare(KafkaPeers.members(workers), new String[tasks]);
    }

    List<Supplier<Object>> churnInputs()
    {
        final KafkaPeers assignor = KafkaPeers.create(peer);
        final List<Supplier<Object>> calls = new ArrayList<>();
        String[] owners = start;
        for (int step = 0; step < ChurnPlan.STEPS; step++)
        {
            final List<String> members = plan.members.get(step);
            calls.addAll(assignor.prepareProtocol(members, owners));
            owners = assignor.assign(members, owners);
        }
        return calls;
    }

    /** Inputs built afresh before every measured call. */
    @State(Scope.Thread)
    public static class First
    {
        Supplier<Object> call;
        List<Supplier<Object>> calls;

        void quiesce()
        {
            EventBenchmark.quiesce();
        }
    }

    /** Leave input, afresh. */
    @State(Scope.Thread)
    public static class LeaveFirst extends First
    {
        @Setup(Level.Iteration)
        public void build(final PeerEventBenchmark b)
        {
            call = null;
            call = b.leaveInput();
            quiesce();
        }
    }

    /** Join input, afresh. */
    @State(Scope.Thread)
    public static class JoinFirst extends First
    {
        @Setup(Level.Iteration)
        public void build(final PeerEventBenchmark b)
        {
            call = null;
            call = b.joinInput();
            quiesce();
        }
    }

    /** Initial input, afresh. */
    @State(Scope.Thread)
    public static class InitialFirst extends First
    {
        @Setup(Level.Iteration)
        public void build(final PeerEventBenchmark b)
        {
            call = null;
            call = b.initialInput();
            quiesce();
        }
    }

    /** Churn inputs, afresh. */
    @State(Scope.Thread)
    public static class ChurnFirst extends First
    {
        @Setup(Level.Iteration)
        public void build(final PeerEventBenchmark b)
        {
            calls = null;
            calls = b.churnInputs();
            quiesce();
        }
    }

    /** Inputs built once per trial and used for every measured call. */
    @State(Scope.Thread)
    public static class Steady
    {
        Supplier<Object> call;
        List<Supplier<Object>> calls;

        @Setup(Level.Iteration)
        public void quiesce()
        {
            EventBenchmark.quiesce();
        }
    }

    /** Leave input, once per trial. */
    @State(Scope.Thread)
    public static class LeaveSteady extends Steady
    {
        @Setup(Level.Trial)
        public void build(final PeerEventBenchmark b)
        {
            call = b.leaveInput();
        }
    }

    /** Join input, once per trial. */
    @State(Scope.Thread)
    public static class JoinSteady extends Steady
    {
        @Setup(Level.Trial)
        public void build(final PeerEventBenchmark b)
        {
            call = b.joinInput();
        }
    }

    /** Churn inputs, once per trial. */
    @State(Scope.Thread)
    public static class ChurnSteady extends Steady
    {
        @Setup(Level.Trial)
        public void build(final PeerEventBenchmark b)
        {
            calls = b.churnInputs();
        }
    }

    @Benchmark
    public Object initial(final InitialFirst s)
    {
        EventCpu.begin();
        final Object result = s.call.get();
        EventCpu.end();
        return result;
    }

    @Benchmark
    public Object leaveFirst(final LeaveFirst s)
    {
        EventCpu.begin();
        final Object result = s.call.get();
        EventCpu.end();
        return result;
    }

    @Benchmark
    public Object leaveSteady(final LeaveSteady s)
    {
        EventCpu.begin();
        final Object result = s.call.get();
        EventCpu.end();
        return result;
    }

    @Benchmark
    public Object joinFirst(final JoinFirst s)
    {
        EventCpu.begin();
        final Object result = s.call.get();
        EventCpu.end();
        return result;
    }

    @Benchmark
    public Object joinSteady(final JoinSteady s)
    {
        EventCpu.begin();
        final Object result = s.call.get();
        EventCpu.end();
        return result;
    }

    @Benchmark
    public Object churnFirst(final ChurnFirst s)
    {
        EventCpu.begin();
        Object last = null;
        for (final Supplier<Object> call : s.calls)
        {
            last = call.get();
        }
        final Object result = last;
        EventCpu.end();
        return result;
    }

    @Benchmark
    public Object churnSteady(final ChurnSteady s)
    {
        EventCpu.begin();
        Object last = null;
        for (final Supplier<Object> call : s.calls)
        {
            last = call.get();
        }
        final Object result = last;
        EventCpu.end();
        return result;
    }
}
