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
import java.util.concurrent.TimeUnit;

/**
 * Decision-only figures: our policies' {@code allocate} / {@code rebalance} calls alone, N tasks of weight 1 over M
 * equal workers, without the engine's event around them. What a user pays for a whole event is
 * {@link EventBenchmark}; these show how much of it is the policy's decision.
 * <ul>
 *   <li>{@code decideJoin}: {@code policy.rebalance(view, max)} on a {@link FrozenView} of the engine just after a join
 *   (task lists sorted once, up front), the same view every invocation.</li>
 *   <li>{@code decideJoinOnEngineView}: the same call on the engine's own view, whose {@code tasksOf} returns each
 *   worker's id-sorted array, merged only after a change (core's cost, included).</li>
 *   <li>{@code decideLeave}: the policy's decisions for a leave, on a {@link FrozenView} without the leaver:
 *   {@code allocate} for each of its tasks in id order, each placement applied to the view, then
 *   {@code rebalance(view, max)}.</li>
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

    /** A view just after a join, before the engine asks the policy. */
    @State(Scope.Thread)
    public static class DecisionState
    {
        RebalancePolicy policy;
        io.resilientgateways.core.spi.ClusterView view;

        @Setup(Level.Trial)
        public void build(final StrategyBenchmark b)
        {
            policy = Policies.create(b.policy);
            final EngineDriver driver = new EngineDriver(new Held(policy)).start(b.workers, b.tasks);
            driver.balancer.registerWorker(1L << 40, WorkerSpec.of("joiner"));
            view = driver.balancer.frozenView(); // the engine hands out no live view
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
            afterLeave = new FrozenView(driver.balancer.frozenView(), EngineDriver.worker(b.workers / 2));
            driver.balancer.registerWorker(1L << 40, WorkerSpec.of("joiner"));
            afterJoin = new FrozenView(driver.balancer.frozenView(), null);
        }

        @Setup(Level.Invocation)
        public void reset()
        {
            afterLeave.reset();
        }
    }

    @Benchmark
    public List<Move> decideJoinOnEngineView(final DecisionState state)
    {
        return state.policy.rebalance(state.view, BalancerConfig.Defaults.MAX_TASKS);
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
}
