package io.resilientgateways.examples;

import io.resilientgateways.aeron.service.BalancerServiceContext;
import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.node.LocalCluster;
import io.resilientgateways.console.Console;
import io.resilientgateways.aeron.security.CredentialsTable;
import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.examples.counterparty.CounterpartySimulator;
import io.resilientgateways.examples.counterparty.Verdict;
import io.resilientgateways.examples.trading.TradeEntry;
import io.resilientgateways.examples.trading.TradingClusteredService;
import io.resilientgateways.examples.trading.TradingDesk;
import org.agrona.CloseHelper;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The trade-confirmation flow on a real cluster, as a scripted timeline: a 3-node Aeron Cluster in this JVM running
 * {@link TradingClusteredService}, the counterparty simulator (TCP) in this JVM, a trade entry booking a steady
 * stream of trades, and three {@code ApiGateway}s, each in its own JVM.
 * <ol>
 *   <li>staggered gateway starts end evenly spread;</li>
 *   <li>a gateway is SIGKILLed and its parties reopen on the survivors (failover time measured at the
 *       counterparty);</li>
 *   <li>it comes back and takes its share through revoke-then-assign;</li>
 *   <li>the leader node is stopped: a new leader is elected, and nothing moves (no close, no open, no fence, no new
 *       connection at the counterparty);</li>
 *   <li>trade entry stops, every confirmation is acknowledged, and the counterparty's verdict is printed.</li>
 * </ol>
 * {@link #run()} returns true if the verdict is clean and every check held. Everything it started (nodes, child
 * JVMs, directories under /dev/shm and the temp dir) is stopped and deleted by {@link #close()}, also on Ctrl-C.
 */
public final class TradeConfirmationDemo implements AutoCloseable
{
    /** Settings. */
    public record Options(
        int basePort,
        int parties,
        int tradesPerSecond,
        long sessionTimeoutMs,
        long leaderHeartbeatTimeoutMs,
        long leaderHeartbeatIntervalMs,
        long electionTimeoutMs,
        long keepaliveMs,
        long fenceMarginMs,
        long steadyMs,
        boolean stay,
        int consolePort,
        PrintStream out)
    {
        /**
         * @param out where the timeline goes.
         * @return the demo's settings.
         */
        public static Options defaults(final PrintStream out)
        {
            return new Options(22400, 12, 50, 2_000, 500, 50, 100, 100, 200, 1_500, false, -1, out);
        }

        /**
         * @param basePort first port (cluster: basePort..basePort+24, counterparty: basePort+90).
         * @return a copy.
         */
        public Options withBasePort(final int basePort)
        {
            return new Options(basePort, parties, tradesPerSecond, sessionTimeoutMs, leaderHeartbeatTimeoutMs,
                leaderHeartbeatIntervalMs, electionTimeoutMs, keepaliveMs, fenceMarginMs, steadyMs, stay, consolePort,
                out);
        }

        /**
         * @param steadyMs how long each steady phase lasts (trades flowing, nothing happening).
         * @return a copy.
         */
        public Options withSteadyMs(final long steadyMs)
        {
            return new Options(basePort, parties, tradesPerSecond, sessionTimeoutMs, leaderHeartbeatTimeoutMs,
                leaderHeartbeatIntervalMs, electionTimeoutMs, keepaliveMs, fenceMarginMs, steadyMs, stay, consolePort,
                out);
        }

        /**
         * @param sessionTimeoutMs          client session timeout (failover time of a crashed gateway).
         * @param leaderHeartbeatTimeoutMs  leader heartbeat timeout (time to notice a dead leader).
         * @param leaderHeartbeatIntervalMs leader heartbeat interval.
         * @param electionTimeoutMs         election timeout, 0 to derive it (BalancerNode's default).
         * @param fenceMarginMs             gateway lease = session timeout - this.
         * @return a copy.
         */
        public Options withTimeouts(
            final long sessionTimeoutMs,
            final long leaderHeartbeatTimeoutMs,
            final long leaderHeartbeatIntervalMs,
            final long electionTimeoutMs,
            final long fenceMarginMs)
        {
            return new Options(basePort, parties, tradesPerSecond, sessionTimeoutMs, leaderHeartbeatTimeoutMs,
                leaderHeartbeatIntervalMs, electionTimeoutMs, keepaliveMs, fenceMarginMs, steadyMs, stay, consolePort,
                out);
        }

        /**
         * @param consolePort serve the operations console on 127.0.0.1 at this port from the start (0: any free
         *                    port), and keep running after the verdict; -1: no console.
         * @return the settings with it.
         */
        public Options withConsole(final int consolePort)
        {
            return new Options(basePort, parties, tradesPerSecond, sessionTimeoutMs, leaderHeartbeatTimeoutMs,
                leaderHeartbeatIntervalMs, electionTimeoutMs, keepaliveMs, fenceMarginMs, steadyMs,
                stay || consolePort >= 0, consolePort, out);
        }

        /**
         * @param stay keep running after the verdict until Ctrl-C.
         * @return a copy.
         */
        public Options withStay(final boolean stay)
        {
            return new Options(basePort, parties, tradesPerSecond, sessionTimeoutMs, leaderHeartbeatTimeoutMs,
                leaderHeartbeatIntervalMs, electionTimeoutMs, keepaliveMs, fenceMarginMs, steadyMs, stay, consolePort,
                out);
        }
    }

    /** What a run measured. */
    public record Result(
        boolean ok,
        Verdict verdict,
        long failoverMs,
        long rebalanceMs,
        long electionMs,
        long leaderGapMs,
        long silenceMs,
        long booked,
        List<String> failures)
    {
    }

    private static final String ADMIN = "admin:ops:ops-secret";
    private static final String TRADE_ENTRY = "admin:trade-entry:entry-secret";

    private final Options o;
    private final PrintStream out;
    private final List<String> parties = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final TreeMap<String, GatewayJvm> gateways = new TreeMap<>();
    private final long startNs = System.nanoTime();
    private final Thread cleanupHook = new Thread(this::closeQuietly, "demo-cleanup");
    private LocalCluster cluster;
    private Console console;
    private CounterpartySimulator counterparty;
    private TradeEntry tradeEntry;
    private int incarnations;
    private long silenceMs;
    private boolean closed;

    /**
     * @param options settings.
     */
    public TradeConfirmationDemo(final Options options)
    {
        this.o = options;
        this.out = options.out();
        for (int i = 1; i <= o.parties(); i++)
        {
            parties.add(String.format("PARTY-%02d", i));
        }
        Runtime.getRuntime().addShutdownHook(cleanupHook);
    }

    /**
     * Run the scenario.
     *
     * @return what was measured and whether every check held.
     * @throws Exception if something could not start.
     */
    public Result run() throws Exception
    {
        say("Trade confirmations on a real 3-node Aeron Cluster: " + o.parties() + " parties, 3 API gateway JVMs, " +
            "a TCP counterparty that fences by epoch.");
        say(String.format("Settings: session timeout %d ms, gateway keepalive %d ms and lease %d ms, leader heartbeat " +
            "timeout %d ms (interval %d ms), %d trades/s.", o.sessionTimeoutMs(), o.keepaliveMs(),
            o.sessionTimeoutMs() - o.fenceMarginMs(), o.leaderHeartbeatTimeoutMs(), o.leaderHeartbeatIntervalMs(),
            o.tradesPerSecond()));
        counterparty = new CounterpartySimulator(o.basePort() + 90);
        final CredentialsTable credentials = CredentialsTable.of(ADMIN, TRADE_ENTRY,
            "gateway:gw-1:pw-gw-1", "gateway:gw-2:pw-gw-2", "gateway:gw-3:pw-gw-3");
        cluster = LocalCluster.withService(3, o.basePort(), o.sessionTimeoutMs(), o.leaderHeartbeatTimeoutMs(),
            credentials, (member) -> new TradingClusteredService(new BalancerServiceContext()
                .balancerConfig(new BalancerConfig().handoffTimeout(5_000))
                .sessionTimeoutMs(o.sessionTimeoutMs()), TradingClusteredService.DEFAULT_REDELIVERY_INTERVAL_MS));
        cluster.nodeSettings((ctx) -> ctx
            .leaderHeartbeatIntervalMs(o.leaderHeartbeatIntervalMs())
            .electionTimeoutMs(o.electionTimeoutMs()));
        cluster.start();
        final int leader = cluster.awaitLeader(10_000);
        say("cluster up, leader is node " + leader + "; counterparty listening on port " + counterparty.port());
        if (o.consolePort() >= 0)
        {
            final String token = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
            console = Console.start(new Console.Settings()
                .ingressEndpoints(cluster.ingressEndpoints())
                .credentials(ADMIN)
                .aeronDir(cluster.clientAeronDirectoryName())
                .port(o.consolePort())
                .actionToken(token)
                .memberAeronDirs(java.util.stream.IntStream.range(0, 3)
                    .mapToObj((i) -> cluster.node(i).consensusModule().context().aeronDirectoryName()).toList()));
            say("operations console at " + console.url() + " (action token " + token + ")");
        }

        final int commands;
        try (AdminClient admin = AdminClient.connect(cluster.clientContext(ADMIN)))
        {
            final AdminClient.BatchReply reply = admin.addTasks(
                parties.stream().map((party) -> AdminClient.NewTask.of(party, "API_GATEWAY")).toList());
            if (!reply.accepted())
            {
                throw new IllegalStateException("add " + parties + ": " + reply);
            }
            commands = reply.commands();
        }
        say("admin added " + parties.size() + " parties (tasks requiring API_GATEWAY) in " + commands +
            " AddTasks command(s); no gateway yet: PENDING");
        tradeEntry = new TradeEntry(() -> cluster.clientContext(TRADE_ENTRY), parties, o.tradesPerSecond());
        say("trade entry books " + o.tradesPerSecond() + " trades/s; their confirmations wait in the cluster");

        startGateway("gw-1");
        await(20_000, "gw-1 to hold every party", () -> spread().getOrDefault("gw-1", 0) == parties.size());
        step("gw-1 holds everything: " + spread());
        pause(o.steadyMs() / 2);
        startGateway("gw-2");
        awaitEven(List.of("gw-1", "gw-2"));
        step("gw-2 took its half by revoke-then-assign: " + spread());
        startGateway("gw-3");
        awaitEven(List.of("gw-1", "gw-2", "gw-3"));
        step("staggered starts ended evenly spread: " + spread());
        pause(o.steadyMs());

        final long failoverMs = killGateway("gw-2");
        pause(o.steadyMs() / 2);
        final long rebalanceMs = restartGateway("gw-2");
        pause(o.steadyMs());
        final long[] leaderTimes = killLeader();
        final Result result = finish(failoverMs, rebalanceMs, leaderTimes);
        if (o.stay())
        {
            tradeEntry.resume();
            say("--stay: trades flowing again; still running (cluster ingress " + cluster.ingressEndpoints() + ", counterparty port " +
                counterparty.port() + (null == console ? "" : ", console " + console.url()) +
                "). Ctrl-C to stop and clean up.");
            Thread.currentThread().join();
        }
        return result;
    }

    /**
     * Stop everything this demo started and delete its directories.
     */
    public void close()
    {
        closeQuietly();
        try
        {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        }
        catch (final IllegalStateException ignore)
        {
            // already shutting down
        }
    }

    private synchronized void closeQuietly()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        CloseHelper.quietClose(console);
        CloseHelper.quietClose(tradeEntry);
        for (final GatewayJvm gateway : gateways.values())
        {
            CloseHelper.quietClose(gateway);
        }
        CloseHelper.quietClose(cluster);
        CloseHelper.quietClose(counterparty);
    }

    private long killGateway(final String name) throws InterruptedException
    {
        final GatewayJvm victim = gateways.get(name);
        final List<String> victims = new ArrayList<>();
        for (final String party : parties)
        {
            if (name.equals(counterparty.connectedGateway(party)))
            {
                victims.add(party);
            }
        }
        step("SIGKILL " + name + " (pid " + victim.pid() + "): no goodbye; it held " + victims);
        final long killedAt = System.nanoTime();
        victim.kill();
        await(10 * o.sessionTimeoutMs(), "the killed gateway's parties to reopen elsewhere", () ->
        {
            for (final String party : victims)
            {
                final String now = counterparty.connectedGateway(party);
                if (null == now || name.equals(now))
                {
                    return false;
                }
            }
            return true;
        });
        final long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        victim.close();
        gateways.remove(name);
        step(String.format("failover: all %d parties of %s connected again on survivors %d ms after the SIGKILL " +
            "(session timeout %d ms): %s", victims.size(), name, failoverMs, o.sessionTimeoutMs(), spread()));
        return failoverMs;
    }

    private long restartGateway(final String name) throws Exception
    {
        step(name + " comes back (a new process)");
        final long startedAt = System.nanoTime();
        startGateway(name);
        awaitEven(List.of("gw-1", "gw-2", "gw-3"));
        final long rebalanceMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
        step(String.format("%s took its share back %d ms after its JVM was launched (each move: close on the old " +
            "owner, its ack, then open on %s): %s", name, rebalanceMs, name, spread()));
        return rebalanceMs;
    }

    private long[] killLeader()
    {
        final int leader = cluster.awaitLeader(10_000);
        final Map<String, String> before = holders();
        final long connectionsBefore = counterparty.verdict(parties).connections();
        final TreeMap<String, Integer> eventsBefore = new TreeMap<>();
        gateways.forEach((n, g) -> eventsBefore.put(n, g.events.size()));
        final long bookedBefore = tradeEntry.bookedCount();
        final long redeliveredBefore = liveDesk().redelivered();
        step("stopping the leader, node " + leader + " (trades keep coming; " + redeliveredBefore +
            " confirmations re-sent by the redelivery timer so far)");
        final long stoppedAt = System.nanoTime();
        cluster.stop(leader);
        final int newLeader = cluster.awaitLeader(10_000);
        final long electionMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
        await(10_000, "trades booked again", () -> tradeEntry.bookedCount() > bookedBefore + 1);
        final long gapMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
        step(String.format("node %d is leader %d ms after the stop; trades booked again after %d ms", newLeader,
            electionMs, gapMs));
        pause(o.steadyMs());
        final Map<String, String> after = holders();
        final long newConnections = counterparty.verdict(parties).connections() - connectionsBefore;
        final List<String> gatewayEvents = new ArrayList<>();
        gateways.forEach((n, g) ->
        {
            final List<GatewayJvm.Event> all = g.events;
            for (int i = eventsBefore.get(n); i < all.size(); i++)
            {
                final String line = all.get(i).line();
                if (line.startsWith("SILENCE "))
                {
                    silenceMs = Math.max(silenceMs, Long.parseLong(line.split(" ")[1]));
                }
                else
                {
                    gatewayEvents.add(n + " " + line);
                }
            }
        });
        if (!after.equals(before) || newConnections != 0 || !gatewayEvents.isEmpty())
        {
            failures.add("leader failover moved something: holders " + before + " -> " + after +
                ", new connections " + newConnections + ", gateway events " + gatewayEvents);
        }
        step(String.format("nothing moved: same holder for every party, %d gateway events (no close, open or " +
            "fence), %d new connections at the counterparty; longest silence a gateway rode through %d ms of its " +
            "%d ms lease; %d confirmations re-sent by the redelivery timer meanwhile",
            gatewayEvents.size(), newConnections, silenceMs, o.sessionTimeoutMs() - o.fenceMarginMs(),
            liveDesk().redelivered() - redeliveredBefore));
        return new long[]{electionMs, gapMs, silenceMs};
    }

    private Result finish(final long failoverMs, final long rebalanceMs, final long[] leaderTimes)
    {
        tradeEntry.stop();
        step("trade entry stops; waiting until every trade is booked and every confirmation acknowledged");
        await(20_000, "every trade answered", () -> 0 == tradeEntry.pendingCount());
        final TradingDesk desk = liveDesk();
        try
        {
            await(20_000, "every confirmation acknowledged", () ->
                0 == desk.unackedCount() && counterparty.verdict(parties).confirmations() == desk.bookedCount());
        }
        catch (final IllegalStateException ex)
        {
            final TradingClusteredService service = (TradingClusteredService)cluster.clusteredService(
                cluster.awaitLeader(1_000));
            failures.add(ex.getMessage() + String.format(" (booked %d, unacked %d, stale reports %d, bad reports %d, " +
                "malformed %d, foreign %d)", desk.bookedCount(), desk.unackedCount(), desk.staleReports(),
                desk.rejectedReports(), service.malformedCount(), service.foreignCount()));
        }
        final Verdict verdict = counterparty.verdict(parties, tradeEntry.lastSeqByParty()); // counts a lost tail too
        compareSnapshots();
        say(String.format("cluster: %d confirmations booked, %d unacknowledged, %d re-sent by the redelivery timer, " +
            "%d stale party reports ignored; trade entry: %d booked, %d re-sent after the leader change",
            desk.bookedCount(), desk.unackedCount(), desk.redelivered(), desk.staleReports(),
            tradeEntry.bookedCount(), tradeEntry.resentCount()));
        if (verdict.confirmations() != desk.bookedCount())
        {
            failures.add("counterparty accepted " + verdict.confirmations() + " of " + desk.bookedCount());
        }
        for (final GatewayJvm gateway : gateways.values())
        {
            if (gateway.count("FENCED") + gateway.count("STALE") + gateway.count("LOST") > 0)
            {
                failures.add(gateway.name + " was fenced, refused or lost a connection");
            }
        }
        final boolean ok = verdict.clean() && failures.isEmpty();
        out.println();
        out.println("Counterparty verdict: " + verdict);
        out.printf("Measured: gateway SIGKILL -> its parties reconnected elsewhere %d ms; rejoin (JVM launch) -> even " +
            "again %d ms; leader stop -> new leader %d ms, trades booked again %d ms, longest gateway silence %d ms " +
            "(lease %d ms).%n", failoverMs, rebalanceMs, leaderTimes[0], leaderTimes[1], leaderTimes[2],
            o.sessionTimeoutMs() - o.fenceMarginMs());
        out.println(ok ? "RESULT: OK" : "RESULT: FAILED " + failures);
        return new Result(ok, verdict, failoverMs, rebalanceMs, leaderTimes[0], leaderTimes[1], leaderTimes[2],
            desk.bookedCount(), List.copyOf(failures));
    }

    private void compareSnapshots()
    {
        cluster.snapshot(10_000);
        byte[] desk = null;
        byte[] balancer = null;
        int members = 0;
        for (int i = 0; i < 3; i++)
        {
            if (null == cluster.node(i))
            {
                continue;
            }
            final TradingClusteredService service = (TradingClusteredService)cluster.clusteredService(i);
            final byte[] deskBytes = service.lastDeskSnapshot();
            final byte[] balancerBytes = service.component().lastSnapshotBytes();
            if (0 == members)
            {
                desk = deskBytes;
                balancer = balancerBytes;
            }
            else if (!Arrays.equals(desk, deskBytes) || !Arrays.equals(balancer, balancerBytes))
            {
                failures.add("member " + i + " wrote a different snapshot");
            }
            members++;
        }
        say(String.format("snapshot taken: the %d running members wrote identical bytes (balancer %d, desk %d) " +
            "-> %s", members, null == balancer ? 0 : balancer.length, null == desk ? 0 : desk.length,
            failures.stream().anyMatch((f) -> f.contains("snapshot")) ? "NOT identical" : "deterministic"));
    }

    private TradingDesk liveDesk()
    {
        final int leader = cluster.awaitLeader(10_000);
        return ((TradingClusteredService)cluster.clusteredService(leader)).desk();
    }

    private GatewayJvm startGateway(final String name) throws IOException
    {
        final List<String> args = List.of(
            "--cluster", cluster.ingressEndpoints(),
            "--counterparty", "localhost:" + counterparty.port(),
            "--session-timeout-ms", Long.toString(o.sessionTimeoutMs()),
            "--keepalive-ms", Long.toString(o.keepaliveMs()),
            "--fence-margin-ms", Long.toString(o.fenceMarginMs()));
        final GatewayJvm gateway = new GatewayJvm(name, args, "gateway:" + name + ":pw-" + name,
            cluster.newAeronDirectoryName(name + "-" + (++incarnations)), this::onGatewayLine);
        gateways.put(name, gateway);
        step("started " + name + " in its own JVM (pid " + gateway.pid() + ")");
        return gateway;
    }

    private void onGatewayLine(final String name, final String line)
    {
        if (!line.equals("READY"))
        {
            say(String.format("  %-5s %s", name, line));
        }
    }

    private void awaitEven(final List<String> names)
    {
        await(20_000, "an even spread over " + names, () ->
        {
            final Map<String, Integer> spread = spread();
            int total = 0;
            for (final String name : names)
            {
                final int n = spread.getOrDefault(name, 0);
                if (n < parties.size() / names.size() || n > (parties.size() + names.size() - 1) / names.size())
                {
                    return false;
                }
                total += n;
            }
            return total == parties.size();
        });
    }

    private Map<String, Integer> spread()
    {
        final TreeMap<String, Integer> spread = new TreeMap<>();
        for (final String party : parties)
        {
            final String gateway = counterparty.connectedGateway(party);
            if (null != gateway)
            {
                spread.merge(gateway, 1, Integer::sum);
            }
        }
        return spread;
    }

    private Map<String, String> holders()
    {
        final TreeMap<String, String> holders = new TreeMap<>();
        for (final String party : parties)
        {
            holders.put(party, counterparty.connectedGateway(party));
        }
        return holders;
    }

    private void await(final long timeoutMs, final String what, final BooleanSupplier condition)
    {
        LocalCluster.await(timeoutMs, what, condition);
    }

    private static void pause(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void step(final String text)
    {
        say("== " + text);
    }

    private void say(final String text)
    {
        out.printf("[%6.2fs] %s%n", (System.nanoTime() - startNs) / 1e9, text);
    }
}
