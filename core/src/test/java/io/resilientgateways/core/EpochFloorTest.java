package io.resilientgateways.core;

import io.resilientgateways.core.spi.DirectiveSink;
import io.resilientgateways.core.spi.Timers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EpochFloorTest
{
    private final List<Long> opens = new ArrayList<>();
    private final DirectiveSink sink = new DirectiveSink()
    {
        public void open(final WorkerId worker, final TaskId task, final long epoch)
        {
            opens.add(epoch);
        }

        public void close(final WorkerId worker, final TaskId task, final long epoch)
        {
        }
    };
    private final Timers timers = new Timers()
    {
        public void schedule(final long correlationId, final long deadline)
        {
        }

        public void cancel(final long correlationId)
        {
        }
    };

    @Test
    void epochsGrantedAfterAFloorAreAboveItAndTheSnapshotKeepsIt()
    {
        final Balancer balancer = new Balancer(new BalancerConfig(), new BasicPolicy(), sink, timers);
        assertThat(balancer.raiseEpochFloor(0, 5_000).accepted()).isTrue();
        balancer.registerWorker(1, WorkerSpec.of("gw-1"));
        balancer.addTask(2, TaskSpec.of("PARTY-1"));
        assertThat(opens).containsExactly(5_001L);

        final Balancer restored = Balancer.restore(new BalancerConfig(), new BasicPolicy(), sink, timers,
            balancer.snapshot());
        assertThat(restored.lastEpoch()).isEqualTo(5_001);
        restored.addTask(3, TaskSpec.of("PARTY-2"));
        assertThat(opens).containsExactly(5_001L, 5_002L);
    }

    @Test
    void aLowerFloorChangesNothingAndANegativeOneIsRejected()
    {
        final Balancer balancer = new Balancer(new BalancerConfig(), new BasicPolicy(), sink, timers);
        balancer.raiseEpochFloor(0, 100);
        final byte[] before = balancer.snapshot();
        assertThat(balancer.raiseEpochFloor(0, 50).accepted()).isTrue();
        assertThat(balancer.lastEpoch()).isEqualTo(100);
        final Result negative = balancer.raiseEpochFloor(0, -1);
        assertThat(negative.accepted()).isFalse();
        assertThat(negative.code()).isEqualTo(RejectionCode.INVALID_NUMBER);
        assertThat(balancer.snapshot()).isEqualTo(before);
    }
}
