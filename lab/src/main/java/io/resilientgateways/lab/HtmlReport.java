package io.resilientgateways.lab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The lab's one-file HTML report: the table, then plots drawn by uPlot (inlined from its webjar, so the page opens
 * with no network): cumulative moves and spread over time per strategy, the dark-time CDF, moves against imbalance per
 * change, and, per
 * strategy, the tasks each worker had open over time with the trace's changes marked. Same report, same bytes (with
 * {@code timings} false, independent of the machine).
 */
public final class HtmlReport
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PALETTE = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"};

    private HtmlReport()
    {
    }

    /**
     * @param report  a lab run.
     * @param timings whether the table shows decision times.
     * @return the page.
     */
    public static String render(final LabReport report, final boolean timings)
    {
        final String version = uplotVersion();
        final String base = "META-INF/resources/webjars/uplot/" + version + "/dist/";
        final StringBuilder html = new StringBuilder(200_000);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Strategy lab: ")
            .append(escape(report.trace().source())).append("</title>\n<style>\n")
            .append(resource(base + "uPlot.min.css")).append('\n')
            .append(resource("io/resilientgateways/lab/report.css"))
            .append("</style>\n</head>\n<body>\n<h1>Strategy lab</h1>\n<p class=\"source\">")
            .append(escape(report.trace().source())).append(": ").append(report.events()).append(" events over ")
            .append(report.durationMs() / 1000.0).append(" s; grace period ").append(report.trace().gracePeriodMs())
            .append(" ms; acks after ").append(report.settings().openAckMinMs()).append('-')
            .append(report.settings().openAckMaxMs()).append(" ms (open), ").append(report.settings().closeAckMinMs())
            .append('-').append(report.settings().closeAckMaxMs()).append(" ms (close), seed ")
            .append(report.settings().seed()).append("</p>\n");
        for (final String note : report.trace().notes())
        {
            html.append("<p class=\"note\">").append(escape(note)).append("</p>\n");
        }
        html.append("<pre class=\"table\">").append(escape(Reports.table(report, timings))).append("</pre>\n");
        html.append("<h2>Cumulative moves</h2>\n<div class=\"chart\" id=\"chart-moves\"></div>\n")
            .append("<h2>Spread over time (max - min load per capacity, target assignment)</h2>\n")
            .append("<div class=\"chart\" id=\"chart-spread\"></div>\n")
            .append("<h2>Dark time (revoke to open ack), CDF</h2>\n<div class=\"chart\" id=\"chart-dark\"></div>\n")
            .append("<h2>Moves against imbalance, one point per change</h2>\n")
            .append("<div class=\"chart\" id=\"chart-scatter\"></div>\n")
            .append("<h2>Tasks open per worker (dashed: the trace's changes)</h2>\n");
        for (int i = 0; i < report.results().size(); i++)
        {
            html.append("<h3>").append(escape(report.results().get(i).label())).append("</h3>\n")
                .append("<div class=\"chart open\" id=\"chart-open-").append(i).append("\"></div>\n");
        }
        html.append("<script type=\"application/json\" id=\"lab-data\">")
            .append(data(report).replace("</", "<\\/")).append("</script>\n<script>\n")
            .append(resource(base + "uPlot.iife.min.js")).append("\n</script>\n<script>\n")
            .append(resource("io/resilientgateways/lab/report.js")).append("</script>\n</body>\n</html>\n");
        return html.toString();
    }

    private static String data(final LabReport report)
    {
        final ObjectNode root = JSON.createObjectNode();
        final ArrayNode palette = root.putArray("palette");
        for (final String c : PALETTE)
        {
            palette.add(c);
        }
        final StrategyResult first = report.results().get(0);
        final ArrayNode t = root.putArray("t");
        for (final long ms : first.series().time())
        {
            t.add(ms / 1000.0);
        }
        final ArrayNode events = root.putArray("events");
        for (final StrategyResult.EventPoint p : first.perEvent())
        {
            if (events.size() < 500)
            {
                events.addObject().put("t", p.time() / 1000.0).put("what", p.what());
            }
        }
        final ArrayNode strategies = root.putArray("strategies");
        for (final StrategyResult r : report.results())
        {
            final ObjectNode s = strategies.addObject();
            s.put("label", r.label());
            final ArrayNode moves = s.putArray("moves");
            for (final long m : r.series().cumulativeMoves())
            {
                moves.add(m);
            }
            final ArrayNode spread = s.putArray("spread");
            for (final double v : r.series().spread())
            {
                spread.add(v);
            }
            final ArrayNode workers = s.putArray("workers");
            r.series().workers().forEach(workers::add);
            final ArrayNode open = s.putArray("open");
            for (final int[] row : r.series().open())
            {
                final ArrayNode a = open.addArray();
                for (final int v : row)
                {
                    if (v < 0)
                    {
                        a.addNull();
                    }
                    else
                    {
                        a.add(v);
                    }
                }
            }
            final ArrayNode cdfX = s.putArray("darkMs");
            final ArrayNode cdfY = s.putArray("darkShare");
            final long[] ms = r.dark().cdfMs();
            for (int i = 0; i < ms.length; i++)
            {
                if (i + 1 < ms.length && ms[i + 1] == ms[i])
                {
                    continue; // one point per length: the share of spells at most that long
                }
                cdfX.add(ms[i]);
                cdfY.add(r.dark().cdfShare()[i]);
            }
            final ArrayNode sx = s.putArray("changeMoves");
            final ArrayNode sy = s.putArray("changeSpread");
            r.perEvent().stream()
                .sorted(java.util.Comparator.comparingLong(StrategyResult.EventPoint::moves)
                    .thenComparingDouble(StrategyResult.EventPoint::spread))
                .forEach((p) ->
                {
                    sx.add(p.moves());
                    sy.add(p.spread());
                });
        }
        try
        {
            return JSON.writeValueAsString(root);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @return the version of the uPlot webjar on the class path.
     */
    static String uplotVersion()
    {
        final Properties p = new Properties();
        try (InputStream in = open("META-INF/maven/org.webjars.npm/uplot/pom.properties"))
        {
            p.load(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return p.getProperty("version");
    }

    private static String resource(final String path)
    {
        try (InputStream in = open(path))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static InputStream open(final String path)
    {
        final InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(path);
        if (null == in)
        {
            throw new IllegalStateException("missing on the class path: " + path + " (the uplot webjar?)");
        }
        return in;
    }

    static String escape(final String s)
    {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
