package io.resilientgateways.examples;

/**
 * The README's first command runs this: {@code ./mvnw -q -Pdemo verify}.
 * <p>
 * Default: the trade-confirmation flow on a real 3-node Aeron Cluster with gateway JVMs
 * ({@link TradeConfirmationDemo}). {@code --simulated}: the engine alone on a simulated clock
 * ({@link SimulatedDemo}). {@code --stay}: keep the real cluster running after the verdict, until Ctrl-C.
 * {@code --base-port N}: first port (default 22400; uses N..N+24 and N+90).
 */
public final class Demo
{
    private Demo()
    {
    }

    /**
     * @param args {@code --simulated}, {@code --stay}, {@code --base-port N}.
     * @throws Exception if the demo cannot start.
     */
    public static void main(final String[] args) throws Exception
    {
        final Args a = Args.parse(args);
        if (a.has("simulated"))
        {
            System.exit(SimulatedDemo.run(System.out) ? 0 : 1);
            return;
        }
        TradeConfirmationDemo.Options options = TradeConfirmationDemo.Options.defaults(System.out)
            .withStay(a.has("stay"));
        if (a.has("base-port"))
        {
            options = options.withBasePort(Integer.parseInt(a.get("base-port")));
        }
        final boolean ok;
        try (TradeConfirmationDemo demo = new TradeConfirmationDemo(options))
        {
            ok = demo.run().ok();
        }
        System.exit(ok ? 0 : 1);
    }
}
