package io.resilientgateways.examples;

/**
 * The README's first command runs this: {@code ./mvnw -q -Pdemo verify}.
 */
public final class Demo
{
    private Demo()
    {
    }

    /**
     * @param args {@code --simulated}: the engine alone on a simulated clock.
     */
    public static void main(final String[] args)
    {
        final boolean ok = SimulatedDemo.run(System.out);
        System.exit(ok ? 0 : 1);
    }
}
