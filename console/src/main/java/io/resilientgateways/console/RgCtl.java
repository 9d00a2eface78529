package io.resilientgateways.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.security.ClientCredentials;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code rgctl}: the operator's command line. Reads (describe, workers, tasks, explain, history, health) and safe
 * actions (drain, move, add, remove: the plan is printed, and the command runs only with {@code --execute}), tables
 * for people and {@code --json} for scripts, timestamps in ISO-8601 in the operator's zone with the cluster's time
 * alongside; {@code serve} starts the web console. Exit codes: 0 done (health: healthy), 1 refused or degraded, 2 the
 * cluster is unreachable, 64 a usage error.
 */
@Command(
    name = "rgctl",
    mixinStandardHelpOptions = true,
    versionProvider = RgCtl.Version.class,
    description = "Inspect and operate a Resilient Gateways cluster.",
    subcommands = {
        RgCtl.Describe.class, RgCtl.Workers.class, RgCtl.Tasks.class, RgCtl.Explain.class, RgCtl.History.class,
        RgCtl.HealthCommand.class, RgCtl.Drain.class, RgCtl.Move.class, RgCtl.Add.class, AddTasksCommand.class,
        RgCtl.Remove.class, SettingsCommand.class, RgCtl.Serve.class, CommandLine.HelpCommand.class})
public final class RgCtl
{
    /** Exit code: the cluster refused the action, or is degraded. */
    public static final int REFUSED = 1;
    /** Exit code: the cluster could not be reached. */
    public static final int UNREACHABLE = 2;
    /** Exit code: bad arguments. */
    public static final int USAGE = 64;

    @Option(names = "--ingress-endpoints", scope = ScopeType.INHERIT, defaultValue = "${env:RG_INGRESS_ENDPOINTS}",
        description = "The cluster's ingress endpoints, e.g. 0=host:9002,1=host:9012,2=host:9022 " +
            "(default: $RG_INGRESS_ENDPOINTS).")
    String ingressEndpoints;

    @Option(names = "--credentials-file", scope = ScopeType.INHERIT, defaultValue = "${env:RG_CREDENTIALS_FILE}",
        description = "A file (readable by you only) holding an admin principal's line role:name:secret, or a " +
            "viewer's for reads only (default: $RG_CREDENTIALS_FILE, else the line in $RG_CLIENT_CREDENTIALS). " +
            "Never on the command line.")
    Path credentialsFile;

    @Option(names = "--aeron-dir", scope = ScopeType.INHERIT,
        description = "A running media driver's directory (default: embed a small one for this command).")
    String aeronDir;

    @Option(names = "--operator", scope = ScopeType.INHERIT, defaultValue = "${env:RG_OPERATOR:-${sys:user.name}}",
        description = "Your name, recorded with the transitions an action makes (default: $RG_OPERATOR, else the " +
            "login name).")
    String operator;

    @Option(names = "--zone", scope = ScopeType.INHERIT, defaultValue = "${env:TZ:-}",
        description = "Time zone for timestamps (default: $TZ, else the system's).")
    String zone;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print JSON for scripts instead of tables.")
    boolean json;

    String credentials()
    {
        return null == credentialsFile ? System.getenv(ClientCredentials.ENVIRONMENT_VARIABLE) :
            ClientCredentials.firstLine(credentialsFile);
    }

    /**
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /**
     * Run one command line, writing to the given streams (for tests and embedding).
     *
     * @param args the command line.
     * @param out  standard output.
     * @param err  standard error.
     * @return the exit code.
     */
    public static int run(final String[] args, final PrintWriter out, final PrintWriter err)
    {
        final CommandLine cli = new CommandLine(new RgCtl());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, arguments) ->
        {
            final CommandLine c = ex.getCommandLine();
            c.getErr().println("rgctl: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            if (ex instanceof ClusterLink.LinkDownException)
            {
                commandLine.getErr().println("rgctl: " + ex.getMessage());
                return UNREACHABLE;
            }
            if (ex instanceof AdminClient.QueryRefusedException || ex instanceof IllegalArgumentException)
            {
                commandLine.getErr().println("rgctl: " + ex.getMessage());
                return ex instanceof Actions.BadActionException ? USAGE : REFUSED;
            }
            throw ex;
        });
        final int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    // ------------------------------------------------------------------------------------------- shared

    /**
     * A command that talks to the cluster: opens the link for its run and closes it after.
     */
    abstract static class ClusterCommand implements Callable<Integer>
    {
        @CommandLine.ParentCommand
        RgCtl root;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        ClusterLink link;

        public Integer call()
        {
            if (null == root.ingressEndpoints || root.ingressEndpoints.isEmpty())
            {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "--ingress-endpoints (or $RG_INGRESS_ENDPOINTS) is required");
            }
            // on SIGINT/SIGTERM: interrupt the command (history --follow stops) and let it close its session and its
            // embedded media driver (whose directory would otherwise be left in /dev/shm) before the JVM exits
            final Thread caller = Thread.currentThread();
            final CountDownLatch closed = new CountDownLatch(1);
            final Thread hook = new Thread(() ->
            {
                caller.interrupt();
                try
                {
                    closed.await(5, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }, "rgctl-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try (ClusterConnection connection = new ClusterConnection(root.ingressEndpoints, root.credentials(), "",
                root.aeronDir); ClusterLink l = new ClusterLink(connection))
            {
                link = l;
                return run(spec.commandLine().getOut());
            }
            finally
            {
                closed.countDown();
                try
                {
                    Runtime.getRuntime().removeShutdownHook(hook);
                }
                catch (final IllegalStateException ex)
                {
                    // the JVM is shutting down: the hook is running and now returns
                }
            }
        }

        abstract int run(PrintWriter out);

        void printJson(final PrintWriter out, final Object value)
        {
            try
            {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }

        String time(final long clusterMs)
        {
            if (clusterMs < 0)
            {
                return "-";
            }
            final ZoneId z = null == root.zone || root.zone.isEmpty() ? ZoneId.systemDefault() : ZoneId.of(root.zone);
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(clusterMs).atZone(z)) +
                " (cluster " + clusterMs + ")";
        }
    }

    /**
     * Fixed-width columns for people.
     */
    static final class Table
    {
        private final List<String[]> rows = new ArrayList<>();

        Table(final String... header)
        {
            rows.add(header);
        }

        Table row(final Object... cells)
        {
            final String[] r = new String[cells.length];
            for (int i = 0; i < cells.length; i++)
            {
                r[i] = String.valueOf(cells[i]);
            }
            rows.add(r);
            return this;
        }

        void print(final PrintWriter out)
        {
            final int[] width = new int[rows.get(0).length];
            for (final String[] r : rows)
            {
                for (int i = 0; i < r.length; i++)
                {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
            for (final String[] r : rows)
            {
                final StringBuilder sb = new StringBuilder();
                for (int i = 0; i < r.length; i++)
                {
                    sb.append(i == r.length - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
                }
                out.println(sb.toString().stripTrailing());
            }
        }
    }

    // ------------------------------------------------------------------------------------------- reads

    @Command(name = "describe", mixinStandardHelpOptions = true,
        description = "The cluster in one screen: counts, clocks, policy, leader, and every worker.")
    static final class Describe extends ClusterCommand
    {
        int run(final PrintWriter out)
        {
            final AdminClient.ClusterInfo info = link.call(AdminClient::describe);
            final List<AdminClient.WorkerRecord> workers = Queries.allWorkers(link);
            final ClusterLink.Status s = link.status();
            if (root.json)
            {
                final java.util.Map<String, Object> all = new java.util.LinkedHashMap<>();
                all.put("cluster", info);
                all.put("leaderMemberId", s.leaderMemberId());
                all.put("workers", workers);
                printJson(out, all);
                return 0;
            }
            out.println("cluster time  " + time(info.clusterTime()));
            out.println("leader        member " + s.leaderMemberId() + ", term " + s.leadershipTermId());
            out.println("policy        " + info.policy());
            out.println("workers       " + info.workers() + " (" + info.liveWorkers() + " live)");
            out.println("tasks         " + info.tasks() + " (" + info.pending() + " pending, " + info.stuck() +
                " stuck)");
            out.println("last epoch    " + info.lastEpoch());
            out.println("history       seq " + info.oldestHistorySeq() + ".." + (info.nextHistorySeq() - 1) +
                " kept of " + info.nextHistorySeq() + " (ring of " + info.historyCapacity() + ")");
            out.println();
            workersTable(workers).print(out);
            return 0;
        }

        private Table workersTable(final List<AdminClient.WorkerRecord> workers)
        {
            return Workers.table(workers, this);
        }
    }

    @Command(name = "workers", mixinStandardHelpOptions = true,
        description = "Every worker: status, tasks, load against capacity, capabilities, connected since, last heard.")
    static final class Workers extends ClusterCommand
    {
        int run(final PrintWriter out)
        {
            final List<AdminClient.WorkerRecord> workers = Queries.allWorkers(link);
            if (root.json)
            {
                printJson(out, WorkerLoad.of(workers));
                return 0;
            }
            table(workers, this).print(out);
            return 0;
        }

        static Table table(final List<AdminClient.WorkerRecord> workers, final ClusterCommand c)
        {
            final Table t = new Table("WORKER", "STATUS", "TASKS", "WEIGHT", "FAIR SHARE", "OF FAIR", "CAPACITY",
                "CAPABILITIES", "CONNECTED SINCE", "LAST HEARD");
            for (final WorkerLoad w : WorkerLoad.of(workers))
            {
                final double of = w.ofFairShare();
                t.row(w.name(), w.status() + (w.detached() ? " (detached)" : ""), w.taskCount(), w.load(),
                    String.format(java.util.Locale.ROOT, "%.1f", w.fairShare()),
                    Double.isInfinite(of) ? "-" : String.format(java.util.Locale.ROOT, "%.0f%%", 100 * of),
                    w.capacity() + (WorkerLoad.LIVE.equals(w.status()) ? String.format(java.util.Locale.ROOT,
                        " (%.0f%%)", 100 * w.capacityShare()) : ""),
                    String.join(",", w.capabilities()), c.time(w.connectedSince()), c.time(w.lastHeard()));
            }
            return t;
        }
    }

    @Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "Tasks with their owner, target, epoch and status, filtered.")
    static final class Tasks extends ClusterCommand
    {
        @Option(names = "--worker", description = "Only tasks this worker owns or is the target of.")
        String worker = "";
        @Option(names = "--status", description = "Only this status: ${COMPLETION-CANDIDATES}.")
        Status status;
        @Option(names = "--stuck", description = "Only tasks whose ack is overdue.")
        boolean stuck;
        @Option(names = "--pending", description = "Only pending tasks (with the reason).")
        boolean pending;

        enum Status
        {
            PENDING, OPENING, OPEN, CLOSING, RESERVED
        }

        int run(final PrintWriter out)
        {
            if (!worker.isEmpty())
            {
                Actions.name("worker", worker);
            }
            final List<AdminClient.TaskRecord> tasks =
                Queries.allTasks(link, worker, null == status ? "" : status.name(), stuck, pending);
            if (root.json)
            {
                printJson(out, tasks);
                return 0;
            }
            final Table t = new Table("TASK", "STATUS", "OWNER", "TARGET", "EPOCH", "WEIGHT", "STUCK", "PENDING REASON");
            for (final AdminClient.TaskRecord r : tasks)
            {
                t.row(r.task(), r.status(), dash(r.owner()), dash(r.target()), r.epoch(), r.weight(),
                    r.stuck() ? "yes" : "", r.pendingReason());
            }
            t.print(out);
            return 0;
        }
    }

    @Command(name = "explain", mixinStandardHelpOptions = true,
        description = "One task: owner, target, epoch, status, since when, and its last transitions with causes.")
    static final class Explain extends ClusterCommand
    {
        @Parameters(paramLabel = "TASK", description = "The task id.")
        String task;
        @Option(names = {"-n", "--transitions"}, description = "How many of its last transitions (default 20).")
        int transitions = 20;

        int run(final PrintWriter out)
        {
            Actions.name("task", task);
            final AdminClient.Explanation e = link.call((c) -> c.explain(task, transitions));
            if (root.json)
            {
                printJson(out, e);
                return 0;
            }
            final AdminClient.TaskRecord t = e.task();
            out.println("task      " + t.task() + (t.requires().isEmpty() ? "" : " (requires " +
                String.join(",", t.requires()) + ", weight " + t.weight() + ")"));
            out.println("status    " + t.status() + (t.stuck() ? " STUCK" : "") + " since " + time(e.since()));
            out.println("owner     " + dash(t.owner()) + ", epoch " + t.epoch());
            out.println("target    " + dash(t.target()));
            if (!t.pendingReason().isEmpty())
            {
                out.println("pending   " + t.pendingReason());
            }
            out.println("history   " + e.transitions().size() + " of " + e.transitionsKept() +
                " transitions kept:");
            History.print(out, e.transitions(), this);
            return 0;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
        description = "Transitions with their causes, by sequence number; --follow keeps printing new ones.")
    static final class History extends ClusterCommand
    {
        @Option(names = "--task", description = "Only this task.")
        String task = "";
        @Option(names = "--worker", description = "Only transitions with or caused by this worker.")
        String worker = "";
        @Option(names = "--since", description = "First sequence number (default: the last --limit matching entries " +
            "the cluster keeps).")
        Long since;
        @Option(names = "--limit", description = "How many to print before following (default 50).")
        int limit = 50;
        @Option(names = {"-f", "--follow"}, description = "Keep printing new transitions until interrupted (Ctrl-C " +
            "or SIGTERM end it cleanly); while the cluster is unreachable it waits and resumes from the last " +
            "sequence it printed.")
        boolean follow;

        int run(final PrintWriter out)
        {
            if (!task.isEmpty())
            {
                Actions.name("task", task);
            }
            if (!worker.isEmpty())
            {
                Actions.name("worker", worker);
            }
            final AdminClient.ClusterInfo info = link.call(AdminClient::describe);
            // without --since: the last --limit matching entries of what the ring keeps, then (with --follow) new ones
            long from = null != since ? since : info.oldestHistorySeq();
            final java.util.ArrayDeque<AdminClient.HistoryEvent> first = new java.util.ArrayDeque<>();
            boolean caughtUp = false;
            boolean down = false;
            final List<AdminClient.HistoryEvent> all = new ArrayList<>();
            while (true)
            {
                final long f = from;
                final AdminClient.Page<AdminClient.HistoryEvent> page;
                try
                {
                    page = link.call((c) -> c.historySince(f, task, worker, 500));
                }
                catch (final ClusterLink.LinkDownException ex)
                {
                    if (Thread.interrupted())
                    {
                        break; // stopped (Ctrl-C): a clean end, not an unreachable cluster
                    }
                    if (!follow || !caughtUp)
                    {
                        throw ex;
                    }
                    if (!down)
                    {
                        down = true;
                        spec.commandLine().getErr().println("rgctl: " + ex.getMessage() + "; still following from " +
                            "seq " + from + " (the link reconnects by itself)");
                        spec.commandLine().getErr().flush();
                    }
                    if (pause())
                    {
                        break;
                    }
                    continue;
                }
                if (down)
                {
                    down = false;
                    spec.commandLine().getErr().println("rgctl: cluster reachable again; following from seq " + from);
                    spec.commandLine().getErr().flush();
                }
                if (page.oldestSeq() > from && (caughtUp || null != since) && !root.json)
                {
                    out.println("# " + (page.oldestSeq() - from) + " transition(s) from seq " + from +
                        " were dropped by the cluster's history ring before they were read");
                }
                if (!caughtUp)
                {
                    first.addAll(page.rows());
                    while (null == since && first.size() > limit)
                    {
                        first.removeFirst();
                    }
                }
                else if (root.json)
                {
                    all.addAll(page.rows());
                }
                else
                {
                    print(out, page.rows(), this);
                }
                from = page.nextSeq();
                if (page.more())
                {
                    continue;
                }
                if (!caughtUp)
                {
                    caughtUp = true;
                    if (root.json)
                    {
                        all.addAll(first);
                    }
                    else
                    {
                        print(out, new ArrayList<>(first), this);
                    }
                }
                out.flush();
                if (!follow || pause())
                {
                    break;
                }
            }
            if (root.json)
            {
                printJson(out, all);
            }
            out.flush();
            return 0;
        }

        /**
         * @return true if interrupted (stop following); the interrupt is consumed so the session closes cleanly.
         */
        private static boolean pause()
        {
            try
            {
                Thread.sleep(500);
                return false;
            }
            catch (final InterruptedException ex)
            {
                return true;
            }
        }

        static void print(final PrintWriter out, final List<AdminClient.HistoryEvent> events, final ClusterCommand c)
        {
            for (final AdminClient.HistoryEvent e : events)
            {
                out.println(String.format("%6d  %s  %-12s %s -> %s  %s  e=%d  %s%s", e.seq(), c.time(e.time()),
                    e.task(), e.from(), e.to(), dash(e.worker()), e.epoch(), e.cause(),
                    e.operator().isEmpty() ? "" : " (by " + e.operator() + ")"));
            }
        }
    }

    @Command(name = "health", mixinStandardHelpOptions = true,
        description = "Is the cluster healthy? Exit code 0 healthy, 1 degraded, 2 unreachable.")
    static final class HealthCommand extends ClusterCommand
    {
        @Option(names = "--member-aeron-dir", description = "A member's media driver directory on this machine, in " +
            "member id order (repeat), to read its Aeron counters.")
        List<String> memberDirs = new ArrayList<>();

        int run(final PrintWriter out)
        {
            AdminClient.ClusterInfo info = null;
            try
            {
                info = link.call(AdminClient::describe);
            }
            catch (final ClusterLink.LinkDownException ex)
            {
                // unreachable: the verdict says so
            }
            final ClusterLink.Status s = link.status();
            final List<MemberCounters.Member> members = new MemberCounters(memberDirs).read();
            final Health.Verdict v = Health.verdict(s.connected() && null != info, s.leaderMemberId(), info, members);
            if (root.json)
            {
                final java.util.Map<String, Object> all = new java.util.LinkedHashMap<>();
                all.put("verdict", v);
                all.put("link", s);
                all.put("cluster", info);
                all.put("members", members);
                printJson(out, all);
                return v.code();
            }
            out.println(v.state() + (v.reasons().isEmpty() ? "" : ": " + String.join("; ", v.reasons())));
            if (null != info)
            {
                out.println("leader member " + s.leaderMemberId() + ", term " + s.leadershipTermId() + "; " +
                    info.liveWorkers() + " live worker(s), " + info.tasks() + " task(s)");
            }
            for (final MemberCounters.Member m : members)
            {
                out.println("member " + m.memberId() + ": " + (m.readable() ? m.role() + ", election " +
                    m.electionState() + ", commit position " + m.commitPosition() + ", errors " + m.clusterErrors() +
                    "/" + m.serviceErrors() + "/" + m.driverErrors() + " (consensus/service/driver)" : m.problem()));
            }
            return v.code();
        }
    }

    // ------------------------------------------------------------------------------------------- actions

    /**
     * An action: print the plan; run it only with --execute, then print the outcome.
     */
    abstract static class ActionCommand extends ClusterCommand
    {
        @Option(names = "--execute", description = "Run it (without this, only the plan is printed).")
        boolean execute;

        abstract Actions.Request request();

        int run(final PrintWriter out)
        {
            final Actions actions = new Actions(link);
            final Actions.Request r = request();
            if (!execute)
            {
                final Actions.Plan plan = actions.plan(r);
                if (root.json)
                {
                    printJson(out, plan);
                }
                else
                {
                    printPlan(out, plan);
                    out.println("(plan only: add --execute to run it)");
                }
                return plan.executable() ? 0 : REFUSED;
            }
            Actions.name("operator", root.operator);
            final Actions.Outcome o = actions.execute(r, root.operator);
            if (root.json)
            {
                printJson(out, o);
                return o.accepted() ? 0 : REFUSED;
            }
            printPlan(out, o.plan());
            if (!o.accepted())
            {
                out.println("REFUSED by the cluster: " + o.codeName() + ": " + o.text());
                return REFUSED;
            }
            out.println("DONE (by " + o.operator() + "); now:");
            final Table t = new Table("TASK", "FROM", "NOW", "EPOCH");
            for (final Actions.Move m : o.result())
            {
                t.row(m.task(), dash(m.from()), m.to(), m.epoch());
            }
            t.print(out);
            return 0;
        }

        private static void printPlan(final PrintWriter out, final Actions.Plan plan)
        {
            out.println("plan: " + plan.summary());
            if (!plan.moves().isEmpty())
            {
                final Table t = new Table("TASK", "FROM", "TO", "EPOCH");
                for (final Actions.Move m : plan.moves())
                {
                    t.row(m.task(), dash(m.from()), m.to(), m.epoch());
                }
                t.print(out);
            }
            for (final String p : plan.problems())
            {
                out.println("problem: " + p);
            }
        }
    }

    @Command(name = "drain", mixinStandardHelpOptions = true,
        description = "Move every task off a worker (revoke, then assign elsewhere); it takes no new tasks.")
    static final class Drain extends ActionCommand
    {
        @Parameters(paramLabel = "WORKER")
        String worker;

        Actions.Request request()
        {
            return new Actions.Request("drain", worker, null, 0, List.of());
        }
    }

    @Command(name = "move", mixinStandardHelpOptions = true, description = "Move one task to a worker.")
    static final class Move extends ActionCommand
    {
        @Parameters(index = "0", paramLabel = "TASK")
        String task;
        @Parameters(index = "1", paramLabel = "WORKER")
        String worker;

        Actions.Request request()
        {
            return new Actions.Request("move", worker, task, 0, List.of());
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a task.")
    static final class Add extends ActionCommand
    {
        @Parameters(paramLabel = "TASK")
        String task;
        @Option(names = "--weight", description = "Its weight (default 1).")
        int weight = 1;
        @Option(names = "--requires", split = ",", description = "Capabilities a worker needs to run it.")
        List<String> requires = new ArrayList<>();

        Actions.Request request()
        {
            return new Actions.Request("add", null, task, weight, requires);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a task (its owner closes it).")
    static final class Remove extends ActionCommand
    {
        @Parameters(paramLabel = "TASK")
        String task;

        Actions.Request request()
        {
            return new Actions.Request("remove", null, task, 0, List.of());
        }
    }

    // ------------------------------------------------------------------------------------------- serve

    @Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the web console until interrupted.")
    static final class Serve implements Callable<Integer>
    {
        @CommandLine.ParentCommand
        RgCtl root;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--port", description = "Port (default 8080; 0: any free one).")
        int port = 8080;
        @Option(names = "--bind", description = "Address to listen on (default 127.0.0.1: this machine only).")
        String bind = "127.0.0.1";
        @Option(names = "--action-token-file", description = "A file holding the token action requests must " +
            "present; without it the console is read-only.")
        Path tokenFile;
        @Option(names = "--member-aeron-dir", description = "A member's media driver directory on this machine, in " +
            "member id order (repeat), to show its Aeron counters.")
        List<String> memberDirs = new ArrayList<>();
        @Option(names = "--viewer-credentials-file", defaultValue = "${env:RG_VIEWER_CREDENTIALS_FILE}",
            description = "A file holding a viewer principal's line viewer:name:secret (the read-only role): a " +
                "console without an action token connects with it, so the cluster refuses any command " +
                "(default: $RG_VIEWER_CREDENTIALS_FILE).")
        Path viewerCredentialsFile;

        public Integer call() throws Exception
        {
            if (null == root.ingressEndpoints || root.ingressEndpoints.isEmpty())
            {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "--ingress-endpoints (or $RG_INGRESS_ENDPOINTS) is required");
            }
            final String token = null == tokenFile ? null : Files.readString(tokenFile).trim();
            final boolean viewer = null == token && null != viewerCredentialsFile;
            final CountDownLatch stop = new CountDownLatch(1);
            try (Console console = Console.start(new Console.Settings()
                .ingressEndpoints(root.ingressEndpoints)
                .credentials(viewer ? null : root.credentials())
                .viewerCredentials(viewer ? ClientCredentials.firstLine(viewerCredentialsFile) : null)
                .aeronDir(root.aeronDir)
                .bindAddress(bind)
                .port(port)
                .actionToken(token)
                .memberAeronDirs(memberDirs)))
            {
                spec.commandLine().getOut().println("console at " + console.url() +
                    (null != token ? " (actions enabled)" : viewer ? " (read-only, viewer credentials)" :
                        " (read-only)"));
                spec.commandLine().getOut().flush();
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                stop.await();
            }
            return 0;
        }
    }

    static final class Version implements CommandLine.IVersionProvider
    {
        public String[] getVersion()
        {
            final String v = RgCtl.class.getPackage().getImplementationVersion();
            return new String[]{"rgctl " + (null == v ? "(development build)" : v)};
        }
    }

    private static String dash(final String s)
    {
        return null == s || s.isEmpty() ? "-" : s;
    }
}
