package io.resilientgateways.aeron.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A table of accepted credentials for development and tests: one entry per line, {@code role:name:secret}, e.g.
 * {@code gateway:gw-1:s3cret}, {@code admin:ops:t0ken} or {@code viewer:dashboard:l00k} (roles: {@link Principals});
 * blank lines and lines starting with {@code #} are ignored.
 * A client presents exactly such a line as its credentials and is given the principal {@code role:name}.
 * <p>
 * For production, implement {@code io.aeron.security.Authenticator} against your identity system and keep
 * {@link RoleAuthorisationService} (or your own) for the service side: see {@code docs/operations.md}.
 * <p>
 * Immutable and thread-safe.
 */
public final class CredentialsTable
{
    private final Map<String, Entry> byRoleAndName;

    private CredentialsTable(final Map<String, Entry> byRoleAndName)
    {
        this.byRoleAndName = byRoleAndName;
    }

    /**
     * @param lines {@code role:name:secret} entries.
     * @return the table.
     * @throws IllegalArgumentException for a malformed line or an unknown role.
     */
    public static CredentialsTable of(final String... lines)
    {
        return of(List.of(lines));
    }

    /**
     * @param lines {@code role:name:secret} entries.
     * @return the table.
     * @throws IllegalArgumentException for a malformed line or an unknown role.
     */
    public static CredentialsTable of(final List<String> lines)
    {
        final Map<String, Entry> entries = new TreeMap<>();
        for (final String raw : lines)
        {
            final String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            final String[] parts = line.split(":", 3);
            if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty())
            {
                throw new IllegalArgumentException("credentials must be role:name:secret, got: " + parts[0] + ":...");
            }
            if (!Principals.GATEWAY.equals(parts[0]) && !Principals.ADMIN.equals(parts[0]) &&
                !Principals.VIEWER.equals(parts[0]))
            {
                throw new IllegalArgumentException(
                    "unknown role '" + parts[0] + "', expected gateway, admin or viewer");
            }
            entries.put(parts[0] + ":" + parts[1], new Entry(
                Principals.encode(parts[0], parts[1]), line.getBytes(StandardCharsets.US_ASCII)));
        }
        return new CredentialsTable(entries);
    }

    /**
     * @param file a file of {@code role:name:secret} lines.
     * @return the table.
     * @throws IOException if it cannot be read.
     */
    public static CredentialsTable load(final Path file) throws IOException
    {
        return of(new ArrayList<>(Files.readAllLines(file, StandardCharsets.US_ASCII)));
    }

    /**
     * @param encodedCredentials what a client presented.
     * @return the principal to give it, or null if the credentials are unknown.
     */
    public byte[] principalFor(final byte[] encodedCredentials)
    {
        if (null == encodedCredentials)
        {
            return null;
        }
        final String presented = new String(encodedCredentials, StandardCharsets.US_ASCII);
        final int second = presented.indexOf(':', presented.indexOf(':') + 1);
        if (second < 0)
        {
            return null;
        }
        final Entry entry = byRoleAndName.get(presented.substring(0, second));
        return null != entry && MessageDigest.isEqual(entry.credentials, encodedCredentials) ?
            entry.principal.clone() : null;
    }

    /**
     * @return how many entries.
     */
    public int size()
    {
        return byRoleAndName.size();
    }

    private record Entry(byte[] principal, byte[] credentials)
    {
    }
}
