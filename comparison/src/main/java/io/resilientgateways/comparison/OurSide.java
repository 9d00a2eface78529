package io.resilientgateways.comparison;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The trade-confirmation example as separate JVMs, started through the example's own main classes and options (as
 * {@code scripts/*.sh} do): three {@code TradingNode}s, one {@code TradeEntryMain} (adds the parties, books trades),
 * and {@code ApiGateway}s.
 */
final class OurSide implements Side
{
    private static final String NODE = "io.resilientgateways.examples.node.TradingNode";
    private static final String TRADE_ENTRY = "io.resilientgateways.examples.trading.TradeEntryMain";
    private static final String GATEWAY = "io.resilientgateways.examples.gateway.ApiGateway";

    private final String gatewayMain;
    private final Path root;
    private final Path work;
    private final long sessionTimeoutMs;
    private final int counterpartyPort;
    private final int parties;
    private final int rate;
    private final String members;
    private final List<Child> nodes = new ArrayList<>();
    private final List<Child> feeders = new ArrayList<>();
    private final TreeMap<String, Child> gateways = new TreeMap<>();

    OurSide(
        final Path root, final Path work, final long sessionTimeoutMs, final int counterpartyPort, final int parties,
        final int rate, final int nodeBasePort)
    {
        this(root, work, sessionTimeoutMs, counterpartyPort, parties, rate, nodeBasePort, GATEWAY);
    }

    OurSide(
        final Path root, final Path work, final long sessionTimeoutMs, final int counterpartyPort, final int parties,
        final int rate, final int nodeBasePort, final String gatewayMain)
    {
        this.gatewayMain = gatewayMain;
        this.root = root;
        this.work = work;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.counterpartyPort = counterpartyPort;
        this.parties = parties;
        this.rate = rate;
        this.members = "localhost:" + nodeBasePort + ",localhost:" + (nodeBasePort + 10) + ",localhost:" +
            (nodeBasePort + 20);
    }

    public void startInfrastructure() throws Exception
    {
        for (int id = 0; id < 3; id++)
        {
            nodes.add(Child.startJvm("node-" + id, NODE, "512m", List.of(
                "--id", Integer.toString(id), "--members", members,
                "--credentials-file", root.resolve("scripts/credentials.txt").toString(),
                "--dir", work.resolve("node-" + id).toString(), "--aeron-dir", shm("node-" + id),
                "--clean", "--delete-data", "--session-timeout-ms", Long.toString(sessionTimeoutMs)), logs()));
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (nodes.stream().noneMatch((n) -> n.lines().stream().anyMatch((l) -> l.contains("is LEADER"))))
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("no cluster leader within 60 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        final Child entry = Child.startJvm("trade-entry", TRADE_ENTRY, "128m", List.of(
            "--members", members, "--parties", Integer.toString(parties), "--rate", Integer.toString(rate),
            "--credentials-file", credentialsFile(), "--aeron-dir", shm("trade-entry")), logs());
        feeders.add(entry);
        entry.awaitLine((l) -> l.startsWith("PARTIES "), 60, TimeUnit.SECONDS);
    }

    public Child startGateway(final String name) throws Exception
    {
        final Child gateway = Child.startJvm(name, gatewayMain, "128m", List.of(
            "--name", name, "--members", members, "--counterparty", "127.0.0.1:" + counterpartyPort,
            "--credentials-file", credentialsFile(), "--aeron-dir", shm(name),
            "--session-timeout-ms", Long.toString(sessionTimeoutMs)), logs());
        gateways.put(name, gateway);
        // ApiGateway prints READY when its process is up, before it has even connected to the cluster; it has joined
        // only when the cluster answered its Register. Returning at READY let a settle window (2 s without a move)
        // pass while the gateway was still connecting, and recorded the spread without it.
        gateway.awaitLine("READY"::equals, 60, TimeUnit.SECONDS);
        gateway.awaitLine((l) -> l.startsWith("REGISTERED "), 60, TimeUnit.SECONDS);
        return gateway;
    }

    public long sessionTimeoutMs()
    {
        return sessionTimeoutMs;
    }

    public List<Child> infrastructure()
    {
        return List.copyOf(nodes);
    }

    public String infrastructureLabel()
    {
        return "3 cluster nodes";
    }

    public List<Child> feeders()
    {
        return List.copyOf(feeders);
    }

    public Map<String, String> finish(final Referee referee)
    {
        final Map<String, String> result = new TreeMap<>();
        final Child entry = feeders.get(0);
        entry.stop(15_000);
        final TreeMap<String, Long> booked = new TreeMap<>();
        for (final String line : entry.lines())
        {
            if (line.startsWith("STOPPED "))
            {
                final int at = line.indexOf("lastSeq={");
                if (at > 0)
                {
                    final String body = line.substring(at + 9, line.lastIndexOf('}'));
                    for (final String kv : body.split(", "))
                    {
                        if (kv.contains("="))
                        {
                            booked.put(kv.substring(0, kv.indexOf('=')),
                                Long.parseLong(kv.substring(kv.indexOf('=') + 1)));
                        }
                    }
                }
                result.put("booked", line.substring(8, line.indexOf(' ', 8)).replace("booked=", ""));
            }
        }
        // let the gateways deliver what was booked, then count what the counterparty never accepted
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long lost;
        do
        {
            lost = 0;
            for (final Map.Entry<String, Long> e : booked.entrySet())
            {
                lost += Math.max(0, e.getValue() - referee.lastSequence(e.getKey()));
            }
            if (lost > 0)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
        while (lost > 0 && System.nanoTime() - deadline < 0);
        result.put("confirmations.lost", booked.isEmpty() ? "n/a (no STOPPED line)" : Long.toString(lost));
        close();
        return result;
    }

    public void close()
    {
        for (final Child c : feeders)
        {
            c.stop(10_000);
        }
        for (final Child c : gateways.values())
        {
            c.stop(10_000);
        }
        for (final Child c : nodes)
        {
            c.stop(15_000);
        }
    }

    private String credentialsFile()
    {
        return root.resolve("scripts/credentials.txt").toString(); // the clients take their line from it, not argv
    }

    private Path logs()
    {
        return work.resolve("logs");
    }

    static final String SHM_PREFIX = "aeron-rg-compare-";

    static String shm(final String name)
    {
        final Path shm = Path.of("/dev/shm");
        return (Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")))
            .resolve(SHM_PREFIX + name).toString();
    }
}
