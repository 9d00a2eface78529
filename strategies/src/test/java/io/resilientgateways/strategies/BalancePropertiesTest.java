package io.resilientgateways.strategies;

import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.WorkerSpec;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.WorkerView;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Balance bounds from any starting placement, once a join has made the engine rebalance: equal workers and weight-1
 * tasks end within one task of each other under least-loaded, round-robin and sticky; least-loaded with capacities
 * and weights ends where no single move lowers the busier of the two workers it touches.
 */
class BalancePropertiesTest
{
    @Property
    void leastLoadedEqualWorkersWithinOne(@ForAll final long seed)
    {
        assertThat(spreadAfterJoin(seed, Strategies::leastLoaded)).as("seed %d", seed).isLessThanOrEqualTo(1);
    }

    @Property
    void roundRobinEqualWorkersWithinOne(@ForAll final long seed)
    {
        assertThat(spreadAfterJoin(seed, Strategies::roundRobin)).as("seed %d", seed).isLessThanOrEqualTo(1);
    }

    @Property
    void stickyEqualWorkersWithinOne(@ForAll final long seed)
    {
        assertThat(spreadAfterJoin(seed, Strategies::sticky)).as("seed %d", seed).isLessThanOrEqualTo(1);
    }

    @Property
    void leastLoadedWeightedEndsAtALocalOptimum(@ForAll final long seed)
    {
        final Random random = new Random(seed);
        final List<WorkerSpec> workers = StickyPolicyPropertiesTest.workers(random, 1 + random.nextInt(6), true);
        final List<TaskSpec> tasks = Fixture.tasks(random.nextInt(50)).stream()
            .map(task -> task.withWeight(1 + random.nextInt(5))).toList();
        final Fixture fixture = Fixture.build(Strategies.leastLoaded(), workers, tasks,
            Fixture.skewed(random, workers, tasks));
        fixture.harness.balancer.registerWorker(1, WorkerSpec.of("joiner").withCapacity(1 + random.nextInt(3)));
        fixture.harness.settle();

        final List<WorkerView> live = fixture.harness.balancer.frozenView().workers();
        WorkerView busiest = live.get(0);
        for (final WorkerView worker : live)
        {
            if (worker.load() * busiest.capacity() > busiest.load() * worker.capacity())
            {
                busiest = worker;
            }
        }
        for (final var task : fixture.harness.balancer.frozenView().tasksOf(busiest.id()))
        {
            for (final WorkerView other : live)
            {
                if (other != busiest)
                {
                    assertThat((other.load() + task.weight()) * busiest.capacity())
                        .as("moving %s from %s to %s would lower the maximum, seed %d", task.id(), busiest.id(),
                            other.id(), seed)
                        .isGreaterThanOrEqualTo(busiest.load() * other.capacity());
                }
            }
        }
    }

    private static long spreadAfterJoin(final long seed, final Supplier<RebalancePolicy> policy)
    {
        final Random random = new Random(seed);
        final List<WorkerSpec> workers = StickyPolicyPropertiesTest.workers(random, 1 + random.nextInt(7), false);
        final List<TaskSpec> tasks = Fixture.tasks(random.nextInt(80));
        final Fixture fixture = Fixture.build(policy.get(), workers, tasks, Fixture.skewed(random, workers, tasks));
        fixture.harness.balancer.registerWorker(1, WorkerSpec.of("joiner"));
        fixture.harness.settle();
        long max = Long.MIN_VALUE;
        long min = Long.MAX_VALUE;
        for (final WorkerView worker : fixture.harness.balancer.frozenView().workers())
        {
            max = Math.max(max, worker.load());
            min = Math.min(min, worker.load());
        }
        assertThat(fixture.harness.violations).isEmpty();
        return max - min;
    }
}
