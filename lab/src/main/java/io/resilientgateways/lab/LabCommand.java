package io.resilientgateways.lab;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.security.ClientCredentials;
import io.resilientgateways.lab.trace.Generators;
import io.resilientgateways.lab.trace.HistoryExport;
import io.resilientgateways.lab.trace.Trace;
import io.resilientgateways.lab.trace.TraceFormatException;
import io.resilientgateways.lab.trace.TraceHeader;
import io.resilientgateways.lab.trace.TraceReader;
import io.resilientgateways.lab.trace.TraceWriter;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The lab on the command line: {@code generate} a trace, {@code replay} one through the strategies, {@code export}
 * a running cluster's history. {@code java -jar lab/target/strategy-lab.jar --help}; docs/strategy-lab.md.
 */
@Command(name = "strategy-lab", mixinStandardHelpOptions = true, version = "strategy-lab, trace format v" +
    TraceHeader.VERSION, subcommands = {LabCommand.Generate.class, LabCommand.Replay.class, LabCommand.Export.class},
    description = "Replays membership histories through every strategy in the real engine.")
public final class LabCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        System.exit(execute(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /**
     * @param args the command line.
     * @param out  standard output.
     * @param err  standard error (progress, errors).
     * @return the exit code: 0 done, 1 a bad trace or a failed export, 2 bad options.
     */
    public static int execute(final String[] args, final PrintWriter out, final PrintWriter err)
    {
        final CommandLine cl = new CommandLine(new LabCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parsed) ->
        {
            line.getErr().println("strategy-lab: " + ex.getMessage());
            return ex instanceof TraceFormatException || ex instanceof IOException ||
                ex instanceof IllegalStateException ? 1 : 2;
        });
        return cl.execute(args);
    }

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a seeded trace of one shape (same seed, same bytes).")
    static final class Generate implements Callable<Integer>
    {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "cold-start, rolling-restart, rolling-restart-grace, crash-storm, " +
            "flapping-worker, scale-out-in, zone-loss, party-churn, hot-parties, mixed-capabilities")
        String shape;

        @Option(names = "--workers", defaultValue = "6", description = "workers (default ${DEFAULT-VALUE})")
        int workers;

        @Option(names = "--tasks", defaultValue = "300", description = "tasks (default ${DEFAULT-VALUE})")
        int tasks;

        @Option(names = "--seed", defaultValue = "1", description = "seed (default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = {"-o", "--output"}, description = "file to write (default: standard output)")
        Path output;

        @Override
        public Integer call() throws IOException
        {
            final Trace trace = Generators.generate(Generators.Shape.of(shape), workers, tasks, seed);
            if (null == output)
            {
                spec.commandLine().getOut().print(TraceWriter.toText(trace));
                spec.commandLine().getOut().flush();
            }
            else
            {
                TraceWriter.write(trace, output);
            }
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a trace through strategies; print a table, write report.json, report.csv, report.html.")
    static final class Replay implements Callable<Integer>
    {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", description = "a trace file (JSON lines)")
        Path traceFile;

        @Option(names = "--shape", description = "generate this shape instead of reading a file")
        String shape;

        @Option(names = "--workers", defaultValue = "6",
            description = "with --shape: workers (default ${DEFAULT-VALUE})")
        int workers;

        @Option(names = "--tasks", defaultValue = "300", description = "with --shape: tasks (default ${DEFAULT-VALUE})")
        int tasks;

        @Option(names = "--strategies", split = ",", description = "shipped strategies to replay, or 'none' " +
            "(default: sticky, least-loaded, consistent-hash, consistent-hash/eps=0.25, round-robin)")
        List<String> strategies;

        @Option(names = "--policy", description = "a RebalancePolicy class on the class path (repeatable)")
        List<String> policies = new ArrayList<>();

        @Option(names = "--service-loader", description = "also every RebalancePolicy registered with ServiceLoader")
        boolean serviceLoader;

        @Option(names = "--seed", defaultValue = "1", description = "seed of the ack delays (and of --shape)")
        long seed;

        @Option(names = "--open-ack-ms", defaultValue = "5..50", description = "open ack delay range (default " +
            "${DEFAULT-VALUE})")
        String openAck;

        @Option(names = "--close-ack-ms", defaultValue = "1..10", description = "close ack delay range (default " +
            "${DEFAULT-VALUE})")
        String closeAck;

        @Option(names = "--flap-window-ms", defaultValue = "60000", description = "flap window (default " +
            "${DEFAULT-VALUE})")
        long flapWindowMs;

        @Option(names = "--grace-ms", description = "override the trace's grace period")
        Long graceMs;

        @Option(names = "--out", description = "directory for report.json, report.csv, report.html")
        Path out;

        @Option(names = "--no-timings", description = "leave wall-clock decision times out (reproducible bytes)")
        boolean noTimings;

        @Option(names = "--quiet", description = "no progress on standard error")
        boolean quiet;

        @Override
        public Integer call() throws IOException, TraceFormatException
        {
            Trace trace = null != shape ? Generators.generate(Generators.Shape.of(shape), workers, tasks, seed) :
                null != traceFile ? TraceReader.read(traceFile) : null;
            if (null == trace)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "give a trace file or --shape");
            }
            if (null != graceMs)
            {
                trace = new Trace(trace.header().withGracePeriodMs(graceMs), trace.events());
            }
            final List<Contender> contenders = new ArrayList<>(null == strategies ? Contender.shipped() :
                strategies.equals(List.of("none")) ? List.of() : Contender.shipped(strategies));
            final ClassLoader loader = Thread.currentThread().getContextClassLoader();
            for (final String p : policies)
            {
                contenders.add(Contender.ofClass(p, loader));
            }
            if (serviceLoader)
            {
                contenders.addAll(Contender.serviceLoaded(loader));
            }
            if (contenders.isEmpty())
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "no strategy to replay");
            }
            final long[] open = range(openAck);
            final long[] close = range(closeAck);
            final LabSettings settings = new LabSettings(seed, open[0], open[1], close[0], close[1], flapWindowMs,
                LabSettings.defaults().samples());
            final PrintWriter err = spec.commandLine().getErr();
            final LabReport report = Lab.run(trace, contenders, settings, quiet ? Lab.Progress.NONE :
                (label, done) -> err.printf(Locale.ROOT, "%s: %3.0f%%%n", label, done * 100));
            final PrintWriter o = spec.commandLine().getOut();
            o.print(Reports.table(report, !noTimings));
            o.flush();
            if (null != out)
            {
                Files.createDirectories(out);
                Files.writeString(out.resolve("report.json"), Reports.json(report, !noTimings), StandardCharsets.UTF_8);
                Files.writeString(out.resolve("report.csv"), Reports.csv(report, !noTimings), StandardCharsets.UTF_8);
                Files.writeString(out.resolve("report.html"), HtmlReport.render(report, !noTimings),
                    StandardCharsets.UTF_8);
                err.println("wrote " + out.resolve("report.html") + ", report.json, report.csv");
            }
            return 0;
        }

        private long[] range(final String text)
        {
            final String[] parts = text.split("\\.\\.");
            try
            {
                final long min = Long.parseLong(parts[0].trim());
                final long max = parts.length > 1 ? Long.parseLong(parts[1].trim()) : min;
                if (parts.length > 2 || min < 0 || max < min)
                {
                    throw new NumberFormatException();
                }
                return new long[]{min, max};
            }
            catch (final NumberFormatException ex)
            {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "a delay range is MIN..MAX in ms, 0 <= MIN <= MAX: " + text);
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a running cluster's history as a trace (a reconstruction: see docs/strategy-lab.md).")
    static final class Export implements Callable<Integer>
    {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--ingress", required = true, description = "ingress endpoints, e.g. 0=host:9002,1=host:9102")
        String ingress;

        @Option(names = "--credentials-file", defaultValue = "${env:RG_CREDENTIALS_FILE}",
            description = "a file (readable by you only) whose first line is an admin or viewer principal's " +
                "role:name:secret (default: $RG_CREDENTIALS_FILE, else the line in $RG_CLIENT_CREDENTIALS); " +
                "never a secret on the command line")
        Path credentialsFile;

        @Option(names = "--aeron-dir", description = "a running media driver's directory (default: start one)")
        String aeronDir;

        @Option(names = "--egress", defaultValue = "aeron:udp?endpoint=localhost:0",
            description = "egress channel (default ${DEFAULT-VALUE})")
        String egress;

        @Option(names = "--capabilities", split = ",", defaultValue = "API_GATEWAY",
            description = "capabilities to give every worker (default ${DEFAULT-VALUE})")
        List<String> capabilities;

        @Option(names = "--grace-ms", defaultValue = "0", description = "the cluster's grace period, for the header")
        long graceMs;

        @Option(names = {"-o", "--output"}, description = "file to write (default: standard output)")
        Path output;

        @Override
        public Integer call() throws IOException
        {
            MediaDriver driver = null;
            try
            {
                String dir = aeronDir;
                if (null == dir)
                {
                    driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                        .threadingMode(ThreadingMode.SHARED)
                        .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
                        .dirDeleteOnStart(true)
                        .dirDeleteOnShutdown(true));
                    dir = driver.aeronDirectoryName();
                }
                final Trace trace = export(new AeronCluster.Context()
                    .aeronDirectoryName(dir)
                    .ingressChannel("aeron:udp")
                    .ingressEndpoints(ingress)
                    .egressChannel(egress)
                    .messageTimeoutNs(TimeUnit.SECONDS.toNanos(5))
                    .credentialsSupplier(ClientCredentials.fixed(credentialsLine())), capabilities, graceMs);
                if (null == output)
                {
                    spec.commandLine().getOut().print(TraceWriter.toText(trace));
                    spec.commandLine().getOut().flush();
                }
                else
                {
                    TraceWriter.write(trace, output);
                }
                return 0;
            }
            finally
            {
                if (null != driver)
                {
                    driver.close();
                }
            }
        }

        private String credentialsLine()
        {
            if (null != credentialsFile)
            {
                return ClientCredentials.firstLine(credentialsFile);
            }
            final String line = System.getenv(ClientCredentials.ENVIRONMENT_VARIABLE);
            if (null == line || line.isBlank())
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "--credentials-file (or " +
                    "$RG_CREDENTIALS_FILE, or the line in $" + ClientCredentials.ENVIRONMENT_VARIABLE +
                    ") is required");
            }
            return line.strip();
        }
    }

    /**
     * Connects as an admin (or viewer: it only queries), reads the kept history, the assignment, the workers and the
     * tasks, and rebuilds a trace ({@link HistoryExport}) with the workers' capabilities and capacities and the tasks'
     * requirements and weights as the cluster holds them.
     *
     * @param ctx          the cluster client context (credentials of an admin or viewer principal).
     * @param capabilities capabilities to give every worker.
     * @param graceMs      the cluster's grace period, written to the header.
     * @return the trace.
     */
    public static Trace export(final AeronCluster.Context ctx, final List<String> capabilities, final long graceMs)
    {
        try (AdminClient admin = AdminClient.connect(ctx))
        {
            final List<AdminClient.HistoryRecord> history = admin.history("", 0);
            final List<AdminClient.AssignmentRecord> assignments = admin.assignments();
            final List<AdminClient.WorkerRecord> workers = new ArrayList<>();
            AdminClient.Page<AdminClient.WorkerRecord> w = admin.workers("", 500);
            workers.addAll(w.rows());
            while (w.more())
            {
                w = admin.workers(w.next(), 500);
                workers.addAll(w.rows());
            }
            final List<AdminClient.TaskRecord> tasks = new ArrayList<>();
            AdminClient.Page<AdminClient.TaskRecord> t = admin.tasks("", "", false, false, "", "", 500);
            tasks.addAll(t.rows());
            while (t.more())
            {
                t = admin.tasks("", "", false, false, "", t.next(), 500);
                tasks.addAll(t.rows());
            }
            final Trace trace = HistoryExport.toTrace(history, assignments, workers, tasks, capabilities, "export");
            return new Trace(trace.header().withGracePeriodMs(graceMs), trace.events());
        }
    }
}
