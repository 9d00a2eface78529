package io.resilientgateways.aeron.security;

import java.nio.charset.StandardCharsets;

/**
 * Principals are {@code role:name} in US-ASCII, e.g. {@code gateway:gw-ldn-1} or {@code admin:ops}. The
 * authenticator puts them on the cluster session; the service reads them from
 * {@code ClientSession.encodedPrincipal()} and asks the {@code AuthorisationService} whether a template is allowed.
 * <p>
 * Thread-safe: stateless.
 */
public final class Principals
{
    /** Role of gateway processes: register, ack, resync, heartbeat. */
    public static final String GATEWAY = "gateway";
    /** Role of operators and tools: admin commands and queries. */
    public static final String ADMIN = "admin";
    /**
     * Read-only role (dashboards, the console without an action token, people who may look but not act): the
     * queries and heartbeat only; every command is refused {@code UNAUTHORISED}.
     */
    public static final String VIEWER = "viewer";
    /** A gateway principal with this name may register any worker name. */
    public static final String ANY_NAME = "*";

    private Principals()
    {
    }

    /**
     * @param role a role.
     * @param name a name.
     * @return the encoded principal.
     */
    public static byte[] encode(final String role, final String name)
    {
        return (role + ":" + name).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @param encodedPrincipal bytes from a session, may be null.
     * @return its role, or the empty string.
     */
    public static String role(final byte[] encodedPrincipal)
    {
        final String principal = decode(encodedPrincipal);
        final int colon = principal.indexOf(':');
        return colon < 0 ? "" : principal.substring(0, colon);
    }

    /**
     * @param encodedPrincipal bytes from a session, may be null.
     * @return its name, or the empty string.
     */
    public static String name(final byte[] encodedPrincipal)
    {
        final String principal = decode(encodedPrincipal);
        final int colon = principal.indexOf(':');
        return colon < 0 ? "" : principal.substring(colon + 1);
    }

    /**
     * Whether a session may register a worker under a name: a gateway principal only under its own name (or any, if
     * its name is {@link #ANY_NAME}). Sessions without a principal (a cluster without authentication, with an
     * authorisation service that lets them register at all) are not restricted here.
     *
     * @param encodedPrincipal the session's principal.
     * @param workerName       the name to register.
     * @return true if allowed.
     */
    public static boolean mayRegisterAs(final byte[] encodedPrincipal, final String workerName)
    {
        if (!GATEWAY.equals(role(encodedPrincipal)))
        {
            return true;
        }
        final String name = name(encodedPrincipal);
        return ANY_NAME.equals(name) || name.equals(workerName);
    }

    private static String decode(final byte[] encodedPrincipal)
    {
        return null == encodedPrincipal ? "" : new String(encodedPrincipal, StandardCharsets.US_ASCII);
    }
}
