package io.resilientgateways.aeron.node;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.logbuffer.Header;
import io.resilientgateways.aeron.service.BalancerServiceContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member whose log ends inside an older leadership term must copy the rest of that term from the leader's archive
 * (Aeron's election state {@code FOLLOWER_LOG_REPLICATION}) before it can follow: the case of a member restarted
 * after a leader change, and of a woken ex-leader. The member's archive asks the leader's archive over UDP on the
 * stream id of its own archive client; if the members' archives listen on another stream id, the request never
 * arrives, "log replication has not progressed" repeats every leader heartbeat timeout and the member never
 * follows (with only two members up, there is no leader either: the leader waits for the follower's copy).
 */
class LogReplicationIT
{
    private static final int BASE_PORT = 30_500;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aMemberBehindAnOlderTermCopiesItFromTheNewLeader()
    {
        try (LocalCluster cluster = new LocalCluster(3, BASE_PORT, 2_000, 500, null,
            BalancerServiceContext::new).nodeSettings((ctx) -> ctx.leaderHeartbeatIntervalMs(50)
            .electionTimeoutMs(100)))
        {
            cluster.start();
            final int leader = cluster.awaitLeader(20_000);
            final int behind = (leader + 1) % 3;
            final int ahead = (leader + 2) % 3;
            LocalCluster.await(20_000, "both followers caught up", () ->
                cluster.node(behind).isFollowing() && cluster.node(ahead).isFollowing());

            // the member stops; the log goes on without it (session open and close events, committed by the other two)
            cluster.stop(behind);
            for (int i = 0; i < 3; i++)
            {
                try (AeronCluster client = AeronCluster.connect(cluster.clientContext(null).egressListener(
                    new NoEgress())))
                {
                    assertThat(client.clusterSessionId()).isNotNegative();
                }
            }
            idle(500);

            // the leader goes too: the two left can only lead a new term if the one behind copies the old term's end
            cluster.stop(leader);
            cluster.start(behind, false);
            final long restartedNs = System.nanoTime();
            final int newLeader = cluster.awaitLeader(30_000);
            LocalCluster.await(30_000, "the restarted member following", () -> cluster.node(behind).isFollowing());
            System.out.println("new leader " + newLeader + " and member " + behind + " following after " +
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedNs) + " ms, replication failures " +
                cluster.node(behind).replicationFailureCount());
            assertThat(newLeader).isEqualTo(ahead);
            assertThat(cluster.node(behind).stallCount()).isZero();
        }
    }

    private static void idle(final long ms)
    {
        final SleepingMillisIdleStrategy idle = new SleepingMillisIdleStrategy(1);
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (System.nanoTime() - deadline < 0)
        {
            idle.idle();
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
