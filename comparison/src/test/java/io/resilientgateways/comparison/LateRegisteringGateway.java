package io.resilientgateways.comparison;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Stands in for the example's {@code ApiGateway} in {@link OurSideTest}: prints {@code READY} at once, as the real one
 * does before it has connected to the cluster, and {@code REGISTERED resumed=false} only after a delay, as the real
 * one does once the cluster answered its Register; then waits to be stopped.
 */
public final class LateRegisteringGateway
{
    static final long REGISTER_DELAY_MS = 1_500;

    private LateRegisteringGateway()
    {
    }

    /**
     * @param args ignored (the real gateway's options).
     */
    public static void main(final String[] args)
    {
        final PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        out.println("READY");
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(REGISTER_DELAY_MS));
        out.println("REGISTERED resumed=false");
        while (true)
        {
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1)); // until SIGTERM
        }
    }
}
