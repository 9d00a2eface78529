package io.resilientgateways.core.sim;

/**
 * Replays one simulation seed and prints its trace and the engine's history, for debugging a failed property:
 * <pre>
 * ./mvnw -q -pl core test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.resilientgateways.core.sim.ReplaySeed -Dexec.args="SEED GRACE DELAY [REGEX]"
 * </pre>
 */
public final class ReplaySeed
{
    private ReplaySeed()
    {
    }

    public static void main(final String[] args)
    {
        final long seed = Long.parseLong(args[0]);
        final long grace = args.length > 1 ? Long.parseLong(args[1]) : 0;
        final long delay = args.length > 2 ? Long.parseLong(args[2]) : 0;
        final String filter = args.length > 3 ? args[3] : ".*";
        final SimOptions options = SimOptions.seeded(seed).gracePeriod(grace).rebalanceDelay(delay);
        final Simulation sim = new Simulation(options);
        try
        {
            sim.run();
            sim.assertSettled();
            System.out.println("seed " + seed + " settled after " + sim.inputs() + " inputs");
        }
        catch (final AssertionError ex)
        {
            System.out.println("FAILED: " + ex.getMessage());
        }
        sim.trace().stream().filter(line -> line.matches(filter)).forEach(System.out::println);
        sim.balancer().history().stream().map(Object::toString).filter(line -> line.matches(filter))
            .forEach(line -> System.out.println("history " + line));
    }
}
