package io.resilientgateways.aeron.security;

import io.aeron.security.Authenticator;
import io.aeron.security.AuthenticatorSupplier;
import io.aeron.security.SessionProxy;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * An Aeron {@link Authenticator} for the consensus module that accepts the credentials of a {@link CredentialsTable}
 * and rejects every other client (also clients without credentials). The principal it sets on the session is
 * {@code role:name}; the clustered service authorises each message against it.
 * <p>
 * Runs on the consensus module's thread; one instance per consensus module (use {@link #supplier}).
 */
public final class TableAuthenticator implements Authenticator
{
    private final CredentialsTable table;
    private final Long2ObjectHashMap<byte[]> principalBySessionId = new Long2ObjectHashMap<>();

    /**
     * @param table accepted credentials.
     */
    public TableAuthenticator(final CredentialsTable table)
    {
        this.table = table;
    }

    /**
     * @param table accepted credentials.
     * @return a supplier for {@code ConsensusModule.Context.authenticatorSupplier}.
     */
    public static AuthenticatorSupplier supplier(final CredentialsTable table)
    {
        return () -> new TableAuthenticator(table);
    }

    /**
     * {@inheritDoc}
     */
    public void onConnectRequest(final long sessionId, final byte[] encodedCredentials, final long nowMs)
    {
        final byte[] principal = table.principalFor(encodedCredentials);
        if (null != principal)
        {
            principalBySessionId.put(sessionId, principal);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onChallengeResponse(final long sessionId, final byte[] encodedCredentials, final long nowMs)
    {
        onConnectRequest(sessionId, encodedCredentials, nowMs);
    }

    /**
     * {@inheritDoc}
     */
    public void onConnectedSession(final SessionProxy sessionProxy, final long nowMs)
    {
        final byte[] principal = principalBySessionId.get(sessionProxy.sessionId());
        if (null == principal)
        {
            sessionProxy.reject();
        }
        else if (sessionProxy.authenticate(principal))
        {
            principalBySessionId.remove(sessionProxy.sessionId());
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onChallengedSession(final SessionProxy sessionProxy, final long nowMs)
    {
        onConnectedSession(sessionProxy, nowMs);
    }
}
