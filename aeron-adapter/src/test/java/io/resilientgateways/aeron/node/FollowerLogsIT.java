package io.resilientgateways.aeron.node;

import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.logbuffer.Header;
import io.resilientgateways.aeron.service.BalancerServiceContext;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What log retention reads of the followers, from a real 3-member cluster's consensus module: on the leader, the
 * lowest position its followers appended (each heard from within the hold); on a follower, nothing; once a follower
 * has been stopped for longer than the hold, only the one still running.
 */
class FollowerLogsIT
{
    private static final int BASE_PORT = 30_600;
    private static final long HOLD_MS = 2_000;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theLeaderKnowsWhatItsFollowersStillNeed()
    {
        try (LocalCluster cluster = new LocalCluster(3, BASE_PORT, 2_000, 1_000, null, BalancerServiceContext::new))
        {
            cluster.start();
            final int leader = cluster.awaitLeader(20_000);
            final int stopped = (leader + 1) % 3;
            final int running = (leader + 2) % 3;
            LocalCluster.await(20_000, "both followers following", () ->
                cluster.node(stopped).isFollowing() && cluster.node(running).isFollowing());
            connectOnce(cluster); // a session opened and closed: log beyond the election's

            final ConsensusModule.Context leaderCm = cluster.node(leader).consensusModule().context();
            LocalCluster.await(10_000, "the followers' positions at the leader's commit position", () ->
                FollowerLogs.lowestNeeded(leaderCm, HOLD_MS) == leaderCm.commitPositionCounter().get());
            assertThat(FollowerLogs.lowestNeeded(cluster.node(running).consensusModule().context(), HOLD_MS))
                .as("a follower has no say").isEqualTo(Long.MAX_VALUE);

            // one follower stops; the log goes on without it: until the hold is over it holds the log at its position
            final long stoppedAt = leaderCm.commitPositionCounter().get();
            final long stoppedNs = System.nanoTime();
            cluster.stop(stopped);
            connectOnce(cluster);
            final long afterStop = leaderCm.commitPositionCounter().get();
            assertThat(afterStop).isGreaterThan(stoppedAt);
            final long held = FollowerLogs.lowestNeeded(leaderCm, HOLD_MS);
            if (System.nanoTime() - stoppedNs < TimeUnit.MILLISECONDS.toNanos(HOLD_MS))
            {
                assertThat(held).as("the stopped follower, within the hold").isEqualTo(stoppedAt);
            }
            LocalCluster.await(HOLD_MS + 10_000, "the running follower alone", () ->
                FollowerLogs.lowestNeeded(leaderCm, HOLD_MS) == leaderCm.commitPositionCounter().get());
            // it was last heard from before it stopped: at most a heartbeat interval (100 ms) and a duty cycle earlier
            assertThat(System.nanoTime() - stoppedNs).as("not before the hold was over")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(HOLD_MS - 500));
        }
    }

    private static void connectOnce(final LocalCluster cluster)
    {
        try (AeronCluster client = AeronCluster.connect(cluster.clientContext(null).egressListener(new NoEgress())))
        {
            assertThat(client.clusterSessionId()).isNotNegative();
        }
    }

    private static final class NoEgress implements EgressListener
    {
        public void onMessage(
            final long clusterSessionId,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final Header header)
        {
        }
    }
}
