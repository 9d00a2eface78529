package io.resilientgateways.examples.chaos;

import io.resilientgateways.examples.counterparty.CounterpartyMain;
import io.resilientgateways.examples.gateway.ApiGateway;
import io.resilientgateways.examples.node.TradingNode;
import io.resilientgateways.examples.trading.TradeEntryMain;
import org.agrona.IoUtil;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One chaos run on loopback: three {@link TradingNode} JVMs, several {@link ApiGateway} JVMs, the
 * {@link CounterpartyMain} (with its event log) and a {@link TradeEntryMain}, every one its own process, with faults
 * drawn from a seed: SIGKILL and restart of gateways, of the leader and of a follower, SIGSTOP of a gateway below
 * and above its lease and of the leader below and above the session timeout, a gateway and the leader killed
 * together, and a counterparty that answers slowly while a gateway's parties move. The counterparty's event log
 * (every WELCOME, STALE, SUPERSEDED, GAP, DUP) is the ground truth; every event is put in the window of the fault
 * during which it happened. {@link #run()} returns the per-fault results and the end state.
 * <p>
 * Ports: {@code basePort} .. {@code basePort + 24} for the members, {@code basePort + 100} for the counterparty.
 * Every directory it made is deleted by {@link #close()}.
 */
final class ChaosRun implements AutoCloseable
{
    enum Fault
    {
        GATEWAY_KILL(true, false),
        GATEWAY_PAUSE_SHORT(false, false),
        GATEWAY_PAUSE_LONG(true, false),
        LEADER_KILL(false, true),
        LEADER_PAUSE_SHORT(false, true),
        LEADER_PAUSE_LONG(false, true),
        FOLLOWER_KILL(false, false),
        GATEWAY_AND_LEADER_KILL(true, true),
        SLOW_COUNTERPARTY(true, false);

        /** Its victim gateway's parties must move. */
        final boolean movesVictim;
        /** It hits the leader: moves of other parties count as "moved by leader faults". */
        final boolean leader;

        Fault(final boolean movesVictim, final boolean leader)
        {
            this.movesVictim = movesVictim;
            this.leader = leader;
        }
    }

    record Options(
        long seed,
        long faultPhaseMs,
        List<Fault> faults,
        int gateways,
        int parties,
        int tradeRate,
        int basePort,
        long sessionTimeoutMs,
        long fenceMarginMs,
        long leaderHeartbeatTimeoutMs,
        long leaderHeartbeatIntervalMs,
        long electionTimeoutMs,
        long slowAnswerMs,
        boolean echo,
        PrintStream out)
    {
        long leaseMs()
        {
            return sessionTimeoutMs - fenceMarginMs;
        }
    }

    record FaultResult(
        Fault fault,
        String detail,
        long startNs,
        long failoverMs,
        long electionMs,
        int moved,
        int stale,
        int superseded,
        int gaps,
        int duplicates,
        boolean recovered,
        long recoveryMs)
    {
        /** Stale refusals and superseded connections are explained only by a gateway frozen past its lease. */
        int unexplained()
        {
            return fault == Fault.GATEWAY_PAUSE_LONG ? 0 : stale + superseded;
        }
    }

    record Outcome(
        List<FaultResult> faults,
        int connectedAtEnd,
        int parties,
        long booked,
        long unanswered,
        int gaps,
        int duplicates,
        int stale,
        int superseded,
        long stalls,
        boolean nodesAlive,
        boolean membersInSync,
        String finalVerdict,
        Map<String, Integer> consensusTrouble)
    {
        /**
         * 0 gaps, 0 duplicates, 0 unanswered, every party connected, every member alive and leading or following
         * (caught up), and for every fault:
         * recovered, nothing moved but the victim gateway's parties, no stale or superseded event unexplained by a
         * gateway frozen past its lease.
         */
        boolean pass()
        {
            return gaps == 0 && duplicates == 0 && unanswered == 0 && connectedAtEnd == parties && nodesAlive &&
                membersInSync &&
                faults.stream().allMatch((f) -> f.recovered() && f.unexplained() == 0 && f.moved() == 0);
        }
    }

    private static final Pattern WELCOME = Pattern.compile("^CP WELCOME (\\S+) (\\d+) (\\S+)$");
    private static final Pattern DISCONNECTED = Pattern.compile("^CP DISCONNECTED (\\S+) (\\S+)$");
    private static final long RECOVERY_TIMEOUT_MS = 30_000;
    private static final List<String> CONSENSUS_TROUBLE = List.of("log replication has not progressed",
        "quorum position went backwards", "clashing sessionId", "failed to join catchup log",
        "failed to join live log", "inactive follower quorum");

    private final Options o;
    private final Random random;
    private final File root;
    private final String shmRoot;
    private final String members;
    private final String credentialsFile = new File("../scripts/credentials.txt").getAbsolutePath();
    private final Proc[] nodes = new Proc[3];
    private final Proc[] gateways;
    private final List<Proc> all = new ArrayList<>();
    private final TreeMap<String, String> holders = new TreeMap<>();
    private final List<String> partyNames = new ArrayList<>();
    private Proc counterparty;
    private Proc tradeEntry;
    private long runStart;
    private Delivery lastDelivery;

    ChaosRun(final Options options) throws IOException
    {
        o = options;
        random = new Random(options.seed());
        root = Files.createTempDirectory("rg-chaos-" + options.basePort() + "-").toFile();
        final File shm = new File("/dev/shm");
        shmRoot = (shm.isDirectory() ? shm.getPath() : root.getPath()) + "/rg-chaos-" + options.basePort() + "-" +
            ProcessHandle.current().pid();
        members = "localhost:" + o.basePort() + ",localhost:" + (o.basePort() + 10) + ",localhost:" +
            (o.basePort() + 20);
        gateways = new Proc[o.gateways()];
        for (int i = 1; i <= o.parties(); i++)
        {
            partyNames.add(String.format("PARTY-%02d", i));
        }
    }

    Outcome run() throws Exception
    {
        startAll();
        final List<Fault> schedule = new ArrayList<>(o.faults());
        Collections.shuffle(schedule, random);
        final List<FaultResult> results = new ArrayList<>();
        final long phaseEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(o.faultPhaseMs());
        int index = 0;
        while (index < schedule.size() || System.nanoTime() - phaseEnd < 0)
        {
            final Fault fault = index < schedule.size() ? schedule.get(index) :
                o.faults().get(random.nextInt(o.faults().size()));
            index++;
            results.add(inject(fault));
            if (!results.get(results.size() - 1).recovered())
            {
                break;
            }
        }
        return finish(results);
    }

    /**
     * Start every process and wait until every party is connected.
     */
    void startAll() throws Exception
    {
        runStart = System.nanoTime();
        counterparty = start("counterparty", CounterpartyMain.class, 128, List.of("--port",
            Integer.toString(o.basePort() + 100), "--bind", "127.0.0.1", "--parties", Integer.toString(o.parties()),
            "--events", "--commands"), this::onCounterpartyLine);
        for (int i = 0; i < 3; i++)
        {
            nodes[i] = startNode(i, true);
        }
        check(waitFor(() -> leader() >= 0, 30_000), "no leader elected at start");
        tradeEntry = startTradeEntry("trade-entry");
        for (int i = 0; i < gateways.length; i++)
        {
            gateways[i] = startGateway(i);
        }
        if (!waitFor(this::healthy, 60_000))
        {
            for (final Proc p : all)
            {
                final List<Proc.Line> lines = p.lines;
                log("%s (alive %s) last lines: %s", p.name, p.isAlive(),
                    lines.subList(Math.max(0, lines.size() - 12), lines.size()));
            }
            throw new IllegalStateException("not every party connected at start: " + holdersSnapshot() +
                ", leader " + leader() + ", gateways " + gatewayStates());
        }
        // the balancer may still be evening out the spread of the staggered start: let it finish, so that its moves
        // do not land in the first fault's window
        waitFor(() -> quietFor(TimeUnit.SECONDS.toNanos(3)), 30_000);
        log("START all %d parties connected after %d ms; seed %d", o.parties(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - runStart), o.seed());
    }

    /**
     * What the trade entry booked and the counterparty accepted once the entry stopped.
     *
     * @param booked      the highest sequence booked per party, from the entry's {@code STOPPED} line.
     * @param bookedCount trades the entry booked, from the same line.
     * @param unanswered  trades never booked plus confirmations booked but not accepted; -1 if the entry did not
     *                    stop.
     * @param verdict     the counterparty's last {@code STATUS} line.
     */
    record Delivery(Map<String, Long> booked, long bookedCount, long unanswered, String verdict)
    {
        /**
         * @return confirmations the counterparty had accepted in all, at its last {@code STATUS}; -1 if unknown.
         */
        long accepted()
        {
            final Matcher m = Pattern.compile("confirmations accepted (\\d+)").matcher(verdict);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }
    }

    /**
     * Stop the trade entry and wait (up to 15 s) until the counterparty accepted every confirmation it booked.
     */
    Delivery stopTradeEntryAndAwaitDelivery() throws Exception
    {
        tradeEntry.send("STOP");
        final int stopped = tradeEntry.await(0, (l) -> l.startsWith("STOPPED "), 15_000);
        if (stopped < 0)
        {
            final List<Proc.Line> lines = tradeEntry.lines;
            log("trade entry did not report STOPPED; its last lines: %s",
                lines.subList(Math.max(0, lines.size() - 15), lines.size()));
            return new Delivery(Map.of(), -1, -1, "");
        }
        final Map<String, Long> booked = seqs(tradeEntry.lines.get(stopped).text());
        final long bookedCount = longField(tradeEntry.lines.get(stopped).text(), "booked");
        final long pending = longField(tradeEntry.lines.get(stopped).text(), "pending");
        long unanswered = Long.MAX_VALUE;
        String verdict = "";
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() - deadline < 0)
        {
            final int from = counterparty.lines.size();
            counterparty.send("STATUS");
            final int at = counterparty.await(from, (l) -> l.startsWith("STATUS "), 5_000);
            if (at >= 0)
            {
                verdict = counterparty.lines.get(at).text();
                final Map<String, Long> accepted = seqs(verdict);
                unanswered = Math.max(0, pending);
                for (final Map.Entry<String, Long> e : booked.entrySet())
                {
                    unanswered += Math.max(0, e.getValue() - accepted.getOrDefault(e.getKey(), 0L));
                }
                if (0 == unanswered)
                {
                    break;
                }
            }
            Thread.sleep(200);
        }
        return new Delivery(booked, bookedCount, unanswered, verdict);
    }

    /**
     * Wipe the cluster while the counterparty keeps its state, as docs/operations.md ("Wiping a cluster") says: stop
     * the trade entry and wait until the counterparty accepted every confirmation booked; read the highest epoch
     * the counterparty welcomed ({@code EPOCHS}); SIGKILL every member and start each on an empty directory with
     * that epoch as its floor ({@code --epoch-floor}), or with none; start a new trade entry at once (its first
     * trades may be booked before their party's first handshake); wait until every party is connected again.
     *
     * @param withFloor set the epoch floor from the counterparty.
     * @return what was delivered before the wipe, and the floor (0 if none).
     */
    Wipe wipe(final boolean withFloor) throws Exception
    {
        final Delivery before = stopTradeEntryAndAwaitDelivery();
        check(0 == before.unanswered(), "confirmations not delivered before the wipe: " + before);
        tradeEntry.close();
        final int from = counterparty.lines.size();
        counterparty.send("EPOCHS");
        final int at = counterparty.await(from, (l) -> l.startsWith("EPOCHS "), 5_000);
        check(at >= 0, "the counterparty did not answer EPOCHS");
        final long highest = longField(counterparty.lines.get(at).text(), "max");
        final long floor = withFloor ? highest : 0;
        final long t0 = System.nanoTime();
        for (final Proc n : nodes)
        {
            n.sigkill();
        }
        for (int i = 0; i < nodes.length; i++)
        {
            nodes[i] = startNode(i, true, floor);
        }
        check(waitFor(() -> leader() >= 0, 30_000), "no leader elected after the wipe");
        tradeEntry = startTradeEntry("trade-entry-2");
        final boolean healthy = waitFor(this::healthy, 60_000);
        log("WIPE highest epoch at the counterparty %d, floor %d; every party connected again: %s after %d ms",
            highest, floor, healthy, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        waitFor(() -> quietFor(TimeUnit.SECONDS.toNanos(2)), 20_000);
        return new Wipe(before, highest, floor, t0);
    }

    /**
     * @param before  what was delivered before the wipe.
     * @param highest the highest epoch the counterparty had welcomed.
     * @param floor   the epoch floor the new members started with.
     * @param atNs    when the members were killed.
     */
    record Wipe(Delivery before, long highest, long floor, long atNs)
    {
    }

    /**
     * @return what {@link #finish(List)} found delivered when it stopped the trade entry; null before.
     */
    Delivery lastDelivery()
    {
        return lastDelivery;
    }

    /**
     * @return every counterparty event line ({@code CP ...}) from {@code sinceNs} on.
     */
    List<String> counterpartyEventLines(final long sinceNs)
    {
        final List<String> lines = new ArrayList<>();
        for (final Proc.Line l : counterparty.lines)
        {
            if (l.nanoTime() - sinceNs >= 0 && l.text().startsWith("CP "))
            {
                lines.add(l.text());
            }
        }
        return lines;
    }

    /**
     * Wait until healthy, stop the trade entry, wait for every booked confirmation at the counterparty, and judge.
     */
    Outcome finish(final List<FaultResult> results) throws Exception
    {
        final boolean healthyAtEnd = waitFor(this::healthy, 20_000);
        final Delivery delivery = stopTradeEntryAndAwaitDelivery();
        lastDelivery = delivery;
        final long unanswered = delivery.unanswered();
        final String verdict = delivery.verdict();
        final long totalBooked = delivery.booked().values().stream().mapToLong(Long::longValue).sum();
        final boolean nodesAlive = nodes[0].isAlive() && nodes[1].isAlive() && nodes[2].isAlive();
        final boolean membersInSync = inSync(nodes[0]) && inSync(nodes[1]) && inSync(nodes[2]);
        long stalls = 0;
        final TreeMap<String, Integer> consensus = new TreeMap<>();
        for (final Proc n : all)
        {
            if (n.name.startsWith("node"))
            {
                stalls += n.lines.stream().filter((l) -> l.text().contains(" STALLED ")).count();
                for (final Proc.Line l : n.lines)
                {
                    for (final String known : CONSENSUS_TROUBLE)
                    {
                        if (l.text().startsWith("AERON ") && l.text().contains(known))
                        {
                            consensus.merge(known, 1, Integer::sum);
                        }
                    }
                }
            }
        }
        log("members: stalls %d, consensus trouble %s", stalls, consensus);
        final Window whole = new Window(runStart, System.nanoTime(), Set.of(), Long.MAX_VALUE);
        final Outcome outcome = new Outcome(results, healthyAtEnd ? o.parties() : connectedCount(), o.parties(),
            totalBooked, unanswered, whole.count("GAP"), whole.count("DUP"), whole.count("STALE"),
            whole.count("SUPERSEDED"), stalls, nodesAlive, membersInSync, verdict, consensus);
        log("END %s", outcome.pass() ? "PASS" : "FAIL");
        return outcome;
    }

    private FaultResult inject(final Fault fault) throws Exception
    {
        final long t0 = System.nanoTime();
        final Set<String> victimParties = new HashSet<>();
        String detail = "";
        long failoverMs = -1;
        long electionMs = -1;
        long moveWindowEndNs = Long.MAX_VALUE;
        final int leaderId = leader();
        switch (fault)
        {
            case GATEWAY_KILL ->
            {
                final int g = random.nextInt(gateways.length);
                victimParties.addAll(partiesOf(gateways[g].name));
                detail = gateways[g].name + " (" + victimParties.size() + " parties)";
                gateways[g].sigkill();
                failoverMs = awaitMoved(victimParties, gateways[g].name, t0);
                moveWindowEndNs = System.nanoTime();
                gateways[g] = startGateway(g);
            }
            case GATEWAY_PAUSE_SHORT ->
            {
                final int g = random.nextInt(gateways.length);
                final long pauseMs = o.leaseMs() / 2;
                detail = gateways[g].name + " " + pauseMs + " ms";
                gateways[g].sigstop();
                Thread.sleep(pauseMs);
                gateways[g].sigcont();
            }
            case GATEWAY_PAUSE_LONG ->
            {
                final int g = random.nextInt(gateways.length);
                victimParties.addAll(partiesOf(gateways[g].name));
                final long pauseMs = Math.max(5 * o.leaseMs() / 2, o.sessionTimeoutMs() + 1_000);
                detail = gateways[g].name + " " + pauseMs + " ms (" + victimParties.size() + " parties)";
                gateways[g].sigstop();
                failoverMs = awaitMoved(victimParties, gateways[g].name, t0);
                final long left = pauseMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                if (left > 0)
                {
                    Thread.sleep(left);
                }
                moveWindowEndNs = System.nanoTime();
                gateways[g].sigcont();
            }
            case LEADER_KILL ->
            {
                detail = "node " + leaderId;
                nodes[leaderId].sigkill();
                electionMs = awaitNewLeader(leaderId, t0);
                nodes[leaderId] = startNode(leaderId, false);
            }
            case LEADER_PAUSE_SHORT, LEADER_PAUSE_LONG ->
            {
                final long pauseMs = fault == Fault.LEADER_PAUSE_SHORT ? o.sessionTimeoutMs() / 2 :
                    5 * o.sessionTimeoutMs() / 2;
                detail = "node " + leaderId + " " + pauseMs + " ms";
                nodes[leaderId].sigstop();
                Thread.sleep(pauseMs);
                nodes[leaderId].sigcont();
                electionMs = awaitNewLeader(-1, t0);
            }
            case FOLLOWER_KILL ->
            {
                final int f = (leaderId + 1 + random.nextInt(2)) % 3;
                detail = "node " + f;
                nodes[f].sigkill();
                Thread.sleep(500);
                nodes[f] = startNode(f, false);
            }
            case GATEWAY_AND_LEADER_KILL ->
            {
                final int g = random.nextInt(gateways.length);
                victimParties.addAll(partiesOf(gateways[g].name));
                detail = gateways[g].name + " (" + victimParties.size() + " parties) and node " + leaderId;
                gateways[g].sigkill();
                nodes[leaderId].sigkill();
                electionMs = awaitNewLeader(leaderId, t0);
                failoverMs = awaitMoved(victimParties, gateways[g].name, t0);
                moveWindowEndNs = System.nanoTime();
                nodes[leaderId] = startNode(leaderId, false);
                gateways[g] = startGateway(g);
            }
            case SLOW_COUNTERPARTY ->
            {
                final int g = random.nextInt(gateways.length);
                victimParties.addAll(partiesOf(gateways[g].name));
                detail = "answers " + o.slowAnswerMs() + " ms late while " + gateways[g].name + " (" +
                    victimParties.size() + " parties) is killed";
                counterparty.send("DELAY " + o.slowAnswerMs());
                gateways[g].sigkill();
                failoverMs = awaitMoved(victimParties, gateways[g].name, t0);
                moveWindowEndNs = System.nanoTime();
                counterparty.send("DELAY 0");
                gateways[g] = startGateway(g);
            }
            default -> throw new IllegalStateException(fault.name());
        }
        final boolean healthyOnce = waitFor(this::healthy, RECOVERY_TIMEOUT_MS);
        final long recoveredNs = System.nanoTime();
        // settle: let late moves (a woken leader, a rejoining member, the rebalance that gives a restarted gateway
        // its share) show up in this window, not the next one
        Thread.sleep(Math.max(1_000, o.sessionTimeoutMs()));
        waitFor(() -> quietFor(TimeUnit.MILLISECONDS.toNanos(1_500)), 20_000);
        // and healthy again after it: a woken ex-leader can look caught up for a moment and then start an election
        // of its own or loop in log replication; that is not recovered
        final boolean recovered = healthyOnce && waitFor(this::healthy, RECOVERY_TIMEOUT_MS);
        final Window w = new Window(t0, System.nanoTime(), victimParties, moveWindowEndNs);
        final FaultResult result = new FaultResult(fault, detail, t0, failoverMs, electionMs, w.moved(),
            w.count("STALE"), w.count("SUPERSEDED"), w.count("GAP"), w.count("DUP"), recovered,
            TimeUnit.NANOSECONDS.toMillis(recoveredNs - t0));
        log("FAULT %-23s %-45s failover %5d ms, election %5d ms, moved %d, stale %d, superseded %d, gaps %d, " +
            "dups %d, %s in %d ms", fault, detail, failoverMs, electionMs, result.moved(), result.stale(),
            result.superseded(), result.gaps(), result.duplicates(), recovered ? "recovered" : "NOT RECOVERED",
            result.recoveryMs());
        if (!recovered)
        {
            log("NOT RECOVERED: holders %s, leader %d, gateways %s", holdersSnapshot(), leader(), gatewayStates());
            for (final Proc p : nodes)
            {
                final List<Proc.Line> lines = p.lines;
                log("%s (alive %s) last lines: %s", p.name, p.isAlive(),
                    lines.subList(Math.max(0, lines.size() - 8), lines.size()));
            }
        }
        return result;
    }

    /**
     * Counterparty events in a time window.
     */
    private final class Window
    {
        private final long fromNs;
        private final long toNs;
        private final Set<String> victimParties;
        private final long moveWindowEndNs;

        Window(final long fromNs, final long toNs, final Set<String> victimParties, final long moveWindowEndNs)
        {
            this.fromNs = fromNs;
            this.toNs = toNs;
            this.victimParties = victimParties;
            this.moveWindowEndNs = moveWindowEndNs;
        }

        int count(final String kind)
        {
            int n = 0;
            for (final Proc.Line line : counterparty.lines)
            {
                if (line.nanoTime() >= fromNs && line.nanoTime() < toNs && line.text().startsWith("CP " + kind + " "))
                {
                    n++;
                }
            }
            return n;
        }

        /** New connections (WELCOME) of parties that were not the victim gateway's, before its restart. */
        int moved()
        {
            int n = 0;
            for (final Proc.Line line : counterparty.lines)
            {
                if (line.nanoTime() >= fromNs && line.nanoTime() < Math.min(toNs, moveWindowEndNs))
                {
                    final Matcher m = WELCOME.matcher(line.text());
                    if (m.matches() && !victimParties.contains(m.group(1)))
                    {
                        n++;
                    }
                }
            }
            return n;
        }
    }

    private boolean quietFor(final long ns)
    {
        final List<Proc.Line> lines = counterparty.lines;
        for (int i = lines.size() - 1; i >= 0; i--)
        {
            final Proc.Line line = lines.get(i);
            if (System.nanoTime() - line.nanoTime() > ns)
            {
                return true;
            }
            final String text = line.text();
            if (text.startsWith("CP WELCOME ") || text.startsWith("CP DISCONNECTED ") ||
                text.startsWith("CP STALE ") || text.startsWith("CP SUPERSEDED "))
            {
                return false;
            }
        }
        return true;
    }

    private long awaitMoved(final Set<String> parties, final String victim, final long t0) throws InterruptedException
    {
        final boolean moved = waitFor(() ->
        {
            synchronized (holders)
            {
                for (final String p : parties)
                {
                    final String h = holders.get(p);
                    if (null == h || h.equals(victim))
                    {
                        return false;
                    }
                }
                return true;
            }
        }, RECOVERY_TIMEOUT_MS);
        if (!moved)
        {
            return -1;
        }
        long last = t0;
        for (final Proc.Line line : counterparty.lines)
        {
            final Matcher m = WELCOME.matcher(line.text());
            if (line.nanoTime() >= t0 && m.matches() && parties.contains(m.group(1)) && !m.group(3).equals(victim))
            {
                last = Math.max(last, line.nanoTime());
            }
        }
        return TimeUnit.NANOSECONDS.toMillis(last - t0);
    }

    private long awaitNewLeader(final int excluded, final long t0) throws InterruptedException
    {
        final long[] at = {-1};
        waitFor(() ->
        {
            for (int i = 0; i < nodes.length; i++)
            {
                if (i == excluded)
                {
                    continue;
                }
                final Proc n = nodes[i];
                for (final Proc.Line line : n.lines)
                {
                    if (line.nanoTime() > t0 && line.text().endsWith(" is LEADER"))
                    {
                        at[0] = line.nanoTime();
                        return true;
                    }
                }
            }
            return false;
        }, RECOVERY_TIMEOUT_MS);
        return at[0] < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(at[0] - t0);
    }

    private void onCounterpartyLine(final String line)
    {
        Matcher m = WELCOME.matcher(line);
        if (m.matches())
        {
            synchronized (holders)
            {
                holders.put(m.group(1), m.group(3));
            }
            return;
        }
        m = DISCONNECTED.matcher(line);
        if (m.matches())
        {
            synchronized (holders)
            {
                holders.remove(m.group(1));
            }
        }
    }

    private Set<String> partiesOf(final String gateway)
    {
        final Set<String> parties = new HashSet<>();
        synchronized (holders)
        {
            holders.forEach((p, g) ->
            {
                if (g.equals(gateway))
                {
                    parties.add(p);
                }
            });
        }
        return parties;
    }

    String members()
    {
        return members;
    }

    String shmRoot()
    {
        return shmRoot;
    }

    List<Proc> processes()
    {
        return all;
    }

    boolean nodesAlive()
    {
        return nodes[0].isAlive() && nodes[1].isAlive() && nodes[2].isAlive();
    }

    /**
     * @return counterparty events of this kind (WELCOME, STALE, ...) since the given time.
     */
    int counterpartyEvents(final String kind, final long sinceNs)
    {
        return new Window(sinceNs, Long.MAX_VALUE, Set.of(), Long.MAX_VALUE).count(kind);
    }

    private int connectedCount()
    {
        synchronized (holders)
        {
            int n = 0;
            for (final String p : partyNames)
            {
                if (holders.containsKey(p))
                {
                    n++;
                }
            }
            return n;
        }
    }

    private String holdersSnapshot()
    {
        synchronized (holders)
        {
            return holders.toString();
        }
    }

    private boolean healthy()
    {
        if (connectedCount() != o.parties() || leader() < 0)
        {
            return false;
        }
        for (final Proc n : nodes)
        {
            if (!n.isAlive() || n.stopped() || !inSync(n))
            {
                return false;
            }
        }
        for (final Proc g : gateways)
        {
            if (!g.isAlive() || g.stopped() || !registered(g))
            {
                return false;
            }
        }
        synchronized (holders)
        {
            // every holder is a live gateway process (a frozen one's connections may still look open)
            for (final String h : holders.values())
            {
                boolean live = false;
                for (final Proc g : gateways)
                {
                    live |= g.name.equals(h) && g.isAlive() && !g.stopped();
                }
                if (!live)
                {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * @return true if the member's latest role line says it leads or follows with its election closed (caught up).
     */
    private static boolean inSync(final Proc n)
    {
        for (int i = n.lines.size() - 1; i >= 0; i--)
        {
            final String text = n.lines.get(i).text();
            if (text.endsWith(" is LEADER") || text.endsWith(" is FOLLOWER"))
            {
                return true;
            }
            if (text.endsWith(" is no longer leader") || text.endsWith(" is no longer following") ||
                text.contains(" up: members"))
            {
                return false;
            }
        }
        return false;
    }

    private static boolean registered(final Proc g)
    {
        for (int i = g.lines.size() - 1; i >= 0; i--)
        {
            final String text = g.lines.get(i).text();
            if (text.startsWith("REGISTERED "))
            {
                return true;
            }
            if (text.startsWith("FENCED "))
            {
                return false;
            }
        }
        return false;
    }

    private String gatewayStates()
    {
        final StringBuilder sb = new StringBuilder();
        for (final Proc g : gateways)
        {
            sb.append(g.name).append(g.isAlive() ? (registered(g) ? " registered " : " unregistered ") : " dead ");
        }
        return sb.toString();
    }

    /**
     * @return the member that says it leads, is alive and not frozen; -1 if none.
     */
    private int leader()
    {
        for (int i = 0; i < nodes.length; i++)
        {
            final Proc n = nodes[i];
            if (null == n || !n.isAlive() || n.stopped())
            {
                continue;
            }
            for (int j = n.lines.size() - 1; j >= 0; j--)
            {
                final String text = n.lines.get(j).text();
                if (text.endsWith(" is LEADER"))
                {
                    return i;
                }
                if (text.endsWith(" is no longer leader") || text.endsWith(" is FOLLOWER") ||
                    text.contains(" up: members"))
                {
                    break;
                }
            }
        }
        return -1;
    }

    private Proc startNode(final int id, final boolean clean) throws IOException
    {
        return startNode(id, clean, 0);
    }

    private Proc startNode(final int id, final boolean clean, final long epochFloor) throws IOException
    {
        final List<String> args = new ArrayList<>(List.of("--id", Integer.toString(id), "--members", members,
            "--credentials-file", credentialsFile, "--dir", new File(root, "node-" + id).getPath(),
            "--aeron-dir", shmRoot + "-node-" + id,
            "--session-timeout-ms", Long.toString(o.sessionTimeoutMs()),
            "--leader-heartbeat-timeout-ms", Long.toString(o.leaderHeartbeatTimeoutMs()),
            "--leader-heartbeat-interval-ms", Long.toString(o.leaderHeartbeatIntervalMs()),
            "--election-timeout-ms", Long.toString(o.electionTimeoutMs())));
        if (clean)
        {
            args.add("--clean");
        }
        if (epochFloor > 0)
        {
            args.addAll(List.of("--epoch-floor", Long.toString(epochFloor)));
        }
        return start("node-" + id, TradingNode.class, 256, args, (l) -> {});
    }

    private Proc startTradeEntry(final String name) throws IOException
    {
        return start(name, TradeEntryMain.class, 128, List.of("--members", members,
            "--credentials-file", credentialsFile, "--parties", Integer.toString(o.parties()),
            "--rate", Integer.toString(o.tradeRate()), "--aeron-dir", shmRoot + "-" + name, "--commands"),
            (l) -> {});
    }

    private Proc startGateway(final int index) throws IOException
    {
        final String name = "gw-" + (index + 1);
        return start(name, ApiGateway.class, 128, List.of("--name", name, "--members", members,
            "--counterparty", "127.0.0.1:" + (o.basePort() + 100), "--credentials-file", credentialsFile,
            "--aeron-dir", shmRoot + "-" + name, "--session-timeout-ms", Long.toString(o.sessionTimeoutMs()),
            "--fence-margin-ms", Long.toString(o.fenceMarginMs())), (l) -> {});
    }

    private Proc start(final String name, final Class<?> main, final int heapMb, final List<String> args,
        final java.util.function.Consumer<String> onLine) throws IOException
    {
        final Proc p = new Proc(name, main, heapMb, args, o.echo() ? (l) -> o.out().println(l) : (l) -> {}, onLine);
        all.add(p);
        return p;
    }

    private static boolean waitFor(final BooleanSupplier condition, final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static void check(final boolean ok, final String message)
    {
        if (!ok)
        {
            throw new IllegalStateException(message);
        }
    }

    private static Map<String, Long> seqs(final String line)
    {
        final Map<String, Long> seqs = new TreeMap<>();
        final Matcher m = Pattern.compile("(PARTY-\\d+)=(\\d+)").matcher(line);
        while (m.find())
        {
            seqs.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return seqs;
    }

    private static long longField(final String line, final String key)
    {
        final Matcher m = Pattern.compile(key + "=(-?\\d+)").matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private void log(final String format, final Object... args)
    {
        o.out().println("CHAOS " + String.format(format, args));
    }

    /**
     * Every process killed, every directory deleted.
     */
    public void close() throws InterruptedException
    {
        for (final Proc p : all)
        {
            p.close();
        }
        IoUtil.delete(root, true);
        final File shmParent = new File(shmRoot).getParentFile();
        final File[] mine = shmParent.listFiles((dir, name) -> name.startsWith(new File(shmRoot).getName()));
        if (null != mine)
        {
            for (final File f : mine)
            {
                IoUtil.delete(f, true);
            }
        }
    }

    /**
     * @return the per-fault-type table the suite prints.
     */
    static String table(final Outcome outcome)
    {
        final Map<Fault, List<FaultResult>> byType = new EnumMap<>(Fault.class);
        for (final FaultResult r : outcome.faults())
        {
            byType.computeIfAbsent(r.fault(), (k) -> new ArrayList<>()).add(r);
        }
        final StringBuilder sb = new StringBuilder();
        sb.append(String.format("| %-23s | %5s | %-20s | %-14s | %5s | %5s | %5s | %5s | %4s | %4s | %-9s |%n",
            "fault", "count", "failover p50/p99/max", "election p50/max", "false", "moved", "stale", "super",
            "gaps", "dups", "recovered"));
        sb.append("|").append("-".repeat(25)).append("|").append("-".repeat(7)).append("|").append("-".repeat(22))
            .append("|").append("-".repeat(18)).append("|").append("-".repeat(7)).append("|").append("-".repeat(7))
            .append("|").append("-".repeat(7)).append("|").append("-".repeat(7)).append("|").append("-".repeat(6))
            .append("|").append("-".repeat(6)).append("|").append("-".repeat(11)).append("|\n");
        for (final Map.Entry<Fault, List<FaultResult>> e : byType.entrySet())
        {
            final List<FaultResult> rs = e.getValue();
            final Fault f = e.getKey();
            final long[] failovers = rs.stream().mapToLong(FaultResult::failoverMs).filter((v) -> v >= 0).sorted()
                .toArray();
            final long[] elections = rs.stream().mapToLong(FaultResult::electionMs).filter((v) -> v >= 0).sorted()
                .toArray();
            final int moved = rs.stream().mapToInt(FaultResult::moved).sum();
            sb.append(String.format("| %-23s | %5d | %-20s | %-14s | %5s | %5s | %5d | %5d | %4d | %4d | %-9s |%n",
                f, rs.size(),
                failovers.length == 0 ? "-" : pct(failovers, 50) + " / " + pct(failovers, 99) + " / " +
                    failovers[failovers.length - 1],
                elections.length == 0 ? "-" : pct(elections, 50) + " / " + elections[elections.length - 1],
                f.leader ? "-" : Integer.toString(moved),
                f.leader ? Integer.toString(moved) : "-",
                rs.stream().mapToInt(FaultResult::stale).sum(),
                rs.stream().mapToInt(FaultResult::superseded).sum(),
                rs.stream().mapToInt(FaultResult::gaps).sum(),
                rs.stream().mapToInt(FaultResult::duplicates).sum(),
                rs.stream().filter(FaultResult::recovered).count() + "/" + rs.size()));
        }
        sb.append(String.format("end: parties connected %d/%d, trades booked %d, confirmations unanswered %d, " +
            "gaps %d, duplicates %d, stale %d (unexplained %d), superseded %d, member stalls %d, nodes alive %s, in sync %s -> %s%n" +
            "member errors: %s%n",
            outcome.connectedAtEnd(), outcome.parties(), outcome.booked(), outcome.unanswered(), outcome.gaps(),
            outcome.duplicates(), outcome.stale(),
            outcome.faults().stream().mapToInt(FaultResult::unexplained).sum(), outcome.superseded(),
            outcome.stalls(), outcome.nodesAlive(), outcome.membersInSync(), outcome.pass() ? "PASS" : "FAIL",
            outcome.consensusTrouble()));
        return sb.toString();
    }

    private static long pct(final long[] sorted, final int p)
    {
        final int i = (int)Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
