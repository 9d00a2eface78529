package io.resilientgateways.comparison;

import io.resilientgateways.examples.Args;
import io.resilientgateways.examples.counterparty.Verdict;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One side at one timeout setting, every scenario in a row, in one heavy step (the caller runs it under
 * {@code flock /tmp/rg-heavy.lock}): staggered starts, resources at steady state, SIGSTOP for twice the session
 * timeout, a rolling restart, SIGKILL of the busiest gateway. Writes its figures as a properties file.
 * <pre>
 * java ... io.resilientgateways.comparison.ScenarioSession --side ours|lock --timeout-ms 1000|0 --out FILE
 *     --work DIR --root REPO [--parties 60] [--rate 50] [--stagger-ms 3000]
 * </pre>
 * {@code --timeout-ms 0} on the lock side means Curator's and ZooKeeper's defaults.
 */
public final class ScenarioSession
{
    private static final int COUNTERPARTY_PORT = 27100;
    private static final int NODE_BASE_PORT = 27200;
    private static final int ZK_BASE_PORT = 27300;
    private static final int GATEWAYS = 3;

    private final Side side;
    private final Referee referee;
    private final PrintStream out;
    private final Properties result = new Properties();
    private final TreeMap<String, Child> gateways = new TreeMap<>();
    private final long staggerMs;

    private ScenarioSession(final Side side, final Referee referee, final PrintStream out, final long staggerMs)
    {
        this.side = side;
        this.referee = referee;
        this.out = out;
        this.staggerMs = staggerMs;
    }

    /**
     * @param args see the class comment.
     * @throws Exception on a failed run.
     */
    public static void main(final String[] args) throws Exception
    {
        final Args a = Args.parse(args);
        final PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        final String sideName = a.get("side");
        final int timeoutMs = (int)a.getLong("timeout-ms", 0);
        final Path work = Path.of(a.get("work"));
        final Path root = Path.of(a.get("root"));
        final int parties = (int)a.getLong("parties", 60);
        final int rate = (int)a.getLong("rate", 50);
        if (Files.exists(work))
        {
            org.agrona.IoUtil.delete(work.toFile(), false); // logs of an earlier run of this session would mix in
        }
        Files.createDirectories(work);
        final Side side = "ours".equals(sideName) ?
            new OurSide(root, work, timeoutMs, COUNTERPARTY_PORT, parties, rate, NODE_BASE_PORT) :
            new LockSide(work, timeoutMs, COUNTERPARTY_PORT, parties, rate, ZK_BASE_PORT);
        final long started = System.nanoTime();
        // if this JVM is stopped (SIGTERM, Ctrl-C, a timeout), take every process it started with it
        final Thread reaper = new Thread(() -> ProcessHandle.current().descendants()
            .forEach(ProcessHandle::destroyForcibly), "reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try (Referee referee = new Referee(COUNTERPARTY_PORT, Referee.parties(parties)))
        {
            final ScenarioSession session = new ScenarioSession(side, referee, out, a.getLong("stagger-ms", 3_000));
            session.result.setProperty("side", sideName);
            session.result.setProperty("timeout.requested.ms", Integer.toString(timeoutMs));
            session.result.setProperty("parties", Integer.toString(parties));
            session.result.setProperty("rate", Integer.toString(rate));
            if (side instanceof LockSide lock)
            {
                session.result.setProperty("zk.tick.ms", Integer.toString(lock.tickMs()));
            }
            try
            {
                session.run();
            }
            catch (final Exception | AssertionError ex)
            {
                session.result.setProperty("error", String.valueOf(ex));
                ex.printStackTrace(out);
            }
            finally
            {
                session.result.putAll(side.finish(referee));
                final Verdict v = referee.verdict();
                session.put("total.connections", v.connections());
                session.put("total.stale", v.stale());
                session.put("total.superseded", v.superseded());
                session.put("total.gaps", v.gaps());
                session.put("total.duplicates", v.duplicates());
                session.put("total.accepted", v.confirmations());
                session.put("session.seconds", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
                try (OutputStream file = Files.newOutputStream(Path.of(a.get("out"))))
                {
                    session.result.store(file, "ScenarioSession " + sideName + " " + timeoutMs);
                }
                out.println("SESSION " + sideName + " " + timeoutMs + " done: " + new TreeMap<>(session.result));
            }
        }
        finally
        {
            side.close();
            deleteAeronDirs();
        }
    }

    /** A SIGKILLed gateway cannot delete its Aeron directory; the session removes all of its own. */
    private static void deleteAeronDirs() throws IOException
    {
        final Path shm = Path.of(OurSide.shm("x")).getParent();
        try (java.util.stream.Stream<Path> dirs = Files.list(shm))
        {
            dirs.filter((d) -> d.getFileName().toString().startsWith(OurSide.SHM_PREFIX))
                .forEach((d) -> org.agrona.IoUtil.delete(d.toFile(), true));
        }
    }

    private interface Scenario
    {
        void run() throws Exception;
    }

    private void run() throws Exception
    {
        side.startInfrastructure();
        scenario("s1", this::staggeredStarts);
        scenario("s5", this::resources);
        scenario("s3", this::pause);
        scenario("s4", this::rollingRestart);
        scenario("s2", this::crash);
    }

    /** A scenario that fails (e.g. nothing is held to kill) is reported as such, and the next one still runs. */
    private void scenario(final String id, final Scenario scenario)
    {
        try
        {
            scenario.run();
        }
        catch (final Exception | AssertionError ex)
        {
            put(id + ".error", ex.getMessage());
            log(id + " failed: " + ex);
        }
    }

    /**
     * (1) gateways launched 3 s apart (or right after the previous one joined, if that took longer); parties per
     * gateway once all have joined and nothing moved for 2 s.
     */
    private void staggeredStarts() throws Exception
    {
        final long first = System.nanoTime();
        long lastStart = first;
        long lastJoin = first;
        final StringBuilder joins = new StringBuilder();
        for (int i = 1; i <= GATEWAYS; i++)
        {
            final long due = first + TimeUnit.MILLISECONDS.toNanos(staggerMs * (i - 1));
            LockSupport.parkNanos(due - System.nanoTime());
            lastStart = System.nanoTime();
            final String name = "gw-" + i;
            gateways.put(name, side.startGateway(name));
            lastJoin = System.nanoTime();
            joins.append(i == 1 ? "" : " / ").append(ms(lastJoin - lastStart));
            log("started " + name + " (joined " + ms(lastJoin - lastStart) + " ms after launch), spread " +
                referee.spreadNow());
        }
        put("timeout.effective.ms", side.sessionTimeoutMs());
        final boolean settled = referee.awaitSettled(2_000, 60_000);
        final long lastChange = referee.read(HolderLog::lastChangeNs);
        put("s1.settled", settled);
        put("s1.spread", spread(referee.spreadNow()));
        put("s1.join.ms", joins);
        put("s1.settle.after.last.start.ms", ms(Math.max(0, lastChange - lastStart)));
        put("s1.settle.after.last.join.ms", ms(Math.max(0, lastChange - lastJoin)));
        log("S1 staggered starts: " + referee.spreadNow());
    }

    /** (5) processes, listening ports, CPU and RSS over 10 s of steady state. */
    private void resources()
    {
        final List<Child> coordination = new ArrayList<>(side.infrastructure());
        coordination.addAll(gateways.values());
        final long hz = ProcStats.clockTicksPerSecond();
        final long[] before = new long[coordination.size()];
        final long[] feederBefore = new long[side.feeders().size()];
        for (int i = 0; i < before.length; i++)
        {
            before[i] = ProcStats.cpuTicks(coordination.get(i).pid());
        }
        for (int i = 0; i < feederBefore.length; i++)
        {
            feederBefore[i] = ProcStats.cpuTicks(side.feeders().get(i).pid());
        }
        final long t0 = System.nanoTime();
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(10));
        final double seconds = (System.nanoTime() - t0) / 1e9;
        long ticks = 0;
        long rssKb = 0;
        int ports = 0;
        final Set<String> gatewayPorts = new TreeSet<>();
        for (int i = 0; i < before.length; i++)
        {
            final Child c = coordination.get(i);
            ticks += ProcStats.cpuTicks(c.pid()) - before[i];
            rssKb += ProcStats.rssKb(c.pid());
            final Set<String> p = ProcStats.listeningPorts(c.pid());
            ports += p.size();
            if (gateways.containsValue(c))
            {
                gatewayPorts.addAll(p);
            }
        }
        long feederTicks = 0;
        long feederRss = 0;
        for (int i = 0; i < feederBefore.length; i++)
        {
            feederTicks += ProcStats.cpuTicks(side.feeders().get(i).pid()) - feederBefore[i];
            feederRss += ProcStats.rssKb(side.feeders().get(i).pid());
        }
        put("s5.processes", side.infrastructureLabel() + " + " + gateways.size() + " gateways");
        put("s5.jvms", coordination.size());
        put("s5.listening.ports", ports);
        put("s5.gateway.listening.ports", gatewayPorts.size());
        put("s5.cpu.percent.of.one.core", String.format("%.1f", 100.0 * ticks / hz / seconds));
        put("s5.rss.mb", rssKb / 1024);
        if (feederBefore.length > 0)
        {
            put("s5.feeder.cpu.percent.of.one.core", String.format("%.1f", 100.0 * feederTicks / hz / seconds));
            put("s5.feeder.rss.mb", feederRss / 1024);
        }
        log("S5 resources: " + result);
    }

    /** (3) SIGSTOP the busiest gateway for twice the session timeout, SIGCONT, and count what the referee saw. */
    private void pause()
    {
        final String target = busiest();
        final List<String> held = referee.heldBy(target);
        final Verdict before = referee.verdict();
        final long pauseMs = 2 * side.sessionTimeoutMs();
        final Child child = gateways.get(target);
        final int linesBefore = child.lines().size();
        final long stopped = System.nanoTime();
        child.signal("STOP");
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pauseMs));
        final long continued = System.nanoTime();
        child.signal("CONT");
        final long[] movedWhileStopped = movedTimes(held, target, stopped, continued);
        // give the resumed gateway time to notice what happened before counting its lines
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3));
        final boolean settled = referee.awaitSettled(2_000, Math.max(30_000, 3 * side.sessionTimeoutMs()));
        final long[] moved = movedTimes(held, target, stopped, System.nanoTime());
        final Verdict after = referee.verdict();
        put("s3.target", target);
        put("s3.pause.ms", pauseMs);
        put("s3.parties.held", held.size());
        put("s3.moved.while.stopped", count(movedWhileStopped));
        put("s3.moved", count(moved));
        put("s3.moved.max.ms", maxMs(moved));
        put("s3.double.holds", after.superseded() - before.superseded());
        put("s3.stale.refused", after.stale() - before.stale());
        put("s3.gaps", after.gaps() - before.gaps());
        put("s3.duplicates", after.duplicates() - before.duplicates());
        put("s3.settled", settled);
        put("s3.spread.after", spread(referee.spreadNow()));
        final List<String> resumed = child.lines();
        int fenced = 0;
        for (final String line : resumed.subList(linesBefore, resumed.size()))
        {
            if (line.startsWith("FENCED") || line.startsWith("CLOSE") || line.startsWith("LOST") ||
                line.startsWith("RELEASED"))
            {
                fenced++;
            }
        }
        put("s3.resumed.gateway.close.lines", fenced);
        log("S3 pause: " + result);
    }

    /** (4) SIGTERM and restart each gateway in turn, waiting for a settled state between them. */
    private void rollingRestart() throws Exception
    {
        final long start = System.nanoTime();
        boolean allSettled = true;
        for (final String name : new ArrayList<>(gateways.keySet()))
        {
            gateways.get(name).stop(15_000);
            gateways.put(name, side.startGateway(name));
            allSettled &= referee.awaitSettled(2_000, Math.max(30_000, 3 * side.sessionTimeoutMs()));
            log("restarted " + name + ", spread " + referee.spreadNow());
        }
        final long end = System.nanoTime();
        final TreeMap<String, Long> dark = referee.read((l) -> l.darkNs(start, end));
        final List<Long> values = new ArrayList<>(dark.values());
        Collections.sort(values);
        long total = 0;
        int darkParties = 0;
        for (final long v : values)
        {
            total += v;
            darkParties += v > 0 ? 1 : 0;
        }
        put("s4.settled", allSettled);
        put("s4.parties.dark", darkParties);
        put("s4.dark.max.ms", ms(values.get(values.size() - 1)));
        put("s4.dark.median.ms", ms(values.get(values.size() / 2)));
        put("s4.dark.total.party.seconds", String.format("%.2f", total / 1e9));
        put("s4.spread.after", spread(referee.spreadNow()));
        log("S4 rolling restart: " + result);
    }

    /** (2) SIGKILL the busiest gateway: time until the last of its parties is open on another gateway. */
    private void crash()
    {
        final String target = busiest();
        final List<String> held = referee.heldBy(target);
        final long killed = System.nanoTime();
        gateways.get(target).signal("KILL");
        final long capMs = 3 * side.sessionTimeoutMs() + 30_000;
        referee.await((l) ->
        {
            for (final String party : held)
            {
                if (l.firstHeldElsewhere(party, target, killed) < 0)
                {
                    return false;
                }
            }
            return true;
        }, capMs);
        final long[] moved = movedTimes(held, target, killed, System.nanoTime());
        gateways.get(target).waitForExit(5_000);
        final long[] sorted = moved.clone();
        java.util.Arrays.sort(sorted);
        put("s2.target", target);
        put("s2.parties.held", held.size());
        put("s2.moved", count(moved));
        put("s2.last.open.elsewhere.ms", maxMs(moved));
        put("s2.median.open.elsewhere.ms", sorted.length == 0 ? "-" : Long.toString(ms(sorted[sorted.length / 2])));
        put("s2.spread.after", spread(referee.spreadNow()));
        log("S2 crash: " + result);
    }

    private long[] movedTimes(final List<String> held, final String from, final long sinceNs, final long untilNs)
    {
        return referee.read((l) ->
        {
            final long[] times = new long[held.size()];
            for (int i = 0; i < held.size(); i++)
            {
                final long t = l.firstHeldElsewhere(held.get(i), from, sinceNs);
                times[i] = t < 0 || t > untilNs ? -1 : t - sinceNs;
            }
            return times;
        });
    }

    private String busiest()
    {
        String best = null;
        int most = -1;
        for (final Map.Entry<String, Integer> e : referee.spreadNow().entrySet())
        {
            if (!"none".equals(e.getKey()) && e.getValue() > most)
            {
                best = e.getKey();
                most = e.getValue();
            }
        }
        if (null == best)
        {
            throw new IllegalStateException("no gateway holds any party");
        }
        return best;
    }

    private static int count(final long[] times)
    {
        int n = 0;
        for (final long t : times)
        {
            n += t >= 0 ? 1 : 0;
        }
        return n;
    }

    private static String maxMs(final long[] times)
    {
        long max = -1;
        for (final long t : times)
        {
            if (t < 0)
            {
                return "not all";
            }
            max = Math.max(max, t);
        }
        return max < 0 ? "-" : Long.toString(ms(max));
    }

    private static long ms(final long ns)
    {
        return TimeUnit.NANOSECONDS.toMillis(ns);
    }

    private static String spread(final TreeMap<String, Integer> spread)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Map.Entry<String, Integer> e : spread.entrySet())
        {
            sb.append(sb.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    private void put(final String key, final Object value)
    {
        result.setProperty(key, String.valueOf(value));
    }

    private void log(final String line)
    {
        out.println(Child.STAMP.format(Instant.now()) + " [" + result.getProperty("side") + "] " + line);
    }

    static void writeString(final Path path, final String text) throws IOException
    {
        Files.writeString(path, text, StandardCharsets.UTF_8);
    }
}
