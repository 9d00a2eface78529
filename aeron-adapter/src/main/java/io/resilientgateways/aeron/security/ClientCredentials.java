package io.resilientgateways.aeron.security;

import io.aeron.security.CredentialsSupplier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a client (gateway, admin) gets the credentials it presents on connect, without ever taking a secret on the
 * command line ({@code ps} shows every process's arguments to every user). Each factory returns an Aeron
 * {@link CredentialsSupplier}, the pluggable point: give {@code GatewayContext.credentialsSupplier} (or an admin's
 * {@code AeronCluster.Context.credentialsSupplier}) your own for tokens or certificates.
 * <ul>
 *   <li>{@link #fromFile(Path, String, String)}: a file readable by the client's user only, holding either the one
 *       line {@code role:name:secret} or a whole {@link CredentialsTable} from which the principal's line is taken;
 *       read again on every connect, so a rotated secret is used from the next reconnect;</li>
 *   <li>{@link #fromEnvironment(String)}: an environment variable holding the line (visible only to the process's
 *       own user and root, in {@code /proc/PID/environ});</li>
 *   <li>{@link #fixed(String)}: a line the program already holds (tests, or your own secret store).</li>
 * </ul>
 * <pre>{@code
 * GatewayContext ctx = new GatewayContext().workerName("gw-1")
 *     .credentialsSupplier(ClientCredentials.fromFile(Path.of("/etc/rg/gw-1.credentials"), "gateway", "gw-1"));
 * }</pre>
 * Thread-safe: a supplier is called on the client's connect path only.
 */
public final class ClientCredentials
{
    /** The environment variable the examples and scripts pass a client's credentials line in. */
    public static final String ENVIRONMENT_VARIABLE = "RG_CLIENT_CREDENTIALS";

    private ClientCredentials()
    {
    }

    /**
     * @param line {@code role:name:secret}.
     * @return a supplier presenting it on connect and in answer to a challenge.
     */
    public static CredentialsSupplier fixed(final String line)
    {
        return new Fixed(check(line, "the credentials"));
    }

    /**
     * @param variable an environment variable holding {@code role:name:secret}.
     * @return a supplier presenting it.
     * @throws IllegalArgumentException if the variable is not set or malformed.
     */
    public static CredentialsSupplier fromEnvironment(final String variable)
    {
        final String line = System.getenv(variable);
        if (null == line)
        {
            throw new IllegalArgumentException("environment variable " + variable + " is not set");
        }
        return new Fixed(check(line.strip(), "environment variable " + variable));
    }

    /**
     * @param file a file holding the line {@code role:name:secret}, or a credentials table with such a line.
     * @param role the principal's role ({@code gateway} or {@code admin}).
     * @param name the principal's name.
     * @return a supplier that reads the file on every connect (the last good line if the file cannot be read then).
     * @throws IllegalArgumentException if the file has no line for the principal now.
     */
    public static CredentialsSupplier fromFile(final Path file, final String role, final String name)
    {
        return new FromFile(file, role, name);
    }

    /**
     * For a tool that takes whichever principal its user gives it (rgctl, the lab's export): the file's first line
     * that is neither blank nor a comment ({@code #}).
     *
     * @param file a file holding {@code role:name:secret}, readable by its user only.
     * @return that line.
     * @throws UncheckedIOException if the file cannot be read.
     * @throws IllegalArgumentException if it holds no such line.
     */
    public static String firstLine(final Path file)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read credentials file " + file, ex);
        }
        for (final String raw : lines)
        {
            final String line = raw.strip();
            if (!line.isEmpty() && !line.startsWith("#"))
            {
                return check(line, "the first line of " + file);
            }
        }
        throw new IllegalArgumentException("no role:name:secret line in " + file);
    }

    static String lineFor(final Path file, final String role, final String name)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read credentials file " + file, ex);
        }
        final String prefix = role + ":" + name + ":";
        for (final String raw : lines)
        {
            final String line = raw.strip();
            if (line.startsWith(prefix) && line.length() > prefix.length())
            {
                return line;
            }
        }
        throw new IllegalArgumentException("no " + role + ":" + name + " line in " + file);
    }

    private static String check(final String line, final String what)
    {
        if (line.split(":", -1).length < 3)
        {
            throw new IllegalArgumentException(what + " must be role:name:secret");
        }
        return line;
    }

    private static final class Fixed implements CredentialsSupplier
    {
        private final byte[] credentials;

        Fixed(final String line)
        {
            credentials = line.getBytes(StandardCharsets.US_ASCII);
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

    private static final class FromFile implements CredentialsSupplier
    {
        private final Path file;
        private final String role;
        private final String name;
        private volatile String lastGood;

        FromFile(final Path file, final String role, final String name)
        {
            this.file = file;
            this.role = role;
            this.name = name;
            lastGood = lineFor(file, role, name);
        }

        public byte[] encodedCredentials()
        {
            try
            {
                lastGood = lineFor(file, role, name);
            }
            catch (final RuntimeException ex)
            {
                // keep presenting the last good line: a file being rewritten must not stop a reconnect
            }
            return lastGood.getBytes(StandardCharsets.US_ASCII);
        }

        public byte[] onChallenge(final byte[] encodedChallenge)
        {
            return encodedCredentials();
        }
    }
}
