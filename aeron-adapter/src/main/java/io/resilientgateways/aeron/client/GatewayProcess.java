package io.resilientgateways.aeron.client;

import io.aeron.security.CredentialsSupplier;
import io.resilientgateways.aeron.security.ClientCredentials;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.io.PrintStream;
import java.util.List;

/**
 * A stand-alone demo gateway: embeds a media driver, registers, and prints every directive it executes as a line on
 * standard output ({@code READY}, {@code REGISTERED <resumed>}, {@code OPEN <task> <epoch>},
 * {@code CLOSE <task> <epoch>}, {@code FENCED}). Used by the real-cluster tests and the failover benchmark as the
 * process that gets SIGKILLed. Run with the Agrona JVM flags:
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp ... io.resilientgateways.aeron.client.GatewayProcess \
 *     NAME INGRESS_ENDPOINTS CREDENTIALS AERON_DIR SESSION_TIMEOUT_MS KEEPALIVE_MS CAPABILITY
 * </pre>
 */
public final class GatewayProcess
{
    private GatewayProcess()
    {
    }

    private static CredentialsSupplier credentials(final String spec)
    {
        if ("-".equals(spec))
        {
            return null;
        }
        if ("env".equals(spec))
        {
            return ClientCredentials.fromEnvironment(ClientCredentials.ENVIRONMENT_VARIABLE);
        }
        throw new IllegalArgumentException("credentials must be - or env, never the secret on the command line");
    }

    /**
     * @param args name, ingress endpoints, credentials ("-" for none, "env" for the line in the environment variable
     *             {@value ClientCredentials#ENVIRONMENT_VARIABLE}: never the secret itself, which {@code ps} would
     *             show), aeron dir, session timeout ms, keepalive ms, capability.
     */
    public static void main(final String[] args)
    {
        final PrintStream out = System.out;
        final MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(args[3])
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
            .termBufferSparseFile(true)
            .publicationTermBufferLength(64 * 1024)
            .ipcTermBufferLength(64 * 1024)
            .asyncExecutorEnabled(false)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        final GatewayListener listener = new GatewayListener()
        {
            public void onOpen(final String task, final long epoch, final OpenCompletion done)
            {
                out.println("OPEN " + task + " " + epoch);
                out.flush();
                done.opened();
            }

            public void onClose(final String task, final long epoch)
            {
                out.println("CLOSE " + task + " " + epoch);
                out.flush();
            }

            public void onRegistered(final boolean resumed)
            {
                out.println("REGISTERED " + resumed);
                out.flush();
            }

            public void onFenced()
            {
                out.println("FENCED");
                out.flush();
            }
        };
        final GatewayClient client = GatewayClient.start(new GatewayContext()
            .workerName(args[0])
            .ingressEndpoints(args[1])
            .credentialsSupplier(credentials(args[2]))
            .aeronDirectoryName(args[3])
            .sessionTimeoutMs(Long.parseLong(args[4]))
            .keepaliveIntervalMs(Long.parseLong(args[5]))
            .fenceMarginMs(Math.max(Long.parseLong(args[5]), Long.parseLong(args[4]) / 5))
            .capabilities(List.of(args[6]))
            .listener(listener));
        out.println("READY");
        out.flush();
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            barrier.await();
            client.close();
            driver.close();
        }
    }
}
