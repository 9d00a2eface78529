package io.resilientgateways.examples.counterparty;

import io.resilientgateways.examples.Args;
import org.agrona.concurrent.ShutdownSignalBarrier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The counterparty simulator as its own process ({@code scripts/counterparty.sh}): listens, prints its verdict
 * every 5 s and once more on SIGTERM/Ctrl-C.
 * <pre>
 * java ... io.resilientgateways.examples.counterparty.CounterpartyMain --port 9100 [--bind 0.0.0.0] [--parties 12] \
 *     [--answer-delay-ms 0] [--events] [--commands]
 * </pre>
 * {@code --events} prints every connection decision ({@code CP WELCOME party epoch gateway}, see
 * {@link CounterpartySimulator#events}); {@code --commands} reads commands from standard input, one a line:
 * {@code DELAY ms} (answer that much later from now on), {@code STATUS} (prints
 * {@code STATUS seqs={party=lastSeq, ...}} and the verdict), {@code EPOCHS} (prints
 * {@code EPOCHS max=N {party=epoch, ...}}, the highest epoch welcomed: the floor for a wiped cluster), as the chaos
 * suite drives it, and
 * {@code BOOKED party=seq ...} (the trade entry's highest booked sequences, from its {@code STOPPED lastSeq=} line: the
 * verdict then also counts confirmations booked but never delivered, which no gap reveals).
 */
public final class CounterpartyMain
{
    private static final AtomicReference<Map<String, Long>> BOOKED = new AtomicReference<>();

    private CounterpartyMain()
    {
    }

    /**
     * @param args see the class comment.
     * @throws Exception if the port cannot be bound.
     */
    public static void main(final String[] args) throws Exception
    {
        final Args a = Args.parse(args);
        io.resilientgateways.examples.ExampleLogging.install("counterparty");
        final PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        final List<String> parties = new ArrayList<>();
        for (int i = 1; i <= a.getLong("parties", 12); i++)
        {
            parties.add(String.format("PARTY-%02d", i));
        }
        try (CounterpartySimulator simulator = new CounterpartySimulator(
            new InetSocketAddress(a.get("bind", "0.0.0.0"), (int)a.getLong("port", 9100))))
        {
            simulator.answerDelayMs(a.getLong("answer-delay-ms", 0));
            if (a.has("events"))
            {
                simulator.events((event) -> out.println("CP " + event));
            }
            if (a.has("commands"))
            {
                final Thread commands = new Thread(() -> commands(simulator, parties, out), "commands");
                commands.setDaemon(true);
                commands.start();
            }
            out.println("COUNTERPARTY listening on port " + simulator.port());
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
                    out.println("VERDICT " + simulator.verdict(parties, BOOKED.get()) + " " + holders(simulator, parties));
                }
            }, "status");
            status.setDaemon(true);
            status.start();
            barrier.await();
            try
            {
                status.interrupt();
                out.println("FINAL VERDICT " + simulator.verdict(parties, BOOKED.get()));
            }
            finally
            {
                barrier.close();
            }
        }
    }

    private static void commands(
        final CounterpartySimulator simulator, final List<String> parties, final PrintStream out)
    {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)))
        {
            String line;
            while (null != (line = in.readLine()))
            {
                final String[] c = line.trim().split(" ");
                if ("DELAY".equals(c[0]) && c.length == 2)
                {
                    simulator.answerDelayMs(Long.parseLong(c[1]));
                    out.println("DELAY " + c[1] + " ms");
                }
                else if ("BOOKED".equals(c[0]))
                {
                    // BOOKED P1=5 P2=7: the trade entry's highest booked sequences; the verdict then counts
                    // confirmations booked but never delivered
                    final Map<String, Long> booked = new TreeMap<>();
                    for (int i = 1; i < c.length; i++)
                    {
                        final String[] kv = c[i].split("=");
                        booked.put(kv[0], Long.parseLong(kv[1]));
                    }
                    BOOKED.set(booked);
                    out.println("BOOKED " + booked + " verdict " + simulator.verdict(parties, booked));
                }
                else if ("EPOCHS".equals(c[0]))
                {
                    final TreeMap<String, Long> epochs = simulator.epochs();
                    out.println("EPOCHS max=" + epochs.values().stream().mapToLong(Long::longValue).max().orElse(0) +
                        " " + epochs);
                }
                else if ("STATUS".equals(c[0]))
                {
                    out.println("STATUS seqs=" + simulator.lastSequences() + " verdict " +
                        simulator.verdict(parties, BOOKED.get()));
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

    private static String holders(final CounterpartySimulator simulator, final List<String> parties)
    {
        final TreeMap<String, Integer> spread = new TreeMap<>();
        for (final String party : parties)
        {
            final String gateway = simulator.connectedGateway(party);
            spread.merge(null == gateway ? "none" : gateway, 1, Integer::sum);
        }
        return spread.toString();
    }
}
