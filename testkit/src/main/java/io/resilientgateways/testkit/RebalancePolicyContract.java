package io.resilientgateways.testkit;

import io.resilientgateways.core.RejectionCode;
import io.resilientgateways.core.Result;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.Move;
import io.resilientgateways.core.spi.RebalancePolicy;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link RebalancePolicy} must keep, as jqwik properties over seeded random histories driven
 * through a real engine ({@link io.resilientgateways.core.Balancer}) whose workers acknowledge every directive.
 * Subclass it and say how to make your policy:
 * <pre>{@code
 * class MyPolicyContractTest extends RebalancePolicyContract
 * {
 *     protected RebalancePolicy newPolicy()
 *     {
 *         return new MyPolicy();
 *     }
 * }
 * }</pre>
 * Properties: validity (proposals only to eligible capable workers, at most maxMoves, no task twice, only movable
 * tasks), determinism (same view twice gives the same answer; the same history twice gives the same directives and
 * snapshot bytes), snapshot equivalence (an engine restored from a snapshot with a fresh policy continues exactly as
 * the original), permutation invariance (a state built from its inputs in another order gets the same answers),
 * capability respect, conservation of tasks (none lost or duplicated, never two holders at once), and batch
 * placement ({@code allocateAll}, one {@code addTasks} input) deciding exactly as {@code allocate} one task at a
 * time (the same directives and snapshot bytes). A failure
 * reports the seed; {@code Scenario.generate(seed, shape)} replays it.
 */
public abstract class RebalancePolicyContract
{
    /**
     * @return a new instance of the policy under test (one per engine).
     */
    protected abstract RebalancePolicy newPolicy();

    /**
     * @return true if the policy places every task that some eligible worker can run (override to return false for a
     * policy that may leave such tasks pending on purpose).
     */
    protected boolean placesEveryPlaceableTask()
    {
        return true;
    }

    /**
     * @return the kind of cluster the properties generate; override to narrow it.
     */
    protected Scenario.Shape shape()
    {
        return Scenario.Shape.GENERAL;
    }

    @Property
    void proposalsAreValidAndTasksAreConserved(@ForAll final long seed)
    {
        final Scenario scenario = Scenario.generate(seed, shape());
        final CheckingPolicy policy = new CheckingPolicy(newPolicy());
        final EngineHarness harness = new EngineHarness(scenario.config(), policy);
        final TreeSet<TaskId> present = new TreeSet<>();
        scenario.apply(harness, 0, scenario.ops().size(), present);
        harness.settle();
        harness.checkConservation(present, placesEveryPlaceableTask());
        harness.advanceTo(harness.now() + 1_000); // grace periods expire: reserved tasks are placed
        harness.settle();
        harness.checkConservation(present, placesEveryPlaceableTask());

        assertThat(policy.violations).as("policy breaches, seed %d", seed).isEmpty();
        assertThat(harness.violations).as("engine-level breaches, seed %d", seed).isEmpty();
        assertThat(harness.balancer.policyProposalsRejected()).as("proposals the engine refused, seed %d", seed)
            .isZero();
    }

    @Property
    void capabilitiesAreRespected(@ForAll final long seed)
    {
        final Scenario scenario = Scenario.generate(seed, new Scenario.Shape(6, 30, 40, true, false, false, false,
            false));
        final CheckingPolicy policy = new CheckingPolicy(newPolicy());
        final EngineHarness harness = new EngineHarness(scenario.config(), policy);
        final TreeSet<TaskId> present = new TreeSet<>();
        scenario.apply(harness, 0, scenario.ops().size(), present);
        harness.settle();
        harness.checkConservation(present, placesEveryPlaceableTask());
        for (final var entry : harness.holders().entrySet())
        {
            final var worker = harness.balancer.worker(entry.getValue());
            final var task = harness.balancer.task(entry.getKey());
            assertThat(worker.capabilities().containsAll(task.requires()))
                .as("%s on %s, seed %d", entry.getKey(), entry.getValue(), seed).isTrue();
        }
        assertThat(policy.violations).as("seed %d", seed).isEmpty();
        assertThat(harness.violations).as("seed %d", seed).isEmpty();
    }

    @Property
    void sameHistoryGivesSameOutput(@ForAll final long seed)
    {
        final Scenario scenario = Scenario.generate(seed, shape());
        final EngineHarness first = run(scenario);
        final EngineHarness second = run(scenario);
        assertThat(second.log).as("directives, seed %d", seed).isEqualTo(first.log);
        assertThat(second.balancer.snapshot()).as("snapshot, seed %d", seed).isEqualTo(first.balancer.snapshot());
    }

    @Property
    void restoredEngineContinuesIdentically(@ForAll final long seed)
    {
        final Scenario scenario = Scenario.generate(seed, shape());
        final int half = scenario.ops().size() / 2;
        final TreeSet<TaskId> present = new TreeSet<>();
        final EngineHarness original = new EngineHarness(scenario.config(), newPolicy());
        scenario.apply(original, 0, half, present);
        final EngineHarness restored = new EngineHarness(original, scenario.config(), newPolicy());
        original.log.clear();

        scenario.apply(original, half, scenario.ops().size(), new TreeSet<>(present));
        original.settle();
        scenario.apply(restored, half, scenario.ops().size(), new TreeSet<>(present));
        restored.settle();
        assertThat(restored.log).as("directives after restore, seed %d", seed).isEqualTo(original.log);
        assertThat(restored.balancer.snapshot()).as("seed %d", seed).isEqualTo(original.balancer.snapshot());
    }

    @Property
    void answersDoNotDependOnInputOrder(@ForAll final long seed, @ForAll final long orderSeed)
    {
        final PlannedState state = PlannedState.generate(seed, shape());
        final ClusterView a = state.build(seed).balancer.frozenView();
        final ClusterView b = state.build(orderSeed).balancer.frozenView();
        final RebalancePolicy shared = newPolicy();
        for (final int maxMoves : new int[]{ 1, 3, 10_000 })
        {
            final List<Move> expected = newPolicy().rebalance(a, maxMoves);
            assertThat(newPolicy().rebalance(b, maxMoves)).as("rebalance(%d), seeds %d %d", maxMoves, seed, orderSeed)
                .isEqualTo(expected);
            assertThat(shared.rebalance(a, maxMoves)).as("shared instance, seeds %d %d", seed, orderSeed)
                .isEqualTo(expected);
            assertThat(shared.rebalance(b, maxMoves)).as("shared instance, seeds %d %d", seed, orderSeed)
                .isEqualTo(expected);
        }
        for (final TaskSpec task : state.tasks())
        {
            if (!state.plan().containsKey(task.id()))
            {
                final WorkerId inA = newPolicy().allocate(a.task(task.id()), a);
                final WorkerId inB = newPolicy().allocate(b.task(task.id()), b);
                assertThat(inB).as("allocate(%s), seeds %d %d", task.id(), seed, orderSeed).isEqualTo(inA);
                assertThat(shared.allocate(b.task(task.id()), b)).isEqualTo(inA);
            }
        }
    }

    @Property
    void batchPlacementDecidesAsOneTaskAtATime(@ForAll final long seed)
    {
        final Scenario scenario = Scenario.generate(seed, shape());
        final int half = scenario.ops().size() / 2;
        final TreeSet<TaskId> present = new TreeSet<>();
        final EngineHarness base = new EngineHarness(scenario.config(), newPolicy());
        scenario.apply(base, 0, half, present);
        // every task of the scenario that the engine does not know now (a removed one may still be closing), once,
        // in the scenario's order: one addTasks input (the policy's allocateAll) against one addTask each at the same
        // time (its allocate), from the same state
        final ClusterView known = base.balancer.frozenView();
        final Map<TaskId, TaskSpec> absent = new LinkedHashMap<>();
        for (final Scenario.Op op : scenario.ops())
        {
            if (op instanceof Scenario.Add add && null == known.task(add.spec().id()))
            {
                absent.putIfAbsent(add.spec().id(), add.spec());
            }
        }
        final List<TaskSpec> specs = new ArrayList<>(absent.values());
        final EngineHarness batch = new EngineHarness(base, scenario.config(), newPolicy());
        final EngineHarness oneByOne = new EngineHarness(base, scenario.config(), newPolicy());
        final long now = base.now() + 1;
        final Result added = batch.balancer.addTasks(now, specs);
        if (!added.accepted())
        {
            assertThat(added.code()).as("seed %d", seed).isEqualTo(RejectionCode.LIMIT_REACHED);
            return;
        }
        for (final TaskSpec spec : specs)
        {
            assertThat(oneByOne.balancer.addTask(now, spec).accepted()).as("%s, seed %d", spec.id(), seed).isTrue();
        }
        assertThat(batch.log).as("directives, seed %d", seed).isEqualTo(oneByOne.log);
        assertThat(batch.balancer.snapshot()).as("snapshot, seed %d", seed).isEqualTo(oneByOne.balancer.snapshot());
        batch.settle();
        oneByOne.settle();
        assertThat(batch.log).as("directives after the acks, seed %d", seed).isEqualTo(oneByOne.log);
        assertThat(batch.balancer.snapshot()).as("seed %d", seed).isEqualTo(oneByOne.balancer.snapshot());
    }

    private EngineHarness run(final Scenario scenario)
    {
        final EngineHarness harness = new EngineHarness(scenario.config(), newPolicy());
        scenario.apply(harness, 0, scenario.ops().size(), new TreeSet<>());
        harness.settle();
        return harness;
    }
}
