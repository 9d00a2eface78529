package io.resilientgateways.examples;

/**
 * The README's first command runs this: {@code ./mvnw -q -Pdemo verify}.
 * <p>
 * Default ({@code --real-cluster}, or no option): the trade-confirmation flow on a real 3-node Aeron Cluster with
 * gateway JVMs ({@link TradeConfirmationDemo}). {@code --simulated}: the engine alone on a simulated clock
 * ({@link SimulatedDemo}). {@code --stay}: keep the real cluster running after the verdict, until Ctrl-C.
 * {@code --console} (with {@code --console-port P}, default 8080): serve the operations console on 127.0.0.1 from the
 * start, print its URL and action token, and stay.
 * {@code --base-port N}: first port (default 22400; uses N..N+24 and N+90). {@code --session-timeout-ms},
 * {@code --leader-heartbeat-timeout-ms}, {@code --leader-heartbeat-interval-ms}, {@code --election-timeout-ms}, {@code --fence-margin-ms}: the
 * timing trade-off (see docs/operations.md).
 */
public final class Demo
{
    private Demo()
    {
    }

    /**
     * @param args see the class comment.
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
        if (a.has("console"))
        {
            options = options.withConsole(Integer.parseInt(a.get("console-port", "8080")));
        }
        if (a.has("base-port"))
        {
            options = options.withBasePort(Integer.parseInt(a.get("base-port")));
        }
        options = options.withTimeouts(
            a.getLong("session-timeout-ms", options.sessionTimeoutMs()),
            a.getLong("leader-heartbeat-timeout-ms", options.leaderHeartbeatTimeoutMs()),
            a.getLong("leader-heartbeat-interval-ms", options.leaderHeartbeatIntervalMs()),
            a.getLong("election-timeout-ms", options.electionTimeoutMs()),
            a.getLong("fence-margin-ms", options.fenceMarginMs()));
        final boolean ok;
        try (TradeConfirmationDemo demo = new TradeConfirmationDemo(options))
        {
            ok = demo.run().ok();
        }
        System.exit(ok ? 0 : 1);
    }
}
