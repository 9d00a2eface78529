package io.resilientgateways.strategies;

import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.WorkerView;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consistent hashing's promises: a task's owner depends only on the membership and its id (not on history); a join
 * moves tasks only to the joiner, a leave moves only the leaver's tasks, about 1/M of them either way; with a load
 * bound no worker goes above ceil((1 + eps) x its share).
 */
class ConsistentHashPolicyTest
{
    @Test
    void goldenAssignment()
    {
        final List<WorkerSpec> workers = List.of(WorkerSpec.of("gw-1"), WorkerSpec.of("gw-2"), WorkerSpec.of("gw-3"));
        final Fixture fixture = fresh(Strategies.consistentHash(), workers, tasks("PARTY-", 10));
        final StringBuilder owners = new StringBuilder();
        for (final Map.Entry<TaskId, WorkerId> e : fixture.owners().entrySet())
        {
            owners.append(e.getKey()).append('=').append(e.getValue()).append(' ');
        }
        assertThat(owners.toString().trim()).isEqualTo(GOLDEN_OWNERS);
    }

    @Property
    void joinMovesOnlyToTheJoinerAndForgetsHistory(@ForAll final long seed)
    {
        final Random random = new Random(seed);
        final List<WorkerSpec> workers = StickyPolicyPropertiesTest.workers(random, 1 + random.nextInt(6), true);
        final List<TaskSpec> tasks = Fixture.tasks(random.nextInt(60));
        final RebalancePolicy policy = Strategies.consistentHash(new ConsistentHashOptions().virtualNodes(20));
        final Fixture fixture = fresh(policy, workers, tasks);
        final TreeMap<TaskId, WorkerId> before = fixture.owners();
        final WorkerSpec joiner = WorkerSpec.of("joiner").withCapacity(1 + random.nextInt(3));

        fixture.harness.balancer.registerWorker(1, joiner);
        fixture.harness.settle();

        final TreeMap<TaskId, WorkerId> after = fixture.owners();
        for (final TaskId task : before.keySet())
        {
            if (!before.get(task).equals(after.get(task)))
            {
                assertThat(after.get(task)).as("%s moved, seed %d", task, seed).isEqualTo(joiner.id());
            }
        }
        final List<WorkerSpec> all = new ArrayList<>(workers);
        all.add(joiner);
        assertThat(after).as("same as a fresh start, seed %d", seed)
            .isEqualTo(fresh(Strategies.consistentHash(new ConsistentHashOptions().virtualNodes(20)), all, tasks)
            .owners());
    }

    @Property
    void leaveMovesOnlyTheLeaversTasks(@ForAll final long seed)
    {
        final Random random = new Random(seed);
        final List<WorkerSpec> workers = StickyPolicyPropertiesTest.workers(random, 2 + random.nextInt(6), true);
        final List<TaskSpec> tasks = Fixture.tasks(random.nextInt(60));
        final Fixture fixture = fresh(Strategies.consistentHash(new ConsistentHashOptions().virtualNodes(20)),
            workers, tasks);
        final TreeMap<TaskId, WorkerId> before = fixture.owners();
        final WorkerId leaver = workers.get(random.nextInt(workers.size())).id();

        fixture.harness.leave(leaver, LeaveReason.DEREGISTERED);
        fixture.harness.settle();

        final TreeMap<TaskId, WorkerId> after = fixture.owners();
        for (final TaskId task : before.keySet())
        {
            if (!before.get(task).equals(leaver))
            {
                assertThat(after.get(task)).as("%s moved, seed %d", task, seed).isEqualTo(before.get(task));
            }
        }
        assertThat(fixture.closes()).as("no voluntary moves, seed %d", seed).isZero();
    }

    @Property
    void boundedLoadCapHolds(@ForAll final long seed)
    {
        final Random random = new Random(seed);
        final double epsilon = new double[]{ 0.0, 0.1, 0.25, 1.0 }[random.nextInt(4)];
        final List<WorkerSpec> workers = StickyPolicyPropertiesTest.workers(random, 1 + random.nextInt(6), true);
        final List<TaskSpec> tasks = Fixture.tasks(random.nextInt(80));
        final ConsistentHashOptions options = new ConsistentHashOptions().virtualNodes(10).boundedLoad(epsilon);
        final Fixture fixture = fresh(Strategies.consistentHash(options), workers, tasks);
        fixture.harness.balancer.registerWorker(1, WorkerSpec.of("joiner").withCapacity(1 + random.nextInt(3)));
        fixture.harness.settle();
        if (random.nextBoolean())
        {
            fixture.harness.leave(workers.get(0).id(), LeaveReason.DEREGISTERED);
            fixture.harness.settle();
        }

        final List<WorkerView> live = fixture.harness.balancer.frozenView().workers();
        final long capacity = live.stream().mapToLong(WorkerView::capacity).sum();
        for (final WorkerView worker : live)
        {
            final long cap = (long)Math.ceil((1.0 + epsilon) * ((double)tasks.size() * worker.capacity() / capacity));
            assertThat(worker.load()).as("%s, eps %s, seed %d", worker.id(), epsilon, seed).isLessThanOrEqualTo(cap);
        }
    }

    @Test
    void aboutOneInMMoveOnJoinAndLeave()
    {
        final List<WorkerSpec> workers = StickyPolicyPropertiesTest.workers(new Random(0), 10, false);
        final List<TaskSpec> tasks = Fixture.tasks(10_000);
        final Fixture fixture = fresh(Strategies.consistentHash(), workers, tasks);
        fixture.harness.balancer.registerWorker(1, WorkerSpec.of("joiner"));
        fixture.harness.settle();
        final long joinMoves = fixture.closes();
        final long joinerLoad = fixture.harness.balancer.worker(WorkerId.of("joiner")).load();
        fixture.harness.leave(WorkerId.of("w3"), LeaveReason.DEREGISTERED);

        assertThat(joinMoves).isEqualTo(joinerLoad).isBetween(10_000L / 11 / 2, 10_000L / 11 * 3 / 2);
    }

    private static Fixture fresh(final RebalancePolicy policy, final List<WorkerSpec> workers,
        final List<TaskSpec> tasks)
    {
        final Fixture fixture = Fixture.build(policy, workers, List.of(), new TreeMap<>());
        for (final TaskSpec task : tasks)
        {
            fixture.harness.balancer.addTask(0, task);
        }
        fixture.harness.settle();
        fixture.harness.log.clear();
        return fixture;
    }

    private static List<TaskSpec> tasks(final String prefix, final int count)
    {
        final List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            tasks.add(TaskSpec.of(prefix + i));
        }
        return tasks;
    }

    static final String GOLDEN_OWNERS =
        "PARTY-0=gw-2 PARTY-1=gw-1 PARTY-2=gw-1 PARTY-3=gw-3 PARTY-4=gw-2 PARTY-5=gw-3 PARTY-6=gw-2 PARTY-7=gw-1 " +
        "PARTY-8=gw-1 PARTY-9=gw-1";
}
