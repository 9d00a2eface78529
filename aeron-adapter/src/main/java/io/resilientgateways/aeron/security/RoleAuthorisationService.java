package io.resilientgateways.aeron.security;

import io.aeron.security.AuthorisationService;
import io.resilientgateways.aeron.codecs.HeartbeatDecoder;
import io.resilientgateways.aeron.protocol.Protocol;
import io.resilientgateways.aeron.protocol.Templates;

/**
 * Decides which of our templates a principal may send, by role: gateways the gateway messages (register,
 * deregister, acks, resync, heartbeat, release), admins the admin commands, queries and heartbeat, viewers the
 * queries and heartbeat only (a read-only role: every command, including any admin command added later, is
 * refused, since {@link Templates#isQuery} lists queries by name). Everything else,
 * including any message from a session without a principal and any template {@link Templates} does not give
 * the role, is refused. The service calls it with {@code protocolId} = our
 * schema id and {@code actionId} = the template id.
 * <p>
 * Deterministic and thread-safe: stateless, a pure function of the principal, so every replica decides alike.
 */
public final class RoleAuthorisationService implements AuthorisationService
{
    /** The one instance. */
    public static final RoleAuthorisationService INSTANCE = new RoleAuthorisationService();

    private RoleAuthorisationService()
    {
    }

    /**
     * {@inheritDoc}
     */
    public boolean isAuthorised(
        final int protocolId, final int actionId, final Object type, final byte[] encodedPrincipal)
    {
        if (Protocol.SCHEMA_ID != protocolId)
        {
            return false;
        }
        final String role = Principals.role(encodedPrincipal);
        if (Principals.GATEWAY.equals(role))
        {
            return Templates.isGatewayIngress(actionId);
        }
        if (Principals.ADMIN.equals(role))
        {
            return HeartbeatDecoder.TEMPLATE_ID == actionId || Templates.isAdminIngress(actionId);
        }
        if (Principals.VIEWER.equals(role))
        {
            return HeartbeatDecoder.TEMPLATE_ID == actionId || Templates.isQuery(actionId);
        }
        return false;
    }
}
