package io.resilientgateways.core;

import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.Move;
import io.resilientgateways.core.spi.Placements;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.TaskView;
import io.resilientgateways.core.spi.WorkerView;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code addTasks} places its batch with one {@link RebalancePolicy#allocateAll} call ({@code Placement}), puts a
 * large batch into the task table by home slot, and skips the history entries the batch itself overwrites. None of it
 * may show: the directives (with their handles and epochs, in order), the timers and the snapshot bytes must be those
 * of {@code addTask} for each task in order at the same time, whatever the policy's batch call does (answers by name
 * or by index, stops early, answers too much, throws), with capabilities, capacities, weights, pending tasks, refused
 * and failing answers, and batches larger than the history and than the table's sorted-batch threshold.
 */
class BatchPlacementTest
{
    /** How the policy's {@code allocateAll} answers; its {@code allocate} is the same in every mode. */
    enum Mode
    {
        DEFAULT, BY_NAME, BY_INDEX, STOPS_EARLY, ANSWERS_TOO_MUCH
    }

    @Property(tries = 120)
    void aBatchIsTheSameAsAddingOneByOne(@ForAll final long seed)
    {
        final Random random = new Random(seed);
        final int history = new int[]{ 4, 16, 64, 4096 }[random.nextInt(4)];
        final Mode mode = Mode.values()[random.nextInt(Mode.values().length)];
        final int flakiness = random.nextInt(3); // 0: none; else 1 in 10 answers fails, names nobody or an incapable one
        final long setupSeed = random.nextLong();
        final int count = random.nextInt(5) == 0 ? 1024 + random.nextInt(600) : random.nextInt(300);
        final List<TaskSpec> batch = specs(random, "b", count);

        final Engine one = new Engine(history, new Flaky(flakiness, Mode.DEFAULT), setupSeed);
        final Engine all = new Engine(history, new Flaky(flakiness, mode), setupSeed);
        final long now = one.now + 3;
        for (final TaskSpec spec : batch)
        {
            assertThat(one.balancer.addTask(now, spec).accepted()).isTrue();
        }
        assertThat(all.balancer.addTasks(now, batch).accepted()).isTrue();

        assertThat(all.sink.directives).isEqualTo(one.sink.directives);
        assertThat(all.balancer.policyProposalsRejected()).isEqualTo(one.balancer.policyProposalsRejected());
        assertThat(all.balancer.snapshot()).isEqualTo(one.balancer.snapshot());
        // and it goes on alike: acks, a leave, another batch
        for (final Engine e : List.of(one, all))
        {
            e.ackEvery(3, now + 1);
            e.balancer.workerLeft(now + 2, WorkerId.of("w1"), LeaveReason.SESSION_TIMEOUT);
            e.balancer.addTasks(now + 3, specs(new Random(seed), "c", 50));
        }
        assertThat(all.sink.directives).isEqualTo(one.sink.directives);
        assertThat(all.balancer.snapshot()).isEqualTo(one.balancer.snapshot());
    }

    @Test
    void aLargeBatchWithADuplicateAddsNothingAndNamesTheFirst()
    {
        final Engine e = new Engine(64, new Flaky(0, Mode.DEFAULT), 7);
        final byte[] before = e.balancer.snapshot();
        final int logged = e.sink.directives.size();
        final List<TaskSpec> batch = specs(new Random(1), "d", 3000);
        batch.set(2500, TaskSpec.of(batch.get(2400).id().name()));
        batch.set(2900, TaskSpec.of("t0")); // exists already, but later in the batch than the first duplicate
        final Result twice = e.balancer.addTasks(e.now + 1, batch);
        assertThat(twice.code()).isEqualTo(RejectionCode.DUPLICATE_TASK);
        assertThat(twice.message()).contains(batch.get(2400).id().name(), "in this batch");

        batch.set(2500, TaskSpec.of("d-unique"));
        final Result existing = e.balancer.addTasks(e.now + 1, batch);
        assertThat(existing.code()).isEqualTo(RejectionCode.DUPLICATE_TASK);
        assertThat(existing.message()).contains("t0").doesNotContain("in this batch");
        assertThat(e.balancer.snapshot()).isEqualTo(before);
        assertThat(e.sink.directives).hasSize(logged);

        batch.set(2900, TaskSpec.of("d-unique-2"));
        assertThat(e.balancer.addTasks(e.now + 1, batch).accepted()).isTrue();
        for (final TaskSpec spec : batch)
        {
            assertThat(e.balancer.task(spec.id())).isNotNull();
        }
    }

    private static List<TaskSpec> specs(final Random random, final String prefix, final int count)
    {
        final List<TaskSpec> specs = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final String[] requires = switch (random.nextInt(8))
            {
                case 0 -> new String[]{ "A" };
                case 1 -> new String[]{ "B" };
                case 2 -> new String[]{ "C" }; // nobody has it: pending
                default -> new String[0];
            };
            final int weight = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 1;
            specs.add(TaskSpec.of(prefix + random.nextInt(1_000_000) + "-" + i, requires).withWeight(weight));
        }
        return specs;
    }

    /** An engine after a seeded start: workers with capabilities and capacities, some tasks, some acknowledged. */
    private static final class Engine
    {
        final RecordingSink sink = new RecordingSink(true);
        final Balancer balancer;
        long now = 1;

        Engine(final int history, final RebalancePolicy policy, final long seed)
        {
            balancer = new Balancer(new BalancerConfig().historyCapacity(history), policy, sink, sink);
            final Random random = new Random(seed);
            final int workers = 1 + random.nextInt(6);
            final boolean equal = random.nextBoolean();
            for (int w = 0; w < workers; w++)
            {
                final String[] offers = switch (random.nextInt(4))
                {
                    case 0 -> new String[]{ "A" };
                    case 1 -> new String[]{ "A", "B" };
                    default -> new String[0];
                };
                balancer.registerWorker(now++, WorkerSpec.of("w" + w, offers)
                    .withCapacity(equal ? 1 : 1 + random.nextInt(3)));
            }
            for (int i = 0; i < random.nextInt(40); i++)
            {
                balancer.addTask(now++, TaskSpec.of("t" + i, random.nextInt(5) == 0 ? "C" : "A"));
            }
            ackEvery(2, now++);
        }

        void ackEvery(final int step, final long time)
        {
            for (final Assignment a : balancer.assignments())
            {
                if (a.status() == TaskStatus.OPENING && a.epoch() % step == 0)
                {
                    balancer.taskOpened(time, a.owner(), a.task(), a.epoch());
                }
            }
            now = Math.max(now, time);
        }
    }

    /**
     * {@link BasicPolicy}'s answers, except that with flakiness some fail (throw), name nobody known, or name a worker
     * that cannot run the task: the engine must treat those alike in both paths. Its {@code allocateAll} answers in
     * the given mode, always what {@code allocate} answers.
     */
    private static final class Flaky implements RebalancePolicy
    {
        private final BasicPolicy basic = new BasicPolicy();
        private final int flakiness;
        private final Mode mode;

        Flaky(final int flakiness, final Mode mode)
        {
            this.flakiness = flakiness;
            this.mode = mode;
        }

        @Override
        public String name()
        {
            return basic.name();
        }

        @Override
        public int version()
        {
            return basic.version();
        }

        @Override
        public WorkerId allocate(final TaskView task, final ClusterView view)
        {
            final int pick = Math.floorMod(task.id().hashCode(), 10);
            if (flakiness > 0 && 0 == pick)
            {
                throw new IllegalStateException("policy bug for " + task.id());
            }
            if (flakiness > 0 && 1 == pick)
            {
                return WorkerId.of("nobody");
            }
            if (flakiness > 1 && 2 == pick && !view.workers().isEmpty())
            {
                return view.workers().get(view.workers().size() - 1).id(); // maybe incapable
            }
            return basic.allocate(task, view);
        }

        @Override
        public void allocateAll(final List<? extends TaskView> tasks, final ClusterView view, final Placements out)
        {
            if (mode == Mode.DEFAULT)
            {
                RebalancePolicy.super.allocateAll(tasks, view, out);
                return;
            }
            final int stop = mode == Mode.STOPS_EARLY ? tasks.size() / 2 : tasks.size();
            for (int i = 0; i < stop; i++)
            {
                final WorkerId answer = allocate(tasks.get(i), view);
                if (mode == Mode.BY_INDEX && null != answer)
                {
                    out.placeAt(indexOf(view.workers(), answer));
                }
                else
                {
                    out.place(answer);
                }
            }
            if (mode == Mode.ANSWERS_TOO_MUCH)
            {
                assertThat(out.place(WorkerId.of("w0"))).isFalse();
                assertThat(out.placeAt(0)).isFalse();
            }
        }

        private static int indexOf(final List<WorkerView> workers, final WorkerId id)
        {
            for (int i = 0; i < workers.size(); i++)
            {
                if (workers.get(i).id().equals(id))
                {
                    return i;
                }
            }
            return workers.size(); // unknown: out of range, refused as an unknown name is
        }

        @Override
        public List<Move> rebalance(final ClusterView view, final int maxMoves)
        {
            return basic.rebalance(view, maxMoves);
        }
    }
}
