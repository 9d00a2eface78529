package io.resilientgateways.core;

import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.Move;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.TaskView;
import io.resilientgateways.core.spi.WorkerView;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Balancer#reconfigure}: another policy and settings from one input on, everything else carried over, and a
 * snapshot that restores only under the new ones.
 */
class ReconfigureTest
{
    private final RecordingSink sink = new RecordingSink();

    /**
     * Places every task on the eligible worker with the highest name: unlike {@link BasicPolicy}, which spreads.
     */
    static final class LastWorkerPolicy implements RebalancePolicy
    {
        public String name()
        {
            return "last-worker";
        }

        public int version()
        {
            return 1;
        }

        public WorkerId allocate(final TaskView task, final ClusterView view)
        {
            WorkerId last = null;
            for (final WorkerView worker : view.workers())
            {
                if (worker.canRun(task.requires()))
                {
                    last = worker.id();
                }
            }
            return last;
        }

        public List<Move> rebalance(final ClusterView view, final int maxMoves)
        {
            return List.of();
        }
    }

    private Balancer running()
    {
        final Balancer balancer = new Balancer(new BalancerConfig(), new BasicPolicy(), sink, sink);
        balancer.registerWorker(1, WorkerSpec.of("gw-1"));
        balancer.registerWorker(1, WorkerSpec.of("gw-2"));
        for (int i = 1; i <= 4; i++)
        {
            balancer.addTask(2, TaskSpec.of("PARTY-" + i));
        }
        return balancer;
    }

    @Test
    void theNewPolicyPlacesTasksFromTheSwitchOnAndEverythingElseCarriesOver()
    {
        final Balancer before = running();
        final List<Assignment> assignments = before.assignments();
        final long lastEpoch = before.lastEpoch();
        final long historySeq = before.historySequence();
        sink.drain();

        final Balancer after = before.reconfigure(
            new BalancerConfig().handoffTimeout(5_000), new LastWorkerPolicy(), sink, sink);

        assertThat(sink.drain()).as("the switch itself sends nothing").isEmpty();
        assertThat(after.assignments()).isEqualTo(assignments);
        assertThat(after.lastEpoch()).isEqualTo(lastEpoch);
        assertThat(after.historySequence()).isEqualTo(historySeq);
        assertThat(after.config().handoffTimeout()).isEqualTo(5_000);
        for (int i = 5; i <= 7; i++)
        {
            after.addTask(3, TaskSpec.of("PARTY-" + i));
            assertThat(after.assignment(TaskId.of("PARTY-" + i)).owner().name()).isEqualTo("gw-2");
        }
    }

    @Test
    void theSnapshotRestoresUnderTheNewSettingsOnlyAndReplaysAlike()
    {
        final BalancerConfig config = new BalancerConfig().releaseBackoff(500);
        final Balancer after = running().reconfigure(config, new LastWorkerPolicy(), sink, sink);
        final byte[] snapshot = after.snapshot();

        final Balancer restored = Balancer.restore(
            new BalancerConfig().releaseBackoff(500), new LastWorkerPolicy(), sink, sink, snapshot);
        assertThat(restored.snapshot()).isEqualTo(snapshot);
        after.addTask(5, TaskSpec.of("PARTY-9"));
        restored.addTask(5, TaskSpec.of("PARTY-9"));
        assertThat(restored.snapshot()).isEqualTo(after.snapshot());

        assertThatThrownBy(() -> Balancer.restore(new BalancerConfig(), new LastWorkerPolicy(), sink, sink, snapshot))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("settings");
        assertThatThrownBy(() -> Balancer.restore(
            new BalancerConfig().releaseBackoff(500), new BasicPolicy(), sink, sink, snapshot))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("last-worker");
    }

    @Test
    void anInvalidSettingOrLimitsBelowTheCurrentCountsAreRefusedAndChangeNothing()
    {
        final Balancer balancer = running();
        final byte[] before = balancer.snapshot();
        assertThatThrownBy(() -> balancer.reconfigure(
            new BalancerConfig().maxTasks(3), new BasicPolicy(), sink, sink))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTasks 3 for 4 tasks");
        assertThatThrownBy(() -> balancer.reconfigure(
            new BalancerConfig().handoffTimeout(-1), new BasicPolicy(), sink, sink))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handoffTimeout");
        assertThat(balancer.snapshot()).isEqualTo(before);
        balancer.addTask(9, TaskSpec.of("PARTY-5"));
        assertThat(balancer.taskCount()).isEqualTo(5);
    }
}
