package io.resilientgateways.benchmarks.strategies;

import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;
import io.resilientgateways.core.spi.Move;
import io.resilientgateways.core.spi.RebalancePolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Our policies inside the real engine ({@code Balancer}), N tasks of weight 1 over M equal workers.
 * <ul>
 *   <li>{@code initial}: a new engine, M registrations, N tasks added (N allocate calls and N open directives).</li>
 *   <li>{@code leave}: the whole {@code workerLeft} event: N/M allocate calls for the orphans, one rebalance call,
 *   the open directives. The worker rejoins, untimed, before each invocation.</li>
 *   <li>{@code join}: the whole {@code registerWorker} event: one rebalance call and the close directives of the
 *   moves it proposes. The worker leaves, untimed, before each invocation.</li>
 *   <li>{@code decideJoin}: the policy's decision alone: {@code policy.rebalance(view, max)} on a {@link FrozenView}
 *   of the engine just after a join (task lists sorted once, up front), the same view every invocation.</li>
 *   <li>{@code decideJoinOnEngineView}: the same call on the engine's own view, whose {@code tasksOf} returns each
 *   worker's id-sorted array, merged only after a change (core's cost, included).</li>
 *   <li>{@code decideLeave}: the policy's decisions alone for a leave, on a {@link FrozenView} without the leaver:
 *   {@code allocate} for each of its tasks in id order, each placement applied to the view, then
 *   {@code rebalance(view, max)}.</li>
 *   <li>{@code churn}: 20 seeded steps, alternately a random worker leaving and a random absent one joining, each
 *   followed by acknowledging every directive (so the engine's handoffs are timed too); every invocation starts from
 *   a fresh engine and seed, so each times the same sequence.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StrategyBenchmark
{
    @Param({ "sticky", "least-loaded", "consistent-hash", "round-robin" })
    public String policy;

    @Param({ "1000", "10000", "100000" })
    public int tasks;

    @Param({ "3", "10", "100", "1000" })
    public int workers;

    /** Engine state for the leave benchmark: the leaver is back before each invocation. */
    @State(Scope.Thread)
    public static class LeaveState
    {
        EngineDriver driver;
        int leaver;

        @Setup(Level.Trial)
        public void build(final StrategyBenchmark b)
        {
            driver = new EngineDriver(Policies.create(b.policy)).start(b.workers, b.tasks);
            leaver = b.workers / 2;
        }

        @Setup(Level.Invocation)
        public void rejoin()
        {
            driver.settle();
            if (!driver.present(leaver))
            {
                driver.join(leaver);
                driver.settle();
            }
        }
    }

    /** Engine state for the join benchmark: the joiner is gone before each invocation. */
    @State(Scope.Thread)
    public static class JoinState
    {
        EngineDriver driver;
        int joiner;

        @Setup(Level.Trial)
        public void build(final StrategyBenchmark b)
        {
            driver = new EngineDriver(Policies.create(b.policy)).start(b.workers + 1, b.tasks);
            joiner = b.workers / 2;
        }

        @Setup(Level.Invocation)
        public void leave()
        {
            driver.settle();
            if (driver.present(joiner))
            {
                driver.leave(joiner);
                driver.settle();
            }
        }
    }

    /** A view just after a join, before the engine asks the policy. */
    @State(Scope.Thread)
    public static class DecisionState
    {
        RebalancePolicy policy;
        io.resilientgateways.core.Balancer balancer;

        @Setup(Level.Trial)
        public void build(final StrategyBenchmark b)
        {
            policy = Policies.create(b.policy);
            final EngineDriver driver = new EngineDriver(new Held(policy)).start(b.workers, b.tasks);
            driver.balancer.registerWorker(1L << 40, WorkerSpec.of("joiner"));
            balancer = driver.balancer;
        }
    }

    /** Frozen views for the decision-only benchmarks. */
    @State(Scope.Thread)
    public static class FrozenState
    {
        RebalancePolicy policy;
        FrozenView afterJoin;
        FrozenView afterLeave;

        @Setup(Level.Trial)
        public void build(final StrategyBenchmark b)
        {
            policy = Policies.create(b.policy);
            final EngineDriver driver = new EngineDriver(new Held(policy)).start(b.workers, b.tasks);
            afterLeave = new FrozenView(driver.balancer.view(), EngineDriver.worker(b.workers / 2));
            driver.balancer.registerWorker(1L << 40, WorkerSpec.of("joiner"));
            afterJoin = new FrozenView(driver.balancer.view(), null);
        }

        @Setup(Level.Invocation)
        public void reset()
        {
            afterLeave.reset();
        }
    }

    /** Engine state for churn. */
    @State(Scope.Thread)
    public static class ChurnState
    {
        EngineDriver driver;
        Random random;
        int pool;

        // fresh state and seed per invocation: every invocation times the same 20-step sequence
        @Setup(Level.Invocation)
        public void build(final StrategyBenchmark b)
        {
            pool = b.workers + 5;
            driver = new EngineDriver(Policies.create(b.policy)).start(b.workers, b.tasks);
            random = new Random(42);
        }
    }

    @Benchmark
    public long initial()
    {
        return new EngineDriver(Policies.create(policy)).start(workers, 0).startTasks(tasks);
    }

    @Benchmark
    public long leave(final LeaveState state)
    {
        state.driver.leave(state.leaver);
        return state.driver.opens;
    }

    @Benchmark
    public long join(final JoinState state)
    {
        state.driver.join(state.joiner);
        return state.driver.closes;
    }

    @Benchmark
    public List<Move> decideJoinOnEngineView(final DecisionState state)
    {
        return state.policy.rebalance(state.balancer.view(), BalancerConfig.Defaults.MAX_TASKS);
    }

    @Benchmark
    public List<Move> decideJoin(final FrozenState state)
    {
        return state.policy.rebalance(state.afterJoin, BalancerConfig.Defaults.MAX_TASKS);
    }

    @Benchmark
    public List<Move> decideLeave(final FrozenState state)
    {
        final FrozenView view = state.afterLeave;
        for (final FrozenView.Task orphan : view.orphans)
        {
            final WorkerId to = state.policy.allocate(orphan, view);
            if (null != to)
            {
                view.place(orphan, to);
            }
        }
        return state.policy.rebalance(view, BalancerConfig.Defaults.MAX_TASKS);
    }

    @Benchmark
    public long churn(final ChurnState state)
    {
        return Churn.run(state.driver, state.random, state.pool, 20);
    }
}
