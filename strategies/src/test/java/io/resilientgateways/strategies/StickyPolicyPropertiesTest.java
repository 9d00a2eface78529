package io.resilientgateways.strategies;

import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;
import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.TaskView;
import io.resilientgateways.core.spi.WorkerView;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sticky's promise, from any starting placement (balanced or not): after a join or a leave the tasks moved are
 * exactly the minimum needed to bring every worker to floor or ceil of its capacity share (checked against a
 * brute-force oracle), and that is where they end, also when the engine allows only 1 to 3 moves per round.
 */
class StickyPolicyPropertiesTest
{
    @Property
    void joinMovesTheMinimumAndBalances(@ForAll final long seed)
    {
        final Random random = new Random(seed);
        final boolean capacities = random.nextBoolean();
        final List<WorkerSpec> workers = workers(random, 1 + random.nextInt(6), capacities);
        final List<TaskSpec> tasks = Fixture.tasks(random.nextInt(60));
        final Fixture fixture = Fixture.build(config(random), Strategies.sticky(), workers, tasks,
            Fixture.skewed(random, workers, tasks));
        final WorkerSpec joiner = new WorkerSpec(WorkerId.of("joiner"), CapabilitySet.EMPTY,
            capacities ? 1 + random.nextInt(3) : 1);

        final List<WorkerSpec> after = new ArrayList<>(workers);
        after.add(joiner);
        final long[] before = loads(fixture, after);
        final long minimum = MinimumMoves.of(before, capacities(after), tasks.size());

        fixture.harness.balancer.registerWorker(1, joiner);
        fixture.harness.settle();

        assertThat(fixture.closes()).as("moves, seed %d", seed).isEqualTo(minimum);
        assertThat(MinimumMoves.withinQuota(loads(fixture, after), capacities(after))).as("seed %d", seed).isTrue();
        assertThat(fixture.harness.violations).isEmpty();
    }

    @Property
    void leaveMovesTheMinimumAndBalances(@ForAll final long seed)
    {
        final Random random = new Random(seed);
        final boolean capacities = random.nextBoolean();
        final List<WorkerSpec> workers = workers(random, 2 + random.nextInt(6), capacities);
        final List<TaskSpec> tasks = Fixture.tasks(random.nextInt(60));
        final Fixture fixture = Fixture.build(config(random), Strategies.sticky(), workers, tasks,
            Fixture.skewed(random, workers, tasks));
        final WorkerSpec leaver = workers.get(random.nextInt(workers.size()));
        final List<WorkerSpec> after = new ArrayList<>(workers);
        after.remove(leaver);
        final long orphans = fixture.harness.balancer.worker(leaver.id()).load();
        final long minimum = orphans + MinimumMoves.of(loads(fixture, after), capacities(after), tasks.size());

        fixture.harness.leave(leaver.id(), LeaveReason.DEREGISTERED);
        fixture.harness.settle();

        assertThat(orphans + fixture.closes()).as("moves, seed %d", seed).isEqualTo(minimum);
        assertThat(MinimumMoves.withinQuota(loads(fixture, after), capacities(after))).as("seed %d", seed).isTrue();
        assertThat(fixture.harness.violations).isEmpty();
    }

    @Property
    void equalWorkersEndWithinOneTask(@ForAll final long seed)
    {
        final Random random = new Random(seed);
        final List<WorkerSpec> workers = workers(random, 1 + random.nextInt(8), false);
        final List<TaskSpec> tasks = Fixture.tasks(random.nextInt(80));
        final Fixture fixture = Fixture.build(Strategies.sticky(), workers, tasks,
            Fixture.skewed(random, workers, tasks));
        fixture.harness.balancer.registerWorker(1, WorkerSpec.of("joiner"));
        fixture.harness.settle();
        final long[] loads = loads(fixture, fixture.harness.balancer.frozenView().workers().stream()
            .map(w -> WorkerSpec.of(w.id().name())).toList());
        final long max = java.util.Arrays.stream(loads).max().orElse(0);
        final long min = java.util.Arrays.stream(loads).min().orElse(0);
        assertThat(max - min).as("seed %d", seed).isLessThanOrEqualTo(1);
    }

    @Test
    void aBalancedViewCostsNoTaskListing()
    {
        final List<WorkerSpec> workers = workers(new Random(1), 10, false);
        final List<TaskSpec> tasks = Fixture.tasks(10_000);
        final Fixture fixture = Fixture.build(Strategies.sticky(), workers, tasks,
            Fixture.skewed(new Random(2), workers, tasks));
        fixture.harness.balancer.registerWorker(1, WorkerSpec.of("joiner"));
        fixture.harness.settle();
        final CountingView view = new CountingView(fixture.harness.balancer.frozenView());

        assertThat(Strategies.sticky().rebalance(view, 10_000)).isEmpty();
        assertThat(view.tasksOfCalls).isZero();
    }

    @Test
    void aJoinListsOnlyTheDonorsTasksOnce()
    {
        final List<WorkerSpec> workers = workers(new Random(1), 11, false);
        final List<TaskSpec> tasks = Fixture.tasks(10_000);
        final TreeMap<io.resilientgateways.core.TaskId, WorkerId> plan = new TreeMap<>();
        for (int i = 0; i < tasks.size(); i++)
        {
            plan.put(tasks.get(i).id(), workers.get(i % workers.size()).id()); // balanced: 909 or 910 each
        }
        final Fixture fixture = Fixture.build(new BalancerConfig().handoffTimeout(0).rebalanceDelay(1_000),
            Strategies.sticky(), workers, tasks, plan);
        fixture.harness.balancer.registerWorker(1, WorkerSpec.of("joiner")); // rebalance waits for the delay
        final CountingView view = new CountingView(fixture.harness.balancer.frozenView());

        final var moves = Strategies.sticky().rebalance(view, 10_000);

        assertThat(moves).hasSize(10_000 / 12).allMatch(move -> move.to().name().equals("joiner"));
        assertThat(view.tasksOfCalls).isEqualTo(11);
    }

    private static BalancerConfig config(final Random random)
    {
        return new BalancerConfig().handoffTimeout(0)
            .maxMovesPerRound(random.nextBoolean() ? 1 + random.nextInt(3) : 10_000);
    }

    static List<WorkerSpec> workers(final Random random, final int count, final boolean capacities)
    {
        final List<WorkerSpec> workers = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            workers.add(new WorkerSpec(WorkerId.of("w" + i), CapabilitySet.EMPTY,
                capacities ? 1 + random.nextInt(3) : 1));
        }
        return workers;
    }

    static long[] loads(final Fixture fixture, final List<WorkerSpec> workers)
    {
        final long[] loads = new long[workers.size()];
        for (int i = 0; i < loads.length; i++)
        {
            final WorkerView worker = fixture.harness.balancer.worker(workers.get(i).id());
            loads[i] = null == worker ? 0 : worker.load();
        }
        return loads;
    }

    static int[] capacities(final List<WorkerSpec> workers)
    {
        return workers.stream().mapToInt(WorkerSpec::capacity).toArray();
    }

    /**
     * Counts how often a policy lists a worker's tasks (the costly call).
     */
    static final class CountingView implements ClusterView
    {
        private final ClusterView view;
        int tasksOfCalls;

        CountingView(final ClusterView view)
        {
            this.view = view;
        }

        @Override
        public long now()
        {
            return view.now();
        }

        @Override
        public long membershipVersion()
        {
            return view.membershipVersion();
        }

        @Override
        public List<WorkerView> workers()
        {
            return view.workers();
        }

        @Override
        public WorkerView worker(final WorkerId id)
        {
            return view.worker(id);
        }

        @Override
        public List<TaskView> tasksOf(final WorkerId id)
        {
            tasksOfCalls++;
            return view.tasksOf(id);
        }

        @Override
        public TaskView task(final io.resilientgateways.core.TaskId id)
        {
            return view.task(id);
        }

        @Override
        public int taskCount()
        {
            return view.taskCount();
        }

        @Override
        public long totalWeight()
        {
            return view.totalWeight();
        }
    }
}
