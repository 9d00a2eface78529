package io.resilientgateways.aeron.security;

import io.aeron.security.AuthorisationService;
import io.resilientgateways.aeron.protocol.Protocol;

/**
 * Decides which of our templates a principal may send, by role: gateways the gateway messages (register,
 * deregister, acks, resync, heartbeat, release), admins the admin commands and heartbeat. Everything else,
 * including any message from a session without a principal, is refused. The service calls it with {@code protocolId} = our
 * schema id and {@code actionId} = the template id.
 * <p>
 * Deterministic and thread-safe: stateless, a pure function of the principal, so every replica decides alike.
 */
public final class RoleAuthorisationService implements AuthorisationService
{
    /** The one instance. */
    public static final RoleAuthorisationService INSTANCE = new RoleAuthorisationService();

    private static final int FIRST_GATEWAY_TEMPLATE = 1;
    private static final int LAST_GATEWAY_TEMPLATE = 7;
    private static final int HEARTBEAT_TEMPLATE = 6;
    private static final int FIRST_ADMIN_TEMPLATE = 20;
    private static final int LAST_ADMIN_TEMPLATE = 39;

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
            return actionId >= FIRST_GATEWAY_TEMPLATE && actionId <= LAST_GATEWAY_TEMPLATE;
        }
        if (Principals.ADMIN.equals(role))
        {
            return HEARTBEAT_TEMPLATE == actionId ||
                (actionId >= FIRST_ADMIN_TEMPLATE && actionId <= LAST_ADMIN_TEMPLATE);
        }
        return false;
    }
}
