package io.resilientgateways.strategies;

import io.resilientgateways.core.Assignment;
import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;
import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.Move;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.TaskView;
import io.resilientgateways.testkit.EngineHarness;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * A real engine put into a chosen state (any placement, balanced or not) by a scripted policy, which then hands
 * over to the policy under test. Counts directives so properties can count moves.
 */
final class Fixture
{
    final EngineHarness harness;
    private final Handover policy;

    private Fixture(final BalancerConfig config, final RebalancePolicy underTest, final TreeMap<TaskId, WorkerId> plan)
    {
        policy = new Handover(underTest, plan);
        harness = new EngineHarness(config, policy);
    }

    /**
     * @param underTest the policy that decides once the state is built.
     * @param workers   registered in this order.
     * @param tasks     added in this order.
     * @param plan      where each task starts.
     * @return the settled fixture.
     */
    static Fixture build(
        final RebalancePolicy underTest,
        final List<WorkerSpec> workers,
        final List<TaskSpec> tasks,
        final TreeMap<TaskId, WorkerId> plan)
    {
        return build(new BalancerConfig().handoffTimeout(0), underTest, workers, tasks, plan);
    }

    static Fixture build(
        final BalancerConfig config,
        final RebalancePolicy underTest,
        final List<WorkerSpec> workers,
        final List<TaskSpec> tasks,
        final TreeMap<TaskId, WorkerId> plan)
    {
        final Fixture fixture = new Fixture(config, underTest, plan);
        for (final WorkerSpec worker : workers)
        {
            fixture.harness.balancer.registerWorker(0, worker);
        }
        for (final TaskSpec task : tasks)
        {
            fixture.harness.balancer.addTask(0, task);
        }
        fixture.harness.settle();
        fixture.policy.scripted = false;
        fixture.harness.log.clear();
        return fixture;
    }

    /**
     * @return a random skewed placement of {@code tasks} over {@code workers} (all can run everything).
     */
    static TreeMap<TaskId, WorkerId> skewed(final Random random, final List<WorkerSpec> workers, final List<TaskSpec> tasks)
    {
        final TreeMap<TaskId, WorkerId> plan = new TreeMap<>();
        final int hot = random.nextInt(workers.size());
        for (final TaskSpec task : tasks)
        {
            final int index = random.nextInt(4) == 0 ? hot : random.nextInt(workers.size());
            plan.put(task.id(), workers.get(index).id());
        }
        return plan;
    }

    static List<TaskSpec> tasks(final int count)
    {
        final List<TaskSpec> tasks = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            tasks.add(TaskSpec.of(String.format("t%05d", i)));
        }
        return tasks;
    }

    TreeMap<TaskId, WorkerId> owners()
    {
        final TreeMap<TaskId, WorkerId> owners = new TreeMap<>();
        for (final Assignment a : harness.balancer.assignments())
        {
            owners.put(a.task(), a.owner());
        }
        return owners;
    }

    TreeMap<WorkerId, Long> loads()
    {
        final TreeMap<WorkerId, Long> loads = new TreeMap<>();
        for (final var worker : harness.balancer.frozenView().workers())
        {
            loads.put(worker.id(), worker.load());
        }
        return loads;
    }

    long closes()
    {
        return harness.log.stream().filter(line -> line.startsWith("close ")).count();
    }

    /**
     * Places tasks as planned until the state is built, then asks the policy under test.
     */
    private static final class Handover extends WrappedPolicy
    {
        private final TreeMap<TaskId, WorkerId> plan;
        boolean scripted = true;

        Handover(final RebalancePolicy underTest, final TreeMap<TaskId, WorkerId> plan)
        {
            super(underTest);
            this.plan = plan;
        }

        @Override
        public WorkerId allocate(final TaskView task, final ClusterView view)
        {
            return scripted ? plan.get(task.id()) : policy.allocate(task, view);
        }

        @Override
        public List<Move> rebalance(final ClusterView view, final int maxMoves)
        {
            return scripted ? List.of() : policy.rebalance(view, maxMoves);
        }
    }
}
