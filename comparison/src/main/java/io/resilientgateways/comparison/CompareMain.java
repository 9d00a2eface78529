package io.resilientgateways.comparison;

import io.resilientgateways.examples.Args;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Runs every scenario on both sides, one {@link ScenarioSession} JVM per side and timeout, each under
 * {@code flock /tmp/rg-heavy.lock}, then prints the table and writes it as {@code comparison.md} and
 * {@code comparison.json} in the output directory. See docs/comparison.md.
 * <pre>
 * java ... io.resilientgateways.comparison.CompareMain --root REPO --out DIR [--only ours-1000,lock-500]
 *     [--parties 60] [--rate 50] [--stagger-ms 3000] [--no-flock]
 * </pre>
 */
public final class CompareMain
{
    /** Session id, side, timeout (0: the side's defaults), column title. */
    private record Session(String id, String side, int timeoutMs, String title)
    {
    }

    private static final List<Session> SESSIONS = List.of(
        new Session("ours-2000", "ours", 2_000, "ours, 2 s (example's scripts)"),
        new Session("ours-1000", "ours", 1_000, "ours, 1 s (library default)"),
        new Session("ours-500", "ours", 500, "ours, 500 ms"),
        new Session("lock-default", "lock", 0, "locks, defaults"),
        new Session("lock-1000", "lock", 1_000, "locks, 1 s"),
        new Session("lock-500", "lock", 500, "locks, 500 ms"));

    private static final String[][] ROWS = {
        {"session timeout in force, ms", "timeout.effective.ms"},
        {"ZooKeeper tick, ms", "zk.tick.ms"},
        {"(1) parties per gateway after starts 3 s apart", "s1.spread"},
        {"(1) settled (all held, 2 s without a move; cap 60 s)", "s1.settled"},
        {"(1) launch to joined (registered / in every latch queue), ms: gw-1 / gw-2 / gw-3", "s1.join.ms"},
        {"(1) last move after the last launch / after the last gateway joined, ms",
            "s1.settle.after.last.start.ms|s1.settle.after.last.join.ms"},
        {"(2) SIGKILL busiest: parties it held", "s2.parties.held"},
        {"(2) last of them open elsewhere, ms", "s2.last.open.elsewhere.ms"},
        {"(2) median of them open elsewhere, ms", "s2.median.open.elsewhere.ms"},
        {"(2) parties per gateway after", "s2.spread.after"},
        {"(3) SIGSTOP busiest for 2x timeout, ms", "s3.pause.ms"},
        {"(3) parties it held / moved while stopped", "s3.parties.held|s3.moved.while.stopped"},
        {"(3) last of them open elsewhere, ms", "s3.moved.max.ms"},
        {"(3) settled after SIGCONT", "s3.settled"},
        {"(3) double holds (newer epoch superseded an open connection)", "s3.double.holds"},
        {"(3) stale opens refused", "s3.stale.refused"},
        {"(3) confirmations refused as gap / duplicate", "s3.gaps|s3.duplicates"},
        {"(3) close/fence lines of the resumed gateway", "s3.resumed.gateway.close.lines"},
        {"(4) rolling restart: settled after each restart", "s4.settled"},
        {"(4) parties ever dark", "s4.parties.dark"},
        {"(4) dark time per party, median / max, ms", "s4.dark.median.ms|s4.dark.max.ms"},
        {"(4) dark party-seconds in total", "s4.dark.total.party.seconds"},
        {"(4) parties per gateway after", "s4.spread.after"},
        {"(5) processes", "s5.processes"},
        {"(5) listening ports (TCP listen + UDP bound)", "s5.listening.ports"},
        {"(5) CPU, % of one core, steady state", "s5.cpu.percent.of.one.core"},
        {"(5) RSS, MB", "s5.rss.mb"},
        {"(5) trade entry (ours only): CPU % / RSS MB", "s5.feeder.cpu.percent.of.one.core|s5.feeder.rss.mb"},
        {"whole run: confirmations accepted", "total.accepted"},
        {"whole run: stale / superseded / gaps / duplicates", "total.stale|total.superseded|total.gaps|total.duplicates"},
        {"whole run: confirmations lost", "confirmations.lost"},
        {"session wall time, s", "session.seconds"},
        {"(1) error", "s1.error"},
        {"(2) error", "s2.error"},
        {"(3) error", "s3.error"},
        {"(4) error", "s4.error"},
        {"(5) error", "s5.error"},
        {"error", "error"},
    };

    private CompareMain()
    {
    }

    /**
     * @param args see the class comment.
     * @throws Exception on a failed run.
     */
    public static void main(final String[] args) throws Exception
    {
        final Args a = Args.parse(args);
        final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        final Path root = Path.of(a.get("root")).toAbsolutePath();
        final Path dir = Path.of(a.get("out")).toAbsolutePath();
        Files.createDirectories(dir);
        final List<String> only = a.has("only") ? List.of(a.get("only").split(",")) : List.of();
        final Map<String, String> machine = machine();
        machine.put("commit", commit(root));
        machine.put("started", Instant.now().toString());
        final LinkedHashMap<Session, Properties> results = new LinkedHashMap<>();
        for (final Session s : SESSIONS)
        {
            if (!only.isEmpty() && !only.contains(s.id()))
            {
                continue;
            }
            final Path file = dir.resolve(s.id() + ".properties");
            Files.deleteIfExists(file);
            final List<String> command = new ArrayList<>();
            if (!a.has("no-flock"))
            {
                command.add("flock");
                command.add("/tmp/rg-heavy.lock");
            }
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of("-XX:+UseSerialGC", "-Xmx256m",
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), ScenarioSession.class.getName(),
                "--side", s.side(), "--timeout-ms", Integer.toString(s.timeoutMs()), "--out", file.toString(),
                "--work", dir.resolve("work").resolve(s.id()).toString(), "--root", root.toString(),
                "--parties", a.get("parties", "60"), "--rate", a.get("rate", "50"),
                "--stagger-ms", a.get("stagger-ms", "3000")));
            out.println("== " + s.id() + ": waiting for /tmp/rg-heavy.lock, then running");
            final int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
            final Properties p = new Properties();
            if (Files.exists(file))
            {
                try (InputStream in = Files.newInputStream(file))
                {
                    p.load(in);
                }
            }
            else
            {
                p.setProperty("error", "session exited " + exit + " without results");
            }
            results.put(s, p);
        }
        final String table = table(results);
        out.println();
        out.println(table);
        Files.writeString(dir.resolve("comparison.md"), machineText(machine) + "\n" + table, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("comparison.json"), json(machine, results), StandardCharsets.UTF_8);
        out.println("written " + dir.resolve("comparison.md") + " and " + dir.resolve("comparison.json"));
    }

    static String table(final Map<Session, Properties> results)
    {
        final StringBuilder sb = new StringBuilder("| scenario |");
        final StringBuilder rule = new StringBuilder("|---|");
        for (final Session s : results.keySet())
        {
            sb.append(' ').append(s.title()).append(" |");
            rule.append("---|");
        }
        sb.append('\n').append(rule).append('\n');
        for (final String[] row : ROWS)
        {
            final StringBuilder line = new StringBuilder("| " + row[0] + " |");
            boolean any = false;
            for (final Properties p : results.values())
            {
                final List<String> values = new ArrayList<>();
                boolean present = false;
                for (final String key : row[1].split("\\|"))
                {
                    final String v = p.getProperty(key);
                    present |= null != v;
                    values.add(null == v ? "-" : v.replace("|", "/").replace("\n", " "));
                }
                any |= present;
                line.append(' ').append(present ? String.join(" / ", values) : "-").append(" |");
            }
            if (any)
            {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }

    private static Map<String, String> machine() throws IOException, InterruptedException
    {
        final Map<String, String> m = new TreeMap<>();
        m.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
        {
            if (line.startsWith("model name"))
            {
                m.put("cpu", line.substring(line.indexOf(':') + 1).trim());
                break;
            }
        }
        for (final String line : Files.readAllLines(Path.of("/proc/meminfo")))
        {
            if (line.startsWith("MemTotal:"))
            {
                m.put("memory", line.substring(9).trim());
            }
        }
        m.put("load average at start", Files.readString(Path.of("/proc/loadavg")).trim());
        return m;
    }

    /** The checked-out commit of the repository measured, and whether its work tree had changes. */
    private static String commit(final Path root)
    {
        try
        {
            final Process head = new ProcessBuilder("git", "-C", root.toString(), "rev-parse", "--short", "HEAD")
                .redirectErrorStream(true).start();
            final String sha = new String(head.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            final Process status = new ProcessBuilder("git", "-C", root.toString(), "status", "--porcelain",
                "--untracked-files=no").redirectErrorStream(true).start();
            final String changes = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return 0 == head.waitFor() && 0 == status.waitFor() ?
                sha + (changes.isEmpty() ? "" : " with uncommitted changes") : "unknown (" + sha + ")";
        }
        catch (final IOException ex)
        {
            return "unknown (" + ex.getMessage() + ")";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }

    private static String machineText(final Map<String, String> machine)
    {
        final StringBuilder sb = new StringBuilder();
        machine.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }

    private static String json(final Map<String, String> machine, final Map<Session, Properties> results)
    {
        final StringBuilder sb = new StringBuilder("{\n  \"machine\": ");
        object(sb, machine, "  ");
        sb.append(",\n  \"sessions\": {");
        boolean first = true;
        for (final Map.Entry<Session, Properties> e : results.entrySet())
        {
            sb.append(first ? "\n    " : ",\n    ").append(quote(e.getKey().id())).append(": ");
            final TreeMap<String, String> values = new TreeMap<>();
            e.getValue().forEach((k, v) -> values.put(String.valueOf(k), String.valueOf(v)));
            values.put("title", e.getKey().title());
            object(sb, values, "    ");
            first = false;
        }
        return sb.append("\n  }\n}\n").toString();
    }

    private static void object(final StringBuilder sb, final Map<String, String> values, final String indent)
    {
        sb.append('{');
        boolean first = true;
        for (final Map.Entry<String, String> e : values.entrySet())
        {
            sb.append(first ? "\n" : ",\n").append(indent).append("  ").append(quote(e.getKey())).append(": ")
                .append(quote(e.getValue()));
            first = false;
        }
        sb.append('\n').append(indent).append('}');
    }

    static String quote(final String s)
    {
        final StringBuilder sb = new StringBuilder("\"");
        for (final char c : s.toCharArray())
        {
            switch (c)
            {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int)c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }
}
