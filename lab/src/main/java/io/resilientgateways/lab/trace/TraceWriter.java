package io.resilientgateways.lab.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resilientgateways.core.LeaveReason;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a trace as JSON lines: the header, then one event per line, fields in a fixed order, {@code \n} after each
 * line. The same trace always gives the same bytes. The format is described in docs/strategy-lab.md.
 */
public final class TraceWriter
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private TraceWriter()
    {
    }

    /**
     * @param trace the trace.
     * @param out   where to write; not closed.
     * @throws IOException if writing fails.
     */
    public static void write(final Trace trace, final Writer out) throws IOException
    {
        out.write(headerLine(trace.header()));
        out.write('\n');
        for (final TraceEvent e : trace.events())
        {
            out.write(eventLine(e));
            out.write('\n');
        }
        out.flush();
    }

    /**
     * @param trace the trace.
     * @param file  the file to create or replace.
     * @throws IOException if writing fails.
     */
    public static void write(final Trace trace, final Path file) throws IOException
    {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8))
        {
            write(trace, w);
        }
    }

    /**
     * @param trace the trace.
     * @return the whole trace as text.
     */
    public static String toText(final Trace trace)
    {
        final java.io.StringWriter w = new java.io.StringWriter();
        try
        {
            write(trace, w);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return w.toString();
    }

    static String headerLine(final TraceHeader h)
    {
        final ObjectNode o = JSON.createObjectNode();
        o.put("format", TraceHeader.FORMAT);
        o.put("version", h.version());
        o.put("source", h.source());
        final ObjectNode engine = o.putObject("engine");
        engine.put("gracePeriodMs", h.gracePeriodMs());
        engine.put("rebalanceDelayMs", h.rebalanceDelayMs());
        engine.put("maxMovesPerRound", h.maxMovesPerRound());
        strings(o.putArray("notes"), h.notes());
        return text(o);
    }

    static String eventLine(final TraceEvent event)
    {
        final ObjectNode o = JSON.createObjectNode();
        o.put("t", event.time());
        o.put("type", event.type());
        if (event instanceof TraceEvent.Join j)
        {
            o.put("worker", j.spec().id().name());
            strings(o.putArray("capabilities"), j.spec().capabilities().names());
            o.put("capacity", j.spec().capacity());
        }
        else if (event instanceof TraceEvent.Leave l)
        {
            o.put("worker", l.worker().name());
            o.put("reason", reasonName(l.reason()));
        }
        else if (event instanceof TraceEvent.Drain d)
        {
            o.put("worker", d.worker().name());
        }
        else if (event instanceof TraceEvent.Capacity c)
        {
            o.put("worker", c.worker().name());
            o.put("capacity", c.capacity());
        }
        else if (event instanceof TraceEvent.Add a)
        {
            o.put("task", a.spec().id().name());
            strings(o.putArray("requires"), a.spec().requires().names());
            o.put("weight", a.spec().weight());
        }
        else if (event instanceof TraceEvent.Remove r)
        {
            o.put("task", r.task().name());
        }
        return text(o);
    }

    /**
     * @param reason a leave reason.
     * @return its name in the trace format: {@code deregistered}, {@code session-closed} or {@code session-timeout}.
     */
    public static String reasonName(final LeaveReason reason)
    {
        return reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static void strings(final ArrayNode array, final List<String> values)
    {
        values.forEach(array::add);
    }

    private static String text(final ObjectNode o)
    {
        try
        {
            return JSON.writeValueAsString(o);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
