package io.resilientgateways.aeron.client;

import io.aeron.security.CredentialsSupplier;

import java.nio.charset.StandardCharsets;

/**
 * Presents fixed credentials (e.g. {@code gateway:gw-1:secret}) on connect; answers a challenge with the same.
 * Replace with your own {@link CredentialsSupplier} for tokens or certificates.
 */
final class FixedCredentials implements CredentialsSupplier
{
    private final byte[] credentials;

    FixedCredentials(final String credentials)
    {
        this.credentials = credentials.getBytes(StandardCharsets.US_ASCII);
    }

    public byte[] encodedCredentials()
    {
        return credentials.clone();
    }

    public byte[] onChallenge(final byte[] encodedChallenge)
    {
        return credentials.clone();
    }
}
