package io.resilientgateways.core.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Prints one SHA-256 per seed over a simulation's directive stream and final snapshot bytes. Run in a fresh JVM by
 * {@link DeterminismAcrossJvmsTest}; also handy to compare two machines or JDKs:
 * {@code java -cp ... io.resilientgateways.core.sim.SimulationDigest 1 100}.
 */
public final class SimulationDigest
{
    private SimulationDigest()
    {
    }

    public static String digest(final long seed)
    {
        final SimOptions options = SimOptions.seeded(seed).gracePeriod(seed % 2 == 0 ? 0 : 300);
        options.checkRejectionsLeaveStateUnchanged = false;
        final Simulation sim = new Simulation(options).run();
        try
        {
            final MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (final String line : sim.trace())
            {
                sha.update(line.getBytes(StandardCharsets.UTF_8));
                sha.update((byte)'\n');
            }
            sha.update(sim.snapshot());
            return HexFormat.of().formatHex(sha.digest());
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    public static void main(final String[] args)
    {
        final long from = Long.parseLong(args[0]);
        final long to = Long.parseLong(args[1]);
        for (long seed = from; seed <= to; seed++)
        {
            System.out.println(seed + " " + digest(seed));
        }
    }
}
