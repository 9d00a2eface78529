package io.resilientgateways.aeron.service;

import io.aeron.cluster.client.ClusterException;
import io.aeron.cluster.service.ClientSession;
import io.resilientgateways.aeron.protocol.AdapterRejection;
import io.resilientgateways.core.Balancer;
import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.Result;
import io.resilientgateways.core.spi.DirectiveSink;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.Timers;

import java.util.logging.Logger;

/**
 * The settings in force: changed through the log ({@code ChangeSettings}, {@code RaiseEpochFloor}), and chosen when a
 * snapshot is restored. Holds no engine: each call is given the current one and returns the one to use.
 * <p>
 * Restore rule: a snapshot whose settings nobody changed through the log (or one written before settings were
 * recorded) was taken under the members' configured policy and settings, and restores only under them: a member
 * configured otherwise would replay the log after it differently from the members that wrote it, so it refuses to
 * start. Settings changed through the log are the cluster's own from then on: they win over the configured ones, as
 * dynamic settings do, and a member whose configured ones differ says so in its log.
 */
final class SettingsCommands
{
    private static final Logger LOG = Logger.getLogger(BalancerServiceComponent.class.getName());

    private final BalancerServiceContext ctx;
    private final ServiceSettings settings;
    private final DirectiveSink sink;
    private final Timers timers;
    private final EgressProxy egress;
    private final AdminQueries.Rejecter rejecter;

    SettingsCommands(
        final BalancerServiceContext ctx,
        final ServiceSettings settings,
        final DirectiveSink sink,
        final Timers timers,
        final EgressProxy egress,
        final AdminQueries.Rejecter rejecter)
    {
        this.ctx = ctx;
        this.settings = settings;
        this.sink = sink;
        this.timers = timers;
        this.egress = egress;
        this.rejecter = rejecter;
    }

    Balancer restore(final byte[] engineBytes, final ServiceSettings recorded)
    {
        if (null == recorded || 0 == recorded.changes)
        {
            final Balancer restored;
            try
            {
                restored = Balancer.restore(ctx.balancerConfig(), ctx.policy(), sink, timers, engineBytes);
            }
            catch (final IllegalStateException ex)
            {
                throw new ClusterException(ex.getMessage() + " (configure the member as the snapshot was taken, " +
                    "then change the policy or settings through the log: AdminClient.changeSettings)", ex);
            }
            settings.set(ctx.policy(), restored.config());
            settings.epochFloor = null == recorded ? 0 : recorded.epochFloor;
            settings.changes = 0;
            settings.changedAt = -1;
            settings.changedBy = "";
            return restored;
        }
        final RebalancePolicy configured = ctx.policy();
        final RebalancePolicy policy = recorded.policy.equals(configured.name()) &&
            recorded.policyVersion == configured.version() ? configured : ctx.policies().create(recorded.policy);
        if (null == policy)
        {
            throw new ClusterException("snapshot taken under policy " + recorded.policy + " (changed through the " +
                "log), which this member's " + ctx.policies() + " does not know: register it on every member");
        }
        final Balancer restored;
        try
        {
            restored = Balancer.restore(ServiceSettings.config(recorded.values), policy, sink, timers, engineBytes);
        }
        catch (final IllegalStateException ex)
        {
            throw new ClusterException(ex.getMessage(), ex);
        }
        settings.policy = recorded.policy;
        settings.policyVersion = recorded.policyVersion;
        System.arraycopy(recorded.values, 0, settings.values, 0, ServiceSettings.COUNT);
        settings.epochFloor = recorded.epochFloor;
        settings.changes = recorded.changes;
        settings.changedAt = recorded.changedAt;
        settings.changedBy = recorded.changedBy;
        if (!settings.matches(configured, ctx.balancerConfig()))
        {
            LOG.info(() -> "running the cluster's settings, changed through the log (" + settings.describe() +
                "), not this member's configured ones (" + configured.name() + " v" + configured.version() + " " +
                ctx.balancerConfig() + ")");
        }
        return restored;
    }

    /**
     * Switch policy and settings at this log entry, on every replica alike: the engine's state carries over
     * unchanged into an engine under the new ones ({@link Balancer#reconfigure}); nothing moves at the switch.
     *
     * @return the engine to use from now on (the same one if the change was rejected).
     */
    Balancer change(final ClientSession session, final long timestamp, final IngressRequest r, final Balancer balancer)
    {
        final String name = r.name.isEmpty() ? settings.policy : r.name;
        final RebalancePolicy policy = ctx.policies().create(name);
        if (null == policy)
        {
            rejecter.reject(session, r.correlationId, AdapterRejection.UNKNOWN_POLICY, r.templateId,
                "policy " + name + " unknown; known: " + ctx.policies().names());
            return balancer;
        }
        final BalancerConfig config;
        final Balancer next;
        try
        {
            config = ServiceSettings.config(settings.merged(r.settings));
            next = balancer.reconfigure(config, policy, sink, timers);
        }
        catch (final IllegalArgumentException | ArithmeticException ex)
        {
            rejecter.reject(session, r.correlationId, AdapterRejection.INVALID_SETTING, r.templateId, ex.getMessage());
            return balancer;
        }
        settings.set(policy, config);
        settings.changes++;
        settings.changedAt = timestamp;
        settings.changedBy = r.operator;
        egress.adminAck(session, r.correlationId);
        return next;
    }

    /**
     * Raise the epoch floor at this log entry; never lower it (the same floor again is accepted, changing nothing).
     */
    void raiseFloor(final ClientSession session, final long timestamp, final IngressRequest r, final Balancer balancer)
    {
        if (r.epoch < settings.epochFloor)
        {
            rejecter.reject(session, r.correlationId, AdapterRejection.EPOCH_FLOOR_LOWER, r.templateId,
                "epoch floor is " + settings.epochFloor + ", never lowered to " + r.epoch);
            return;
        }
        final Result result = balancer.raiseEpochFloor(timestamp, r.epoch);
        if (!result.accepted())
        {
            rejecter.reject(session, r.correlationId, result.code().value(), r.templateId, result.message());
            return;
        }
        settings.epochFloor = r.epoch;
        egress.adminAck(session, r.correlationId);
    }
}
