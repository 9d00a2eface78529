package io.resilientgateways.testkit;

import io.resilientgateways.core.BasicPolicy;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.Move;
import io.resilientgateways.core.spi.Placements;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.TaskView;
import io.resilientgateways.core.spi.WorkerView;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit catches broken policies: each mutant below breaks one clause of the contract, and the matching property
 * must fail for at least one of the first 300 seeds. (A kit that cannot fail proves nothing.)
 */
class ContractKitSelfTest
{
    private static final int SEEDS = 300;

    @Test
    void catchesAllocationToAWorkerThatLacksCapabilities()
    {
        final Kit kit = new Kit(IgnoresCapabilities::new);
        assertThat(failures(kit::proposalsAreValidAndTasksAreConserved, true)).isPositive();
        assertThat(failures(kit::capabilitiesAreRespected, true)).isPositive();
    }

    @Test
    void catchesMoreMovesThanAllowed()
    {
        assertThat(failures(new Kit(IgnoresMoveLimit::new)::proposalsAreValidAndTasksAreConserved, true)).isPositive();
    }

    @Test
    void catchesAnswersThatChangeOnTheSameView()
    {
        assertThat(failures(new Kit(Flaky::new)::proposalsAreValidAndTasksAreConserved, true)).isPositive();
    }

    @Test
    void catchesAnswersThatDependOnInputOrder()
    {
        final Kit kit = new Kit(PrefersOldestGrant::new);
        assertThat(failures(seed -> kit.answersDoNotDependOnInputOrder(seed, seed * 31 + 7), true)).isPositive();
    }

    @Test
    void catchesABatchThatDecidesOtherwiseThanOneByOne()
    {
        assertThat(failures(new Kit(BatchToLastCapable::new)::batchPlacementDecidesAsOneTaskAtATime, true))
            .isPositive();
    }

    @Test
    void passesTheReferencePolicy()
    {
        final Kit kit = new Kit(BasicPolicy::new);
        assertThat(failures(kit::proposalsAreValidAndTasksAreConserved, false)).isZero();
        assertThat(failures(seed -> kit.answersDoNotDependOnInputOrder(seed, seed * 31 + 7), false)).isZero();
        assertThat(failures(kit::batchPlacementDecidesAsOneTaskAtATime, false)).isZero();
    }

    private static int failures(final LongConsumer property, final boolean stopAtFirst)
    {
        int failed = 0;
        for (long seed = 0; seed < SEEDS; seed++)
        {
            try
            {
                property.accept(seed);
            }
            catch (final AssertionError expected)
            {
                failed++;
                if (stopAtFirst)
                {
                    break;
                }
            }
        }
        return failed;
    }

    private static final class Kit extends RebalancePolicyContract
    {
        private final java.util.function.Supplier<RebalancePolicy> factory;

        Kit(final java.util.function.Supplier<RebalancePolicy> factory)
        {
            this.factory = factory;
        }

        @Override
        protected RebalancePolicy newPolicy()
        {
            return factory.get();
        }
    }

    /** Places every task on the first eligible worker, capable or not. */
    private static final class IgnoresCapabilities extends Mutant
    {
        @Override
        public WorkerId allocate(final TaskView task, final ClusterView view)
        {
            return view.workers().isEmpty() ? null : view.workers().get(0).id();
        }
    }

    /** Proposes every movable task to the next worker, however many that is. */
    private static final class IgnoresMoveLimit extends Mutant
    {
        @Override
        public List<Move> rebalance(final ClusterView view, final int maxMoves)
        {
            final List<Move> moves = new ArrayList<>();
            final List<WorkerView> workers = view.workers();
            for (int i = 0; i < workers.size() && workers.size() > 1; i++)
            {
                final WorkerView next = workers.get((i + 1) % workers.size());
                for (final TaskView task : view.tasksOf(workers.get(i).id()))
                {
                    if (task.movable() && next.canRun(task.requires()))
                    {
                        moves.add(new Move(task.id(), next.id()));
                    }
                }
            }
            return moves.size() > maxMoves ? moves : List.of();
        }
    }

    /** Alternates between two answers. */
    private static final class Flaky extends Mutant
    {
        private int calls;

        @Override
        public WorkerId allocate(final TaskView task, final ClusterView view)
        {
            final WorkerId first = super.allocate(task, view);
            final WorkerId second = firstCapable(task, view, ++calls % 2 == 0);
            return null == second ? first : second;
        }
    }

    /** Moves the task granted longest ago (lowest epoch): epochs depend on the order of inputs. */
    private static final class PrefersOldestGrant extends Mutant
    {
        @Override
        public List<Move> rebalance(final ClusterView view, final int maxMoves)
        {
            TaskView oldest = null;
            for (final WorkerView worker : view.workers())
            {
                for (final TaskView task : view.tasksOf(worker.id()))
                {
                    if (task.movable() && (null == oldest || task.epoch() < oldest.epoch()))
                    {
                        oldest = task;
                    }
                }
            }
            if (null == oldest)
            {
                return List.of();
            }
            for (final WorkerView worker : view.workers())
            {
                if (!worker.id().equals(oldest.assignee()) && worker.canRun(oldest.requires()))
                {
                    return List.of(new Move(oldest.id(), worker.id()));
                }
            }
            return List.of();
        }
    }

    /** Places a batch's tasks on the last capable worker, while {@code allocate} answers as the reference does. */
    private static final class BatchToLastCapable extends Mutant
    {
        @Override
        public void allocateAll(
            final List<? extends TaskView> tasks, final ClusterView view, final Placements placements)
        {
            for (final TaskView task : tasks)
            {
                placements.place(firstCapable(task, view, true));
            }
        }
    }

    private abstract static class Mutant implements RebalancePolicy
    {
        private final BasicPolicy basic = new BasicPolicy();

        @Override
        public String name()
        {
            return "mutant";
        }

        @Override
        public int version()
        {
            return 1;
        }

        @Override
        public WorkerId allocate(final TaskView task, final ClusterView view)
        {
            return basic.allocate(task, view);
        }

        @Override
        public List<Move> rebalance(final ClusterView view, final int maxMoves)
        {
            return List.of();
        }

        static WorkerId firstCapable(final TaskView task, final ClusterView view, final boolean last)
        {
            WorkerId found = null;
            for (final WorkerView worker : view.workers())
            {
                if (worker.canRun(task.requires()))
                {
                    found = worker.id();
                    if (!last)
                    {
                        return found;
                    }
                }
            }
            return found;
        }
    }
}
