package io.resilientgateways.comparison;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The lock approach as separate JVMs: one {@link ZkEnsembleMain} (three ZooKeeper servers) and {@link LockGateway}s.
 */
final class LockSide implements Side
{
    private final Path work;
    private final int requestedTimeoutMs;
    private final int tickMs;
    private final int counterpartyPort;
    private final int parties;
    private final long periodMs;
    private final int zkBasePort;
    private final TreeMap<String, Child> gateways = new TreeMap<>();
    private Child zk;
    private String connect;
    private long grantedMs = -1;

    /**
     * @param requestedTimeoutMs 0 for Curator's default session timeout (with ZooKeeper's default tick of 2 s).
     */
    LockSide(
        final Path work, final int requestedTimeoutMs, final int counterpartyPort, final int parties,
        final int rate, final int zkBasePort)
    {
        this.work = work;
        this.requestedTimeoutMs = requestedTimeoutMs;
        // ZooKeeper's default tick is 2 s (sessions 4-40 s); a shorter session needs a tick of at most half of it
        this.tickMs = requestedTimeoutMs <= 0 ? 2_000 : Math.min(2_000, Math.max(50, requestedTimeoutMs / 5));
        this.counterpartyPort = counterpartyPort;
        this.parties = parties;
        this.periodMs = Math.max(1, parties * 1_000L / rate);
        this.zkBasePort = zkBasePort;
    }

    public void startInfrastructure() throws Exception
    {
        zk = Child.startJvm("zookeeper", ZkEnsembleMain.class.getName(), "256m", List.of(
            "--base-port", Integer.toString(zkBasePort), "--tick-ms", Integer.toString(tickMs),
            "--dir", work.resolve("zk").toString()), work.resolve("logs"));
        final String ready = zk.awaitLine((l) -> l.startsWith("ZK READY"), 60, TimeUnit.SECONDS);
        connect = ready.substring(ready.indexOf("connect=") + 8, ready.indexOf(' ', ready.indexOf("connect=")));
    }

    public Child startGateway(final String name) throws Exception
    {
        final List<String> args = new ArrayList<>(List.of("--name", name, "--zk", connect,
            "--counterparty", "127.0.0.1:" + counterpartyPort, "--parties", Integer.toString(parties),
            "--period-ms", Long.toString(periodMs)));
        if (requestedTimeoutMs > 0)
        {
            args.add("--session-timeout-ms");
            args.add(Integer.toString(requestedTimeoutMs));
        }
        final Child gateway = Child.startJvm(name, LockGateway.class.getName(), "128m", args, work.resolve("logs"));
        gateways.put(name, gateway);
        final String ready = gateway.awaitLine((l) -> l.startsWith("READY"), 60, TimeUnit.SECONDS);
        grantedMs = Long.parseLong(ready.substring(ready.indexOf('=') + 1).trim());
        return gateway;
    }

    public long sessionTimeoutMs()
    {
        return grantedMs;
    }

    int tickMs()
    {
        return tickMs;
    }

    public List<Child> infrastructure()
    {
        return null == zk ? List.of() : List.of(zk);
    }

    public String infrastructureLabel()
    {
        return "1 ZooKeeper JVM (3 servers; 3 processes in production)";
    }

    public List<Child> feeders()
    {
        return List.of();
    }

    public Map<String, String> finish(final Referee referee)
    {
        close();
        return Map.of("confirmations.lost", "n/a (synthetic feed)");
    }

    public void close()
    {
        for (final Child c : gateways.values())
        {
            c.stop(10_000);
        }
        if (null != zk)
        {
            zk.stop(15_000);
        }
    }
}
