package io.resilientgateways.lab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resilientgateways.lab.trace.TraceHeader;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lab's text outputs: a table for the terminal, JSON and CSV. Fields come in a fixed order, so a report gives
 * the same bytes every time; with {@code timings} false the wall-clock figures are left out and the output depends
 * only on the trace, the strategies and the settings.
 */
public final class Reports
{
    /** Version of the JSON report's layout. */
    public static final int REPORT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Reports()
    {
    }

    /**
     * @param report  a lab run.
     * @param timings whether to add the decision-time columns.
     * @return a fixed-width table, one row per strategy, with a legend.
     */
    public static String table(final LabReport report, final boolean timings)
    {
        final List<String[]> rows = new ArrayList<>();
        rows.add(timings ?
            new String[]{"strategy", "moves", "min", "excess", "moves/chg", "flaps", "spread", "max/mean", "pending",
                "dark p50/p99 ms", "dark peak", "epochs", "settle p50/max ms", "rounds", "decide ms", "p99 us"} :
            new String[]{"strategy", "moves", "min", "excess", "moves/chg", "flaps", "spread", "max/mean", "pending",
                "dark p50/p99 ms", "dark peak", "epochs", "settle p50/max ms", "rounds"});
        for (final StrategyResult r : report.results())
        {
            final List<String> row = new ArrayList<>(List.of(
                r.label(),
                Long.toString(r.moves()),
                r.hasMinimum() ? Long.toString(r.minimumMoves()) : "-",
                r.hasMinimum() ? Long.toString(r.excessMoves()) : "-",
                fixed(r.movesPerChange(), 1),
                Long.toString(r.flaps()),
                fixed(r.worstSettledSpread(), 2),
                fixed(r.worstSettledMaxOverMean(), 2),
                Integer.toString(r.peakPending()),
                r.dark().p50Ms() + "/" + r.dark().p99Ms(),
                Integer.toString(r.dark().peakAtOnce()),
                Long.toString(r.epochs()),
                r.settle().p50Ms() + "/" + r.settle().maxMs() + (r.settle().unsettled() > 0 ?
                    " (" + r.settle().unsettled() + " cut)" : ""),
                Integer.toString(r.settle().maxRounds())));
            if (timings)
            {
                row.add(fixed(r.timing().totalNanos() / 1e6, 1));
                row.add(fixed(r.timing().p99Nanos() / 1e3, 1));
            }
            rows.add(row.toArray(new String[0]));
        }
        final int[] width = new int[rows.get(0).length];
        for (final String[] row : rows)
        {
            for (int i = 0; i < row.length; i++)
            {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        final StringBuilder out = new StringBuilder();
        out.append("trace: ").append(report.trace().source()).append(" (").append(report.events())
            .append(" events, ").append(report.durationMs()).append(" ms; grace ")
            .append(report.trace().gracePeriodMs()).append(" ms)\n");
        for (final String[] row : rows)
        {
            for (int i = 0; i < row.length; i++)
            {
                out.append(i == 0 ? String.format(Locale.ROOT, "%-" + width[i] + "s", row[i]) :
                    String.format(Locale.ROOT, "  %" + width[i] + "s", row[i]));
            }
            out.append('\n');
        }
        out.append(LEGEND);
        return out.toString();
    }

    /** What the table's columns mean. */
    static final String LEGEND = String.join("\n",
        "moves: tasks that changed owner (a first placement is not a move); min: the fewest that reach floor or ceil",
        "  of each capacity share after every change, from the strategy's own state ('-': undefined with weights or",
        "  capabilities); excess < 0: fewer moves than balance needs (the load was left uneven); flaps: moves back",
        "  to a worker that held the task within the flap window;",
        "spread, max/mean: load per capacity, worst seen when a change had settled; pending: peak tasks with no",
        "  eligible capable worker; dark: revoke (or owner lost) to open ack; settle: change to nothing outstanding",
        "  and nothing dark ('cut': the next change came first); rounds: most engine inputs that moved tasks for one",
        "  change; decide: wall-clock time in the engine's inputs (total, and p99 per input)",
        "");

    /**
     * @param report  a lab run.
     * @param timings whether to include each strategy's {@code timing} object.
     * @return the report as indented JSON, ending with a newline.
     */
    public static String json(final LabReport report, final boolean timings)
    {
        final ObjectNode root = JSON.createObjectNode();
        root.put("reportVersion", REPORT_VERSION);
        final ObjectNode trace = root.putObject("trace");
        final TraceHeader h = report.trace();
        trace.put("source", h.source());
        trace.put("formatVersion", h.version());
        trace.put("events", report.events());
        trace.put("durationMs", report.durationMs());
        trace.put("gracePeriodMs", h.gracePeriodMs());
        trace.put("rebalanceDelayMs", h.rebalanceDelayMs());
        trace.put("maxMovesPerRound", h.maxMovesPerRound());
        final ArrayNode notes = trace.putArray("notes");
        h.notes().forEach(notes::add);
        final ObjectNode s = root.putObject("settings");
        final LabSettings ls = report.settings();
        s.put("seed", ls.seed());
        s.put("openAckMinMs", ls.openAckMinMs());
        s.put("openAckMaxMs", ls.openAckMaxMs());
        s.put("closeAckMinMs", ls.closeAckMinMs());
        s.put("closeAckMaxMs", ls.closeAckMaxMs());
        s.put("flapWindowMs", ls.flapWindowMs());
        final ArrayNode strategies = root.putArray("strategies");
        for (final StrategyResult r : report.results())
        {
            final ObjectNode o = strategies.addObject();
            o.put("label", r.label());
            o.put("policy", r.policy());
            o.put("changes", r.changes());
            o.put("moves", r.moves());
            if (r.hasMinimum())
            {
                o.put("minimumMoves", r.minimumMoves());
                o.put("excessMoves", r.excessMoves());
            }
            else
            {
                o.putNull("minimumMoves");
                o.putNull("excessMoves");
            }
            o.put("movesPerChange", Replay.round(r.movesPerChange()));
            o.put("forcedMoves", r.forcedMoves());
            o.put("flaps", r.flaps());
            final ObjectNode load = o.putObject("load");
            load.put("worstSettledSpread", r.worstSettledSpread());
            load.put("worstSettledMaxOverMean", r.worstSettledMaxOverMean());
            load.put("finalSpread", r.finalSpread());
            load.put("finalMaxOverMean", r.finalMaxOverMean());
            final ObjectNode pending = o.putObject("pending");
            pending.put("peak", r.peakPending());
            pending.put("atEnd", r.pendingAtEnd());
            final ObjectNode dark = o.putObject("dark");
            dark.put("spells", r.dark().count());
            dark.put("p50Ms", r.dark().p50Ms());
            dark.put("p99Ms", r.dark().p99Ms());
            dark.put("maxMs", r.dark().maxMs());
            dark.put("peakAtOnce", r.dark().peakAtOnce());
            dark.put("atEnd", r.dark().darkAtEnd());
            o.put("epochs", r.epochs());
            final ObjectNode settle = o.putObject("settle");
            settle.put("settled", r.settle().settled());
            settle.put("unsettled", r.settle().unsettled());
            settle.put("p50Ms", r.settle().p50Ms());
            settle.put("maxMs", r.settle().maxMs());
            settle.put("maxRounds", r.settle().maxRounds());
            settle.put("rounds", r.settle().rounds());
            o.put("rejectedInputs", r.rejectedInputs());
            o.put("staleAcks", r.staleAcks());
            o.put("finished", r.finished());
            final ArrayNode events = o.putArray("changes");
            for (final StrategyResult.EventPoint p : r.perEvent())
            {
                final ObjectNode e = events.addObject();
                e.put("t", p.time());
                e.put("what", p.what());
                e.put("moves", p.moves());
                e.put("minimum", p.minimum());
                e.put("settleMs", p.settleMs());
                e.put("rounds", p.rounds());
                e.put("spread", p.spread());
            }
            if (timings)
            {
                final ObjectNode t = o.putObject("timing");
                t.put("inputs", r.timing().inputs());
                t.put("totalNanos", r.timing().totalNanos());
                t.put("p50Nanos", r.timing().p50Nanos());
                t.put("p99Nanos", r.timing().p99Nanos());
                t.put("maxNanos", r.timing().maxNanos());
            }
        }
        try
        {
            return JSON.writeValueAsString(root).replace("\r\n", "\n") + "\n";
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @param report  a lab run.
     * @param timings whether to add the timing columns.
     * @return one header line and one line per strategy.
     */
    public static String csv(final LabReport report, final boolean timings)
    {
        final StringBuilder out = new StringBuilder(
            "strategy,policy,changes,moves,minimum_moves,excess_moves,moves_per_change,forced_moves,flaps," +
            "worst_settled_spread,worst_settled_max_over_mean,final_spread,final_max_over_mean,peak_pending," +
            "pending_at_end,dark_spells,dark_p50_ms,dark_p99_ms,dark_max_ms,dark_peak,epochs,settled,unsettled," +
            "settle_p50_ms,settle_max_ms,max_rounds,rounds,rejected_inputs,stale_acks,finished");
        out.append(timings ? ",inputs,decide_total_ns,decide_p50_ns,decide_p99_ns,decide_max_ns\n" : "\n");
        for (final StrategyResult r : report.results())
        {
            final List<Object> v = new ArrayList<>(List.of(csvText(r.label()), csvText(r.policy()), r.changes(),
                r.moves(), r.hasMinimum() ? r.minimumMoves() : "", r.hasMinimum() ? r.excessMoves() : "",
                Replay.round(r.movesPerChange()), r.forcedMoves(),
                r.flaps(), r.worstSettledSpread(), r.worstSettledMaxOverMean(), r.finalSpread(),
                r.finalMaxOverMean(), r.peakPending(), r.pendingAtEnd(), r.dark().count(), r.dark().p50Ms(),
                r.dark().p99Ms(), r.dark().maxMs(), r.dark().peakAtOnce(), r.epochs(), r.settle().settled(),
                r.settle().unsettled(), r.settle().p50Ms(), r.settle().maxMs(), r.settle().maxRounds(),
                r.settle().rounds(), r.rejectedInputs(), r.staleAcks(), r.finished()));
            if (timings)
            {
                v.addAll(List.of(r.timing().inputs(), r.timing().totalNanos(), r.timing().p50Nanos(),
                    r.timing().p99Nanos(), r.timing().maxNanos()));
            }
            for (int i = 0; i < v.size(); i++)
            {
                out.append(i == 0 ? "" : ",").append(v.get(i));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String csvText(final String s)
    {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static String fixed(final double v, final int decimals)
    {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
