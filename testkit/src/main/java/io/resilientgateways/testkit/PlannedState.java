package io.resilientgateways.testkit;

import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;
import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.Move;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.TaskView;
import io.resilientgateways.core.spi.WorkerView;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * A cluster state fixed in advance (who is registered, draining, departed within a grace period; which task is
 * where, which is pending) that can be built in a real engine from its inputs given in any order. Two engines built
 * in different orders present views that differ only in history (epochs, internal list order), so a policy must
 * answer them alike.
 *
 * @param workers  every worker, registered first.
 * @param tasks    every task.
 * @param plan     where each task is placed; tasks missing from it stay pending.
 * @param draining workers that drain after the tasks are placed.
 * @param departed workers whose session times out after the tasks are placed (their tasks become RESERVED).
 */
public record PlannedState(
    List<WorkerSpec> workers, List<TaskSpec> tasks, TreeMap<TaskId, WorkerId> plan, List<WorkerId> draining,
    List<WorkerId> departed)
{
    /**
     * @param seed  the seed.
     * @param shape the kind of cluster.
     * @return a state of 1 to {@code shape.maxWorkers()} workers and up to {@code shape.maxTasks()} tasks.
     */
    public static PlannedState generate(final long seed, final Scenario.Shape shape)
    {
        final Random random = new Random(seed);
        final Scenario scenario = Scenario.generate(random.nextLong(), shape);
        final TreeMap<WorkerId, WorkerSpec> workers = new TreeMap<>();
        final TreeMap<TaskId, TaskSpec> tasks = new TreeMap<>();
        for (final Scenario.Op op : scenario.ops())
        {
            if (op instanceof Scenario.Register r)
            {
                workers.putIfAbsent(r.spec().id(), r.spec());
            }
            else if (op instanceof Scenario.Add a)
            {
                tasks.putIfAbsent(a.spec().id(), a.spec());
            }
        }
        final List<WorkerSpec> workerList = new ArrayList<>(workers.values());
        final TreeMap<TaskId, WorkerId> plan = new TreeMap<>();
        for (final TaskSpec task : tasks.values())
        {
            final List<WorkerId> capable = new ArrayList<>();
            for (final WorkerSpec worker : workerList)
            {
                if (worker.capabilities().containsAll(task.requires()))
                {
                    capable.add(worker.id());
                }
            }
            if (!capable.isEmpty() && random.nextInt(8) != 0)
            {
                // skewed, so that policies have work to do
                final int index = random.nextInt(3) == 0 ? 0 : random.nextInt(capable.size());
                plan.put(task.id(), capable.get(index));
            }
        }
        final List<WorkerId> draining = new ArrayList<>();
        final List<WorkerId> departed = new ArrayList<>();
        for (final WorkerSpec worker : workerList)
        {
            final int dice = random.nextInt(10);
            if (dice == 0)
            {
                draining.add(worker.id());
            }
            else if (dice == 1 && shape.grace())
            {
                departed.add(worker.id());
            }
        }
        return new PlannedState(workerList, new ArrayList<>(tasks.values()), plan, draining, departed);
    }

    /**
     * Build the state in a real engine, giving the inputs in an order shuffled by {@code orderSeed}.
     *
     * @param orderSeed the shuffle's seed.
     * @return the harness, settled; ask a policy about {@code harness.balancer.frozenView()}.
     */
    public EngineHarness build(final long orderSeed)
    {
        final Random random = new Random(orderSeed);
        final EngineHarness harness = new EngineHarness(
            new BalancerConfig().handoffTimeout(0).gracePeriod(1_000), new ScriptedPolicy(plan));
        final List<WorkerSpec> w = new ArrayList<>(workers);
        Collections.shuffle(w, random);
        for (final WorkerSpec spec : w)
        {
            harness.balancer.registerWorker(0, spec);
        }
        final List<TaskSpec> t = new ArrayList<>(tasks);
        Collections.shuffle(t, random);
        for (final TaskSpec spec : t)
        {
            harness.balancer.addTask(0, spec);
        }
        harness.settle();
        final List<WorkerId> d = new ArrayList<>(departed);
        Collections.shuffle(d, random);
        for (final WorkerId id : d)
        {
            harness.leave(id, LeaveReason.SESSION_TIMEOUT);
        }
        final List<WorkerId> r = new ArrayList<>(draining);
        Collections.shuffle(r, random);
        for (final WorkerId id : r)
        {
            harness.balancer.drainWorker(0, id);
        }
        harness.settle();
        return harness;
    }

    /**
     * Places tasks as planned and never rebalances.
     */
    static final class ScriptedPolicy implements RebalancePolicy
    {
        private final TreeMap<TaskId, WorkerId> plan;

        ScriptedPolicy(final TreeMap<TaskId, WorkerId> plan)
        {
            this.plan = plan;
        }

        @Override
        public String name()
        {
            return "scripted";
        }

        @Override
        public int version()
        {
            return 1;
        }

        @Override
        public WorkerId allocate(final TaskView task, final ClusterView view)
        {
            final WorkerId planned = plan.get(task.id());
            if (null == planned)
            {
                return null;
            }
            final WorkerView worker = view.worker(planned);
            return null != worker && worker.eligible() ? planned : null;
        }

        @Override
        public List<Move> rebalance(final ClusterView view, final int maxMoves)
        {
            return List.of();
        }
    }
}
