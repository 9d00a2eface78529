package io.resilientgateways.console;

import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.protocol.AdapterRejection;
import io.resilientgateways.aeron.protocol.Protocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code rgctl add-tasks FILE}: many tasks from a file (one per line: {@code TASK [WEIGHT [CAP,CAP...]]}), checked
 * here first, then with {@code --execute} sent as {@code AddTasks} commands of a message's worth each (all or none
 * each, in the file's order, stopping at the first refusal).
 */
@Command(name = "add-tasks", mixinStandardHelpOptions = true,
    description = "Add many tasks from a file, one per line: TASK [WEIGHT [CAP,CAP...]] ('#' starts a comment; " +
        "FILE '-' reads standard input). Plan first, --execute to run: a few logged commands, each all or none.")
final class AddTasksCommand extends RgCtl.ClusterCommand
{
    @Parameters(paramLabel = "FILE", description = "The tasks, or '-' for standard input.")
    String file;

    @Option(names = "--weight", description = "Weight of a line that names none (default 1).")
    int weight = 1;

    @Option(names = "--requires", split = ",", description = "Capabilities of a line that names none.")
    List<String> requires = new ArrayList<>();

    @Option(names = "--skip-existing", description = "Leave the tasks the cluster holds already (as they are) " +
        "and add the others: the same file can be sent again after a timeout.")
    boolean skipExisting;

    @Option(names = "--execute", description = "Run it (without this, only the plan is printed).")
    boolean execute;

    @Override
    int run(final PrintWriter out)
    {
        final List<AdminClient.NewTask> tasks = parse(read());
        final Plan plan = new Plan(tasks.size(), tasks.isEmpty() ? "" : tasks.get(0).task(),
            tasks.isEmpty() ? "" : tasks.get(tasks.size() - 1).task(),
            "one logged AddTasks command per message's worth of tasks (at most " + Protocol.MAX_TASKS_PER_COMMAND +
                "), in the file's order, each added all or none; it stops at the first refusal (" +
                (skipExisting ? "" : "an existing id, ") + "the task limit) and the commands before it stay" +
                (skipExisting ? "; tasks the cluster holds already are left as they are" : ""));
        if (!execute)
        {
            if (root.json)
            {
                printJson(out, plan);
            }
            else
            {
                printPlan(out, plan);
                out.println("(plan only: add --execute to run it)");
            }
            return 0;
        }
        Actions.name("operator", root.operator);
        final AdminClient.BatchReply reply = link.call((c) ->
        {
            c.operator(root.operator);
            try
            {
                return c.addTasks(tasks, skipExisting);
            }
            finally
            {
                c.operator("");
            }
        });
        final String codeName = reply.accepted() ? "" : AdapterRejection.name(reply.reply().code());
        if (root.json)
        {
            printJson(out, Map.of("plan", plan, "accepted", reply.accepted(), "done", reply.done(),
                "added", reply.added(), "commands", reply.commands(), "codeName", codeName,
                "text", reply.reply().text()));
            return reply.accepted() ? 0 : RgCtl.REFUSED;
        }
        printPlan(out, plan);
        if (reply.accepted())
        {
            out.println("DONE (by " + root.operator + "): " + reply.added() + " task(s) added in " +
                reply.commands() + " command(s)" + (reply.done() > reply.added() ?
                "; " + (reply.done() - reply.added()) + " held already, left as they are" : ""));
            return 0;
        }
        out.println("REFUSED by the cluster: " + codeName + ": " + reply.reply().text());
        out.println(reply.added() + " task(s) added before it (from the first " + reply.done() + " lines' tasks, in " +
            (reply.commands() - 1) + " command(s)); none after");
        return RgCtl.REFUSED;
    }

    private List<String> read()
    {
        try
        {
            if ("-".equals(file))
            {
                final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                return in.lines().toList();
            }
            return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        }
        catch (final IOException | UncheckedIOException ex)
        {
            throw new Actions.BadActionException("cannot read " + file + ": " + ex);
        }
    }

    /**
     * Every line checked before anything is sent: a bad name, weight or a task twice in the file is a usage error
     * that names its line.
     */
    List<AdminClient.NewTask> parse(final List<String> lines)
    {
        if (weight < 1)
        {
            throw new Actions.BadActionException("--weight must be at least 1: " + weight);
        }
        for (final String cap : requires)
        {
            Actions.name("capability", cap);
        }
        final List<AdminClient.NewTask> tasks = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        for (int n = 0; n < lines.size(); n++)
        {
            final int hash = lines.get(n).indexOf('#');
            final String line = (hash < 0 ? lines.get(n) : lines.get(n).substring(0, hash)).strip();
            if (line.isEmpty())
            {
                continue;
            }
            final String where = file + ":" + (n + 1) + ": ";
            final String[] parts = line.split("\\s+");
            if (parts.length > 3)
            {
                throw new Actions.BadActionException(where + "expected TASK [WEIGHT [CAP,CAP...]], got '" + line + "'");
            }
            try
            {
                Actions.name("task", parts[0]);
                int w = weight;
                if (parts.length > 1)
                {
                    try
                    {
                        w = Integer.parseInt(parts[1]);
                    }
                    catch (final NumberFormatException ex)
                    {
                        w = 0;
                    }
                    if (w < 1)
                    {
                        throw new Actions.BadActionException("weight '" + parts[1] + "' is not a whole number of " +
                            "at least 1");
                    }
                }
                final List<String> caps = parts.length > 2 ? Arrays.asList(parts[2].split(",")) : requires;
                if (caps.size() > Protocol.MAX_CAPABILITIES)
                {
                    throw new Actions.BadActionException("at most " + Protocol.MAX_CAPABILITIES + " capabilities");
                }
                for (final String cap : caps)
                {
                    Actions.name("capability", cap);
                }
                if (!seen.add(parts[0]))
                {
                    throw new Actions.BadActionException("task " + parts[0] + " is in the file twice");
                }
                tasks.add(new AdminClient.NewTask(parts[0], w, caps));
            }
            catch (final Actions.BadActionException ex)
            {
                throw new Actions.BadActionException(where + ex.getMessage());
            }
        }
        return tasks;
    }

    private static void printPlan(final PrintWriter out, final Plan plan)
    {
        out.println("plan: add " + plan.tasks() + " task(s)" +
            (0 == plan.tasks() ? "" : ", " + plan.first() + " ... " + plan.last()) + ": " + plan.summary());
    }

    record Plan(int tasks, String first, String last, String summary)
    {
    }
}
