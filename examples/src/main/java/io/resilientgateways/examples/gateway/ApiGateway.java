package io.resilientgateways.examples.gateway;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.resilientgateways.aeron.client.GatewayClient;
import io.resilientgateways.aeron.client.GatewayContext;
import io.resilientgateways.examples.Args;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.io.File;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An API gateway process: its own media driver, a {@link GatewayClient} registered under a worker name with the
 * {@code API_GATEWAY} capability, and {@link PartyLinks} holding one counterparty connection per party it owns;
 * a party whose epoch the counterparty refuses, whose connect keeps failing, or whose connection breaks is released
 * to the cluster, which opens it on another gateway. Prints {@code READY} and then one line per event.
 * SIGTERM/Ctrl-C stops it gracefully (its parties move at once); SIGKILL is a crash (they move after the session
 * timeout).
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED ... io.resilientgateways.examples.gateway.ApiGateway \
 *     --name gw-1 --members hostA:9000,hostB:9000,hostC:9000 --counterparty hostX:9100 \
 *     [--credentials-file FILE] [--egress-host myhost] [--aeron-dir /dev/shm/aeron-gw-1] \
 *     [--session-timeout-ms 1000] [--keepalive-ms 100] [--fence-margin-ms 200] [--connect-timeout-ms 150] \
 *     [--handshake-timeout-ms 1000]
 * </pre>
 * Connects run off the client's thread; a handshake answered later than {@code --handshake-timeout-ms} releases the
 * party (it is never retried under the same epoch, which the counterparty would refuse as stale).
 * Credentials: {@code --credentials-file FILE} (its {@code gateway:NAME:secret} line) or the environment variable
 * {@code RG_CLIENT_CREDENTIALS}; never on the command line.
 * {@code --members} lists each cluster member's {@code host:basePort}; {@code --cluster} takes Aeron's ingress
 * endpoints ({@code 0=host:port,...}) instead.
 */
public final class ApiGateway
{
    private ApiGateway()
    {
    }

    /**
     * @param args see the class comment.
     */
    public static void main(final String[] args)
    {
        final Args a = Args.parse(args);
        final String name = a.get("name");
        io.resilientgateways.examples.ExampleLogging.install(name);
        final PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        final String aeronDir = a.get("aeron-dir", defaultAeronDir(name));
        final long sessionTimeoutMs = a.getLong("session-timeout-ms", GatewayContext.Defaults.SESSION_TIMEOUT_MS);
        final long keepaliveMs = a.getLong("keepalive-ms", GatewayContext.Defaults.KEEPALIVE_INTERVAL_MS);
        final long marginMs = a.getLong("fence-margin-ms", GatewayContext.Defaults.FENCE_MARGIN_MS);
        final String egressHost = a.get("egress-host", "localhost");
        final String[] counterparty = a.get("counterparty").split(":");

        final MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
            .termBufferSparseFile(true)
            .publicationTermBufferLength(64 * 1024)
            .ipcTermBufferLength(64 * 1024)
            .asyncExecutorEnabled(false)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        final PartyLinks links = new PartyLinks(name,
            new InetSocketAddress(counterparty[0], Integer.parseInt(counterparty[1])),
            (int)a.getLong("connect-timeout-ms", 150),
            (int)a.getLong("handshake-timeout-ms", PartyLinks.DEFAULT_HANDSHAKE_TIMEOUT_MS),
            sessionTimeoutMs - marginMs, out);
        final GatewayClient client = GatewayClient.start(new GatewayContext()
            .workerName(name)
            .capabilities(List.of("API_GATEWAY"))
            .credentialsSupplier(a.credentials("gateway", name))
            .ingressEndpoints(a.ingressEndpoints())
            .egressChannel("aeron:udp?endpoint=" + egressHost + ":0|term-length=128k")
            .aeronDirectoryName(aeronDir)
            .sessionTimeoutMs(sessionTimeoutMs)
            .keepaliveIntervalMs(keepaliveMs)
            .fenceMarginMs(marginMs)
            .listener(links));
        links.client(client, TimeUnit.MILLISECONDS.toNanos(3 * keepaliveMs));
        out.println("READY");
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            barrier.await();
            client.close();
            links.close();
            driver.close();
            out.println("STOPPED sent=" + links.sentCount() + " dropped=" + links.droppedCount());
        }
    }

    private static String defaultAeronDir(final String name)
    {
        final File shm = new File("/dev/shm");
        return (shm.isDirectory() ? shm.getPath() : System.getProperty("java.io.tmpdir")) + File.separator +
            "aeron-rg-" + name;
    }
}
