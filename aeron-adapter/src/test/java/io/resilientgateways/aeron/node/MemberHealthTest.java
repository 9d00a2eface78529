package io.resilientgateways.aeron.node;

import io.aeron.archive.client.ArchiveException;
import io.aeron.cluster.ElectionState;
import io.aeron.cluster.client.ClusterEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MemberHealthTest
{
    private static final long CLOSED = ElectionState.CLOSED.code();
    private static final long CANVASS = ElectionState.CANVASS.code();
    private static final long REPLICATE = ElectionState.FOLLOWER_LOG_REPLICATION.code();

    private final List<String> log = new ArrayList<>();
    private final MemberHealth health = new MemberHealth(10_000, 0, log::add);

    @Test
    void anElectionThatNeverClosesIsOneStallPerEpisode()
    {
        assertThat(health.poll(0, CANVASS)).isFalse();
        assertThat(health.poll(10_000, CANVASS)).isFalse();
        assertThat(health.poll(10_001, CANVASS)).isTrue();
        assertThat(health.poll(20_000, CANVASS)).isFalse();
        assertThat(health.stalls()).isEqualTo(1);
        assertThat(health.lastStallReason()).contains("no completed election for 10001 ms").contains("CANVASS");

        assertThat(health.poll(20_001, CLOSED)).isFalse();
        assertThat(health.poll(30_000, CANVASS)).isFalse();
        assertThat(health.poll(40_001, CANVASS)).isTrue();
        assertThat(health.stalls()).isEqualTo(2);
    }

    @Test
    void replicationThatKeepsFailingIsAStallBeforeTheTimeout()
    {
        health.poll(0, CLOSED);
        health.onError(new ClusterEvent("log replication has not progressed"));
        health.onError(new ClusterEvent("log replication has not progressed"));
        assertThat(health.poll(100, REPLICATE)).isFalse();
        health.onError(new ClusterEvent("log replication has not progressed"));
        assertThat(health.poll(200, REPLICATE)).isTrue();
        assertThat(health.lastStallReason()).startsWith("log replication has not progressed 3 times");
        assertThat(health.replicationFailures()).isEqualTo(3);
    }

    @Test
    void failuresBeforeACompletedElectionDoNotCount()
    {
        health.onError(new ClusterEvent("log replication has not progressed"));
        health.onError(new ClusterEvent("log replication has not progressed"));
        health.poll(0, CLOSED);
        health.onError(new ClusterEvent("log replication has not progressed"));
        assertThat(health.poll(100, REPLICATE)).isFalse();
        assertThat(health.stalls()).isZero();
    }

    @Test
    void quorumWentBackwardsIsAWarningNotAStall()
    {
        health.onError(new ClusterEvent("quorum position went backwards: leaderCommitPosition=1"));
        assertThat(health.poll(0, CLOSED)).isFalse();
        assertThat(health.quorumBackwards()).isEqualTo(1);
        assertThat(log).anyMatch((l) -> l.startsWith("WARN consensus: quorum position went backwards 1 time"));
        health.onError(new IllegalStateException("something else"));
        assertThat(health.otherErrors()).isEqualTo(1);
        assertThat(health.stalls()).isZero();
    }

    @Test
    void aCatchupRefusedForDeletedLogIsReportedOncePerPositionAndIsNoStall()
    {
        final String refused = "response for correlationId=734, error: requested replay start position=294912 is " +
            "less than recording start position=786432 for recording 0";
        health.onError(new ArchiveException(refused));
        health.onError(new ArchiveException(refused.replace("734", "761"))); // a retry, the same position
        assertThat(health.poll(0, CLOSED)).isFalse();
        assertThat(health.poll(100, CLOSED)).isFalse();
        assertThat(health.strandedCatchups()).isEqualTo(2);
        assertThat(log).hasSize(1);
        assertThat(log.get(0)).startsWith("WARN retention: a follower cannot catch up").contains("position=294912")
            .contains("seed it");

        health.onError(new ArchiveException(refused.replace("294912", "300000"))); // another follower
        health.poll(200, CLOSED);
        assertThat(log).hasSize(2);
        assertThat(health.stalls()).isZero();
        assertThat(health.otherErrors()).isZero();
    }

    @Test
    void previousStallsCarryOver()
    {
        final MemberHealth restarted = new MemberHealth(1_000, 4, log::add);
        restarted.poll(0, CANVASS);
        restarted.poll(1_001, CANVASS);
        assertThat(restarted.stalls()).isEqualTo(5);
    }
}
