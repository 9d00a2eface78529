package io.resilientgateways.examples.trading;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.security.CredentialsSupplier;
import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.examples.Args;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The trade entry as its own process ({@code scripts/trade-entry.sh}): adds the parties as balancer tasks (an
 * admin command; already present is fine), then books a steady stream of trades until SIGTERM/Ctrl-C, printing a
 * status line every 5 s.
 * <pre>
 * java ... io.resilientgateways.examples.trading.TradeEntryMain --members hostA:9000,hostB:9000,hostC:9000 \
 *     [--credentials-file FILE] [--principal trade-entry] [--parties 12] [--rate 20] [--egress-host myhost] \
 *     [--aeron-dir DIR] [--commands]
 * </pre>
 * Credentials: {@code --credentials-file FILE} (its {@code admin:PRINCIPAL:secret} line) or the environment variable
 * {@code RG_CLIENT_CREDENTIALS}; never on the command line.
 * {@code --commands} reads {@code STOP} from standard input: stop booking, wait (up to 5 s) for every trade to be
 * answered and print the {@code STOPPED} line, staying connected (the chaos suite's end check).
 */
public final class TradeEntryMain
{
    private TradeEntryMain()
    {
    }

    /**
     * @param args see the class comment.
     */
    public static void main(final String[] args)
    {
        final Args a = Args.parse(args);
        io.resilientgateways.examples.ExampleLogging.install("trade-entry");
        final PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        final String aeronDir = a.get("aeron-dir", (new File("/dev/shm").isDirectory() ? "/dev/shm" :
            System.getProperty("java.io.tmpdir")) + "/aeron-rg-trade-entry");
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
        final String endpoints = a.ingressEndpoints();
        final CredentialsSupplier credentials = a.credentials("admin", a.get("principal", "trade-entry"));
        final String egressHost = a.get("egress-host", "localhost");
        final Supplier<AeronCluster.Context> context = () -> new AeronCluster.Context()
            .aeronDirectoryName(aeronDir)
            .ingressChannel("aeron:udp?term-length=128k")
            .ingressEndpoints(endpoints)
            .egressChannel("aeron:udp?endpoint=" + egressHost + ":0|term-length=128k")
            .messageTimeoutNs(TimeUnit.SECONDS.toNanos(5))
            .newLeaderTimeoutNs(TimeUnit.SECONDS.toNanos(5)) // not Aeron's 2 x heartbeat timeout: docs/operations.md
            .credentialsSupplier(credentials);
        final List<String> parties = new ArrayList<>();
        for (int i = 1; i <= a.getLong("parties", 12); i++)
        {
            parties.add(String.format("PARTY-%02d", i));
        }
        try (AdminClient admin = AdminClient.connect(context.get()))
        {
            // idempotent: parties the cluster holds already (a restarted trade entry) are left as they are
            final AdminClient.BatchReply reply = admin.addTasks(
                parties.stream().map((party) -> AdminClient.NewTask.of(party, "API_GATEWAY")).toList(), true);
            if (!reply.accepted())
            {
                throw new IllegalStateException("add " + parties + ": " + reply);
            }
        }
        out.println("PARTIES " + parties.size() + " present");
        final TradeEntry entry = new TradeEntry(context, parties, (int)a.getLong("rate", 20));
        final ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
        final Thread status = new Thread(() ->
        {
            while (!Thread.currentThread().isInterrupted())
            {
                try
                {
                    Thread.sleep(5_000);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
                out.println("BOOKED " + entry.bookedCount() + " pending=" + entry.pendingCount() + " resent=" +
                    entry.resentCount() + " rejected=" + entry.rejectedCount());
            }
        }, "status");
        status.setDaemon(true);
        status.start();
        if (a.has("commands"))
        {
            final Thread commands = new Thread(() -> commands(entry, out), "commands");
            commands.setDaemon(true);
            commands.start();
        }
        barrier.await();
        try
        {
            status.interrupt();
            stop(entry, driver, out);
        }
        finally
        {
            barrier.close();
        }
    }

    private static void commands(final TradeEntry entry, final PrintStream out)
    {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)))
        {
            String line;
            while (null != (line = in.readLine()))
            {
                if ("STOP".equals(line.trim()))
                {
                    drain(entry);
                    out.println("STOPPED booked=" + entry.bookedCount() + " pending=" + entry.pendingCount() +
                        " lastSeq=" + new TreeMap<>(entry.lastSeqByParty()));
                }
                else
                {
                    out.println("UNKNOWN command " + line);
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            out.println("COMMANDS stopped: " + ex);
        }
    }

    private static void drain(final TradeEntry entry)
    {
        entry.stop();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (entry.pendingCount() > 0 && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static void stop(final TradeEntry entry, final MediaDriver driver, final PrintStream out)
    {
        drain(entry);
        entry.close();
        driver.close();
        out.println("STOPPED booked=" + entry.bookedCount() + " pending=" + entry.pendingCount() + " lastSeq=" +
            new TreeMap<>(entry.lastSeqByParty()));
    }
}
