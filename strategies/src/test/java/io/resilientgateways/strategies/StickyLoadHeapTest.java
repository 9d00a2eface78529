package io.resilientgateways.strategies;

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
import io.resilientgateways.testkit.EngineHarness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sticky's {@code allocate} keeps a heap of loads between calls while {@link ClusterView#loadVersion()} shows that
 * only its own last placement happened; without that signal it scans. Both must give the same answers: the same
 * directives and the same snapshot bytes after every step, through batches, single adds, removals, leaves, joins,
 * releases and partial acknowledgements (which interleave other load changes with placements).
 */
class StickyLoadHeapTest
{
    @Property(tries = 150)
    void sameAnswersWithAndWithoutTheLoadSignal(@ForAll final long seed)
    {
        final BalancerConfig config = new BalancerConfig().maxMovesPerRound(1 + new Random(seed).nextInt(50));
        final EngineHarness withHeap = new EngineHarness(config, Strategies.sticky());
        final EngineHarness scanning = new EngineHarness(
            new BalancerConfig().maxMovesPerRound(config.maxMovesPerRound()), new Blind(Strategies.sticky()));
        final Random random = new Random(seed);
        int nextTask = 0;
        for (int step = 0; step < 60; step++)
        {
            final long now = withHeap.now() + 1 + random.nextInt(3);
            final int what = random.nextInt(10);
            for (final EngineHarness h : List.of(withHeap, scanning))
            {
                h.advanceTo(now);
            }
            final Random choice = new Random(random.nextLong());
            final int first = nextTask;
            final int count = 1 + choice.nextInt(40);
            final String worker = "w" + choice.nextInt(8);
            final boolean capable = choice.nextInt(4) == 0;
            final int ack = choice.nextInt(60);
            final String removed = "t" + (nextTask == 0 ? 0 : choice.nextInt(nextTask));
            if (what <= 2)
            {
                nextTask += count;
            }
            for (final EngineHarness h : List.of(withHeap, scanning))
            {
                switch (what)
                {
                    case 0, 1 -> {
                        final List<TaskSpec> specs = new ArrayList<>();
                        for (int i = first; i < first + count; i++)
                        {
                            specs.add(capable ? TaskSpec.of("t" + i, "FIX") : TaskSpec.of("t" + i));
                        }
                        h.balancer.addTasks(h.now(), specs);
                    }
                    case 2 -> h.balancer.addTask(h.now(), TaskSpec.of("t" + first));
                    case 3, 4 -> h.balancer.registerWorker(h.now(), capable
                        ? WorkerSpec.of(worker, "FIX") : WorkerSpec.of(worker));
                    case 5 -> h.leave(WorkerId.of(worker), LeaveReason.SESSION_TIMEOUT);
                    case 6 -> h.balancer.removeTask(h.now(), TaskId.of(removed));
                    default -> h.ack(ack);
                }
            }
            assertThat(scanning.log).as("step %d", step).isEqualTo(withHeap.log);
            assertThat(scanning.balancer.snapshot()).as("step %d", step).isEqualTo(withHeap.balancer.snapshot());
        }
    }

    /** The same policy, handed views that do not track loads. */
    private static final class Blind extends WrappedPolicy
    {
        Blind(final RebalancePolicy policy)
        {
            super(policy);
        }

        @Override
        public WorkerId allocate(final TaskView task, final ClusterView view)
        {
            return policy.allocate(task, new NoLoadVersion(view));
        }

        @Override
        public List<Move> rebalance(final ClusterView view, final int maxMoves)
        {
            return policy.rebalance(new NoLoadVersion(view), maxMoves);
        }
    }

    private record NoLoadVersion(ClusterView view) implements ClusterView
    {
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
            return view.tasksOf(id);
        }

        @Override
        public TaskView task(final TaskId id)
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
