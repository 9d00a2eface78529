package io.resilientgateways.aeron.service;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.strategies.Strategies;
import org.agrona.DirectBuffer;

import java.util.concurrent.TimeUnit;

/**
 * docs/operations.md: a team's own clustered service that embeds the balancer next to its own logic. Compiled with
 * the tests so the documented example cannot rot.
 */
public final class EmbeddingExample implements ClusteredService
{
    private final BalancerServiceComponent balancer = new BalancerServiceComponent(new BalancerServiceContext()
        .balancerConfig(new BalancerConfig().handoffTimeout(5_000))
        .policy(Strategies.sticky())
        .sessionTimeoutMs(1_000)            // equal to ConsensusModule.Context.sessionTimeoutNs
        .timerIdBase(1L << 56));            // our own timers use small correlation ids
    private long tradesSeen;

    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        balancer.onStart(cluster, snapshotImage);   // reads its section first: we wrote it first
        // ... then load our own state from snapshotImage
    }

    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
        balancer.onSessionOpen(session, timestamp);
    }

    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
        balancer.onSessionClose(session, timestamp, closeReason);
    }

    public void onSessionMessage(
        final ClientSession session,
        final long timestamp,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final Header header)
    {
        if (!balancer.onSessionMessage(session, timestamp, buffer, offset, length))
        {
            tradesSeen++;                           // another schema: our own business messages
        }
    }

    public void onTimerEvent(final long correlationId, final long timestamp)
    {
        if (!balancer.onTimerEvent(correlationId, timestamp))
        {
            // one of our own timers
        }
    }

    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        balancer.onTakeSnapshot(snapshotPublication);
        // ... then write our own state
    }

    public void onRoleChange(final Cluster.Role newRole)
    {
        balancer.onRoleChange(newRole);
    }

    public void onTerminate(final Cluster cluster)
    {
        balancer.onTerminate();
    }

    public int doBackgroundWork(final long nowNs)
    {
        return balancer.doBackgroundWork(nowNs); // publishes the balancer's counters (AeronStat)
    }

    public void onNewLeadershipTermEvent(
        final long leadershipTermId,
        final long logPosition,
        final long timestamp,
        final long termBaseLogPosition,
        final int leaderMemberId,
        final int logSessionId,
        final TimeUnit timeUnit,
        final int appVersion)
    {
        balancer.onNewLeadershipTermEvent(leadershipTermId, timestamp, timeUnit);
    }

    long tradesSeen()
    {
        return tradesSeen;
    }
}
