package io.resilientgateways.strategies;

import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.testkit.EngineHarness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sticky's {@code allocateAll} (workers grouped by load for runs of weight-1 tasks, {@code allocate} for the rest)
 * must decide exactly as its {@code allocate} one task at a time. Three engines take the same seeded inputs: sticky
 * placing each batch with {@code allocateAll}; sticky behind a wrapper that keeps only {@code allocate} (the SPI's
 * default {@code allocateAll}, one call per task); and sticky given each task of a batch as its own {@code addTask}
 * input. Workers have equal or unequal capacities, with or without capabilities; tasks weights 1 to 3, some needing a
 * capability nobody or only some have (pending tasks); joins, leaves, removals and partial acknowledgements between
 * batches change the loads unevenly. The directives and the snapshot bytes must be equal after every step.
 */
class StickyBatchTest
{
    @Property(tries = 100)
    void batchAnswersAreThoseOfAllocateOneByOne(@ForAll final long seed)
    {
        final Random random = new Random(seed);
        final boolean equalCapacities = random.nextInt(3) > 0;
        final boolean capabilities = random.nextBoolean();
        final int heavy = random.nextInt(3); // 0: every task weighs 1; else 1 in 8 or 1 in 3 weighs 2 or 3
        final BalancerConfig config = new BalancerConfig().maxMovesPerRound(1 + random.nextInt(200));
        final EngineHarness batch = new EngineHarness(config, Strategies.sticky());
        final EngineHarness perTask = new EngineHarness(
            new BalancerConfig().maxMovesPerRound(config.maxMovesPerRound()), new OneByOne(Strategies.sticky()));
        final EngineHarness single = new EngineHarness(
            new BalancerConfig().maxMovesPerRound(config.maxMovesPerRound()), Strategies.sticky());
        final List<EngineHarness> all = List.of(batch, perTask, single);
        int nextTask = 0;
        for (int step = 0; step < 30; step++)
        {
            final long now = batch.now() + 1 + random.nextInt(3);
            final int what = step < 3 ? 0 : random.nextInt(10);
            final Random choice = new Random(random.nextLong());
            final String worker = "w" + choice.nextInt(12);
            final int capacity = equalCapacities ? 1 : 1 + choice.nextInt(4);
            final boolean offers = capabilities && choice.nextBoolean();
            final List<TaskSpec> specs = new ArrayList<>();
            final int count = choice.nextInt(6) == 0 ? 100 + choice.nextInt(300) : 1 + choice.nextInt(60);
            for (int i = 0; i < count; i++)
            {
                final int weight = heavy > 0 && choice.nextInt(heavy == 1 ? 8 : 3) == 0 ? 2 + choice.nextInt(2) : 1;
                final int needs = capabilities ? choice.nextInt(10) : 9;
                final String id = "t" + (nextTask + i);
                specs.add((needs == 0 ? TaskSpec.of(id, "FIX") : needs == 1 ? TaskSpec.of(id, "NONE") : TaskSpec.of(id))
                    .withWeight(weight));
            }
            final String removed = "t" + (0 == nextTask ? 0 : choice.nextInt(nextTask));
            final int ack = choice.nextInt(80);
            if (what <= 3)
            {
                nextTask += count;
            }
            for (final EngineHarness h : all)
            {
                h.advanceTo(now);
                switch (what)
                {
                    case 0, 1, 2, 3 -> {
                        if (h == single)
                        {
                            for (final TaskSpec spec : specs)
                            {
                                h.balancer.addTask(h.now(), spec);
                            }
                        }
                        else
                        {
                            assertThat(h.balancer.addTasks(h.now(), specs).accepted()).isTrue();
                        }
                    }
                    case 4, 5 -> h.balancer.registerWorker(h.now(), (offers
                        ? WorkerSpec.of(worker, "FIX") : WorkerSpec.of(worker)).withCapacity(capacity));
                    case 6 -> h.leave(WorkerId.of(worker), LeaveReason.SESSION_TIMEOUT);
                    case 7 -> h.balancer.removeTask(h.now(), TaskId.of(removed));
                    default -> h.ack(ack);
                }
            }
            assertThat(perTask.log).as("step %d, per task", step).isEqualTo(batch.log);
            assertThat(single.log).as("step %d, addTask", step).isEqualTo(batch.log);
            final byte[] snapshot = batch.balancer.snapshot();
            assertThat(perTask.balancer.snapshot()).as("step %d, per task", step).isEqualTo(snapshot);
            assertThat(single.balancer.snapshot()).as("step %d, addTask", step).isEqualTo(snapshot);
        }
    }

    /** Sticky with only its one-task decision: the SPI's default {@code allocateAll} calls it per task. */
    private static final class OneByOne extends WrappedPolicy
    {
        OneByOne(final RebalancePolicy policy)
        {
            super(policy);
        }
    }
}
