package io.resilientgateways.aeron.service;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;

import java.util.concurrent.TimeUnit;

/**
 * A ready {@link ClusteredService} for a cluster dedicated to the balancer: every callback goes to one
 * {@link BalancerServiceComponent}. Messages of other schemas are ignored. A team that has its own service embeds
 * the component instead, exactly like this class does (see {@code docs/operations.md}).
 * <pre>{@code
 * new ClusteredServiceContainer.Context()
 *     .clusteredService(new BalancerClusteredService(new BalancerServiceContext().sessionTimeoutMs(1_000)))
 * }</pre>
 * Not thread-safe: the service container calls it from its one thread.
 */
public final class BalancerClusteredService implements ClusteredService
{
    private final BalancerServiceComponent component;

    /**
     * @param ctx the component's settings.
     */
    public BalancerClusteredService(final BalancerServiceContext ctx)
    {
        component = new BalancerServiceComponent(ctx);
    }

    /**
     * @return the component, for read-only queries on the service thread (tests, diagnostics).
     */
    public BalancerServiceComponent component()
    {
        return component;
    }

    /**
     * {@inheritDoc}
     */
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        component.onStart(cluster, snapshotImage);
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
        component.onSessionOpen(session, timestamp);
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
        component.onSessionClose(session, timestamp, closeReason);
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionMessage(
        final ClientSession session,
        final long timestamp,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final Header header)
    {
        component.onSessionMessage(session, timestamp, buffer, offset, length);
    }

    /**
     * {@inheritDoc}
     */
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
        component.onTimerEvent(correlationId, timestamp);
    }

    /**
     * {@inheritDoc}
     */
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        component.onTakeSnapshot(snapshotPublication);
    }

    /**
     * {@inheritDoc}
     */
    public void onRoleChange(final Cluster.Role newRole)
    {
        component.onRoleChange(newRole);
    }

    /**
     * {@inheritDoc}
     */
    public void onTerminate(final Cluster cluster)
    {
        component.onTerminate();
    }

    /**
     * {@inheritDoc}
     */
    public int doBackgroundWork(final long nowNs)
    {
        return component.doBackgroundWork(nowNs);
    }

    /**
     * {@inheritDoc}
     */
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
        component.onNewLeadershipTermEvent(leadershipTermId, timestamp, timeUnit);
    }
}
