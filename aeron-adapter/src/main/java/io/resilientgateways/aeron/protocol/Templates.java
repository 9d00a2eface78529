package io.resilientgateways.aeron.protocol;

import io.resilientgateways.aeron.codecs.AddTaskDecoder;
import io.resilientgateways.aeron.codecs.AddTasksDecoder;
import io.resilientgateways.aeron.codecs.ChangeSettingsDecoder;
import io.resilientgateways.aeron.codecs.QuerySettingsDecoder;
import io.resilientgateways.aeron.codecs.RaiseEpochFloorDecoder;
import io.resilientgateways.aeron.codecs.DeregisterDecoder;
import io.resilientgateways.aeron.codecs.DrainWorkerDecoder;
import io.resilientgateways.aeron.codecs.ExplainTaskDecoder;
import io.resilientgateways.aeron.codecs.HeartbeatDecoder;
import io.resilientgateways.aeron.codecs.MoveTaskDecoder;
import io.resilientgateways.aeron.codecs.QueryAssignmentDecoder;
import io.resilientgateways.aeron.codecs.QueryClusterDecoder;
import io.resilientgateways.aeron.codecs.QueryHistoryDecoder;
import io.resilientgateways.aeron.codecs.QueryHistorySinceDecoder;
import io.resilientgateways.aeron.codecs.QueryTasksDecoder;
import io.resilientgateways.aeron.codecs.QueryWorkersDecoder;
import io.resilientgateways.aeron.codecs.RegisterDecoder;
import io.resilientgateways.aeron.codecs.RemoveTaskDecoder;
import io.resilientgateways.aeron.codecs.ResyncDecoder;
import io.resilientgateways.aeron.codecs.TaskClosedDecoder;
import io.resilientgateways.aeron.codecs.TaskOpenedDecoder;
import io.resilientgateways.aeron.codecs.TaskReleasedDecoder;

/**
 * Which ingress templates each role sends, named by the generated codecs' {@code TEMPLATE_ID}s (never by number
 * ranges, so a new message is refused until it is given a role here; {@code TemplatesTest} checks this list against
 * the schema). Used by {@link io.resilientgateways.aeron.security.RoleAuthorisationService} and by the service to
 * tell an unknown template from a known one before it authorises.
 * <p>
 * Thread-safe: constants only.
 */
public final class Templates
{
    private static final long GATEWAY_MASK = bits(
        RegisterDecoder.TEMPLATE_ID,
        DeregisterDecoder.TEMPLATE_ID,
        TaskOpenedDecoder.TEMPLATE_ID,
        TaskClosedDecoder.TEMPLATE_ID,
        ResyncDecoder.TEMPLATE_ID,
        HeartbeatDecoder.TEMPLATE_ID,
        TaskReleasedDecoder.TEMPLATE_ID);

    /**
     * The admin templates that only read (the viewer role's): listed by name, never "admin minus commands", so an
     * admin command added later is refused to viewers until someone decides otherwise here.
     */
    private static final long QUERY_MASK = bits(
        QueryAssignmentDecoder.TEMPLATE_ID,
        QueryHistoryDecoder.TEMPLATE_ID,
        // read-only queries of schema version 4
        QueryWorkersDecoder.TEMPLATE_ID,
        QueryTasksDecoder.TEMPLATE_ID,
        ExplainTaskDecoder.TEMPLATE_ID,
        QueryHistorySinceDecoder.TEMPLATE_ID,
        QueryClusterDecoder.TEMPLATE_ID,
        // the settings query, schema version 5
        QuerySettingsDecoder.TEMPLATE_ID);

    /** The admin role's: its commands, and every query. */
    private static final long ADMIN_MASK = QUERY_MASK | bits(
        AddTaskDecoder.TEMPLATE_ID,
        RemoveTaskDecoder.TEMPLATE_ID,
        DrainWorkerDecoder.TEMPLATE_ID,
        MoveTaskDecoder.TEMPLATE_ID,
        // the settings commands, schema version 5
        ChangeSettingsDecoder.TEMPLATE_ID,
        RaiseEpochFloorDecoder.TEMPLATE_ID,
        // many tasks in one command, schema version 7
        AddTasksDecoder.TEMPLATE_ID);

    private Templates()
    {
    }

    /**
     * @param templateId a template id.
     * @return true for a message a gateway sends (register, deregister, acks, release, resync, heartbeat).
     */
    public static boolean isGatewayIngress(final int templateId)
    {
        return has(GATEWAY_MASK, templateId);
    }

    /**
     * @param templateId a template id.
     * @return true for an admin command or query.
     */
    public static boolean isAdminIngress(final int templateId)
    {
        return has(ADMIN_MASK, templateId);
    }

    /**
     * @param templateId a template id.
     * @return true for an admin query: it reads the state and changes nothing (the viewer role may send it).
     */
    public static boolean isQuery(final int templateId)
    {
        return has(QUERY_MASK, templateId);
    }

    /**
     * @param templateId a template id.
     * @return true for any message the service accepts as ingress.
     */
    public static boolean isIngress(final int templateId)
    {
        return isGatewayIngress(templateId) || isAdminIngress(templateId);
    }

    private static boolean has(final long mask, final int templateId)
    {
        return templateId >= 0 && templateId < Long.SIZE && 0 != (mask & (1L << templateId));
    }

    private static long bits(final int... templateIds)
    {
        long mask = 0;
        for (final int id : templateIds)
        {
            if (id < 0 || id >= Long.SIZE)
            {
                throw new IllegalStateException("ingress template id " + id + " does not fit the role masks");
            }
            mask |= 1L << id;
        }
        return mask;
    }
}
