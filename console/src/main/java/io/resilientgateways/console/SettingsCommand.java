package io.resilientgateways.console;

import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.protocol.AdapterRejection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code rgctl settings}: shows the policy, engine settings and epoch floor in force; with {@code --policy},
 * {@code --set} or {@code --epoch-floor} prints the change (old and new value of each) and, with {@code --execute},
 * sends it as one logged admin command, so every member switches at the same log entry.
 */
@Command(name = "settings", mixinStandardHelpOptions = true,
    description = "Show the policy, engine settings and epoch floor in force; change them (plan first, --execute " +
        "to run) without wiping the cluster.")
final class SettingsCommand extends RgCtl.ClusterCommand
{
    @Option(names = "--policy", paramLabel = "NAME", description = "Switch to this policy: a name the " +
        "nodes' policy registry knows (sticky, least-loaded, round-robin, consistent-hash/v100, or your own).")
    String policy;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Change an engine setting (repeatable): " +
        "gracePeriod, handoffTimeout, rebalanceDelay, releaseBackoff (ms), maxMovesPerRound, historyCapacity, " +
        "maxWorkers, maxTasks.")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--epoch-floor", paramLabel = "EPOCH", description = "Raise the epoch floor: every later grant " +
        "gets an epoch above it (e.g. the counterparty's last seen epoch after a wipe). It only rises.")
    Long epochFloor;

    @Option(names = "--execute", description = "Run the change (without this, only the plan is printed).")
    boolean execute;

    @Override
    int run(final PrintWriter out)
    {
        final Map<String, Long> changes = parse();
        if (null != epochFloor && epochFloor < 0)
        {
            throw new Actions.BadActionException("--epoch-floor must be at least 0: " + epochFloor);
        }
        final AdminClient.SettingsInfo before = link.call(AdminClient::settings);
        final boolean change = null != policy || !changes.isEmpty() || null != epochFloor;
        if (!change)
        {
            print(out, before);
            return 0;
        }
        final Plan plan = plan(before, changes);
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
        final List<Outcome> outcomes = link.call((c) ->
        {
            c.operator(root.operator);
            try
            {
                final List<Outcome> done = new ArrayList<>();
                if (null != policy || !changes.isEmpty())
                {
                    done.add(outcome("settings", c.changeSettings(policy, changes)));
                }
                if (null != epochFloor && done.stream().allMatch(Outcome::accepted))
                {
                    done.add(outcome("epoch floor", c.raiseEpochFloor(epochFloor)));
                }
                return done;
            }
            finally
            {
                c.operator("");
            }
        });
        final AdminClient.SettingsInfo after = link.call(AdminClient::settings);
        final boolean accepted = outcomes.stream().allMatch(Outcome::accepted);
        if (root.json)
        {
            printJson(out, Map.of("plan", plan, "outcomes", outcomes, "now", after));
            return accepted ? 0 : RgCtl.REFUSED;
        }
        printPlan(out, plan);
        for (final Outcome o : outcomes)
        {
            out.println(o.accepted() ? o.what() + ": DONE (by " + root.operator + ")" :
                o.what() + ": REFUSED by the cluster: " + o.codeName() + ": " + o.text());
        }
        out.println("now:");
        print(out, after);
        return accepted ? 0 : RgCtl.REFUSED;
    }

    private Map<String, Long> parse()
    {
        final Map<String, Long> changes = new LinkedHashMap<>();
        for (final Map.Entry<String, String> e : set.entrySet())
        {
            if (!AdminClient.SETTING_NAMES.contains(e.getKey()))
            {
                throw new Actions.BadActionException("unknown setting '" + e.getKey() + "': expected one of " +
                    AdminClient.SETTING_NAMES);
            }
            try
            {
                final long v = Long.parseLong(e.getValue().trim());
                if (v < 0)
                {
                    throw new NumberFormatException();
                }
                changes.put(e.getKey(), v);
            }
            catch (final NumberFormatException ex)
            {
                throw new Actions.BadActionException("setting " + e.getKey() + ": '" + e.getValue() +
                    "' is not a whole number of at least 0");
            }
        }
        if (null != policy)
        {
            Actions.name("policy", policy);
        }
        return changes;
    }

    private Plan plan(final AdminClient.SettingsInfo before, final Map<String, Long> changes)
    {
        final List<Change> rows = new ArrayList<>();
        if (null != policy)
        {
            rows.add(new Change("policy", before.policy() + " v" + before.policyVersion(), policy));
        }
        for (final Map.Entry<String, Long> e : changes.entrySet())
        {
            final Long old = before.values().get(e.getKey());
            rows.add(new Change(e.getKey(), String.valueOf(old), String.valueOf(e.getValue())));
        }
        if (null != epochFloor)
        {
            rows.add(new Change("epochFloor", String.valueOf(before.epochFloor()), String.valueOf(epochFloor)));
        }
        return new Plan(rows, "one logged admin command" + (null != epochFloor && rows.size() > 1 ? " each" : "") +
            "; every member switches at the same log entry; nothing moves at the switch (the new settings apply " +
            "to later decisions); the cluster checks the values and refuses the whole change if one is invalid");
    }

    private static Outcome outcome(final String what, final AdminClient.Reply reply)
    {
        return new Outcome(what, reply.accepted(), reply.accepted() ? "" : AdapterRejection.name(reply.code()),
            reply.text());
    }

    private void print(final PrintWriter out, final AdminClient.SettingsInfo s)
    {
        if (root.json)
        {
            printJson(out, s);
            return;
        }
        final RgCtl.Table t = new RgCtl.Table("SETTING", "VALUE");
        t.row("policy", s.policy() + " v" + s.policyVersion());
        for (final Map.Entry<String, Long> e : new TreeMap<>(s.values()).entrySet())
        {
            t.row(e.getKey(), e.getValue());
        }
        t.row("epochFloor", s.epochFloor());
        t.row("lastEpoch", s.lastEpoch());
        t.print(out);
        out.println(0 == s.changes() ? "never changed through the log (each member's configuration)" :
            s.changes() + " change(s) through the log, the last at " + time(s.changedAt()) +
                (s.changedBy().isEmpty() ? "" : " by " + s.changedBy()));
    }

    private static void printPlan(final PrintWriter out, final Plan plan)
    {
        final RgCtl.Table t = new RgCtl.Table("SETTING", "NOW", "NEW");
        for (final Change c : plan.changes())
        {
            t.row(c.setting(), c.now(), c.next());
        }
        t.print(out);
        out.println("plan: " + plan.summary());
    }

    record Change(String setting, String now, String next)
    {
    }

    record Plan(List<Change> changes, String summary)
    {
    }

    record Outcome(String what, boolean accepted, String codeName, String text)
    {
    }
}
