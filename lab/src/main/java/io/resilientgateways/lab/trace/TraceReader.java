package io.resilientgateways.lab.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.InvalidInputException;
import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;
import io.resilientgateways.lab.trace.TraceFormatException.Kind;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a trace written by {@link TraceWriter} (or by hand, or by another tool). Every problem is reported as a
 * {@link TraceFormatException} with the line number and what is wrong; nothing is skipped silently except blank
 * lines. Besides the syntax it checks that each event fits the ones before: a worker joins only when not connected,
 * leaves, drains or changes capacity only when connected; a task is added once and removed only when present.
 * Unknown fields are ignored, so a newer writer may add fields without a new version.
 */
public final class TraceReader
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<WorkerId> connected = new HashSet<>();
    private final Set<TaskId> tasks = new HashSet<>();
    private long line;
    private long lastTime;

    private TraceReader()
    {
    }

    /**
     * @param file a trace file (UTF-8).
     * @return the trace.
     * @throws IOException          if reading fails.
     * @throws TraceFormatException if a line is malformed.
     */
    public static Trace read(final Path file) throws IOException, TraceFormatException
    {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            return read(r);
        }
    }

    /**
     * @param text a whole trace.
     * @return the trace.
     * @throws TraceFormatException if a line is malformed.
     */
    public static Trace parse(final String text) throws TraceFormatException
    {
        try
        {
            return read(new StringReader(text));
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /**
     * @param in the trace; not closed.
     * @return the trace.
     * @throws IOException          if reading fails.
     * @throws TraceFormatException if a line is malformed.
     */
    public static Trace read(final Reader in) throws IOException, TraceFormatException
    {
        return new TraceReader().readAll(new BufferedReader(in));
    }

    private Trace readAll(final BufferedReader in) throws IOException, TraceFormatException
    {
        TraceHeader header = null;
        final List<TraceEvent> events = new ArrayList<>();
        String text;
        while (null != (text = in.readLine()))
        {
            line++;
            if (text.isBlank())
            {
                continue;
            }
            final JsonNode o = object(text);
            if (null == header)
            {
                header = header(o);
            }
            else
            {
                events.add(event(o));
            }
        }
        if (null == header)
        {
            throw new TraceFormatException(Math.max(1, line), Kind.NO_HEADER, "the trace is empty");
        }
        return new Trace(header, events);
    }

    private JsonNode object(final String text) throws TraceFormatException
    {
        final JsonNode o;
        try
        {
            o = JSON.readTree(text);
        }
        catch (final JsonProcessingException ex)
        {
            throw fail(Kind.SYNTAX, ex.getOriginalMessage());
        }
        if (null == o || !o.isObject())
        {
            throw fail(Kind.SYNTAX, "not a JSON object");
        }
        return o;
    }

    private TraceHeader header(final JsonNode o) throws TraceFormatException
    {
        final JsonNode format = o.get("format");
        if (null == format || !TraceHeader.FORMAT.equals(format.asText()))
        {
            throw fail(Kind.NO_HEADER, "the first line must have \"format\":\"" + TraceHeader.FORMAT + "\"");
        }
        final int version = (int)number(o, "version", 1, Integer.MAX_VALUE);
        if (version > TraceHeader.VERSION)
        {
            throw fail(Kind.UNSUPPORTED_VERSION,
                "version " + version + "; this reader knows up to " + TraceHeader.VERSION);
        }
        final JsonNode engine = o.path("engine");
        final long grace = engine.has("gracePeriodMs") ? number(engine, "gracePeriodMs", 0, Long.MAX_VALUE) : 0;
        final long delay = engine.has("rebalanceDelayMs") ? number(engine, "rebalanceDelayMs", 0, Long.MAX_VALUE) : 0;
        final int moves = engine.has("maxMovesPerRound") ?
            (int)number(engine, "maxMovesPerRound", 1, Integer.MAX_VALUE) : 10_000;
        final List<String> notes = o.has("notes") ? strings(o, "notes") : List.of();
        final String source = o.has("source") ? string(o, "source") : "";
        return new TraceHeader(version, source, grace, delay, moves, notes);
    }

    private TraceEvent event(final JsonNode o) throws TraceFormatException
    {
        final long t = number(o, "t", 0, Long.MAX_VALUE);
        if (t < lastTime)
        {
            throw fail(Kind.TIME_BACKWARDS, "t=" + t + " is before the previous line's t=" + lastTime);
        }
        final String type = string(o, "type");
        final TraceEvent event;
        try
        {
            event = switch (type)
            {
                case "join" -> join(o, t);
                case "leave" -> new TraceEvent.Leave(t, connectedWorker(o), reason(o));
                case "drain" -> new TraceEvent.Drain(t, connectedWorker(o));
                case "capacity" -> new TraceEvent.Capacity(t, connectedWorker(o),
                    (int)number(o, "capacity", 1, WorkerSpec.MAX_CAPACITY));
                case "add" -> add(o, t);
                case "remove" -> remove(o, t);
                default -> throw fail(Kind.UNKNOWN_TYPE,
                    "\"" + type + "\"; expected join, leave, drain, capacity, add or remove");
            };
        }
        catch (final InvalidInputException ex)
        {
            throw fail(Kind.BAD_VALUE, ex.getMessage());
        }
        if (event instanceof TraceEvent.Leave l)
        {
            connected.remove(l.worker());
        }
        lastTime = t;
        return event;
    }

    private TraceEvent join(final JsonNode o, final long t) throws TraceFormatException
    {
        final WorkerId id = WorkerId.of(string(o, "worker"));
        if (connected.contains(id))
        {
            throw fail(Kind.INCONSISTENT, "worker " + id + " joins but is connected already");
        }
        final CapabilitySet caps = o.has("capabilities") ? CapabilitySet.of(strings(o, "capabilities")) :
            CapabilitySet.EMPTY;
        final int capacity = o.has("capacity") ? (int)number(o, "capacity", 1, WorkerSpec.MAX_CAPACITY) : 1;
        connected.add(id);
        return new TraceEvent.Join(t, new WorkerSpec(id, caps, capacity));
    }

    private TraceEvent add(final JsonNode o, final long t) throws TraceFormatException
    {
        final TaskId id = TaskId.of(string(o, "task"));
        if (!tasks.add(id))
        {
            throw fail(Kind.INCONSISTENT, "task " + id + " is added but exists already");
        }
        final CapabilitySet requires = o.has("requires") ? CapabilitySet.of(strings(o, "requires")) :
            CapabilitySet.EMPTY;
        final int weight = o.has("weight") ? (int)number(o, "weight", 1, TaskSpec.MAX_WEIGHT) : 1;
        return new TraceEvent.Add(t, new TaskSpec(id, requires, weight));
    }

    private TraceEvent remove(final JsonNode o, final long t) throws TraceFormatException
    {
        final TaskId id = TaskId.of(string(o, "task"));
        if (!tasks.remove(id))
        {
            throw fail(Kind.INCONSISTENT, "task " + id + " is removed but was not added");
        }
        return new TraceEvent.Remove(t, id);
    }

    private WorkerId connectedWorker(final JsonNode o) throws TraceFormatException
    {
        final WorkerId id = WorkerId.of(string(o, "worker"));
        if (!connected.contains(id))
        {
            throw fail(Kind.INCONSISTENT, "worker " + id + " is not connected at this point");
        }
        return id;
    }

    private LeaveReason reason(final JsonNode o) throws TraceFormatException
    {
        final String name = string(o, "reason");
        for (final LeaveReason r : LeaveReason.values())
        {
            if (TraceWriter.reasonName(r).equals(name.toLowerCase(Locale.ROOT)))
            {
                return r;
            }
        }
        throw fail(Kind.BAD_VALUE, "reason \"" + name + "\"; expected deregistered, session-closed or session-timeout");
    }

    private String string(final JsonNode o, final String field) throws TraceFormatException
    {
        final JsonNode v = o.get(field);
        if (null == v || v.isNull())
        {
            throw fail(Kind.MISSING_FIELD, "\"" + field + "\"");
        }
        if (!v.isTextual())
        {
            throw fail(Kind.BAD_VALUE, "\"" + field + "\" must be a string, not " + v);
        }
        return v.asText();
    }

    private List<String> strings(final JsonNode o, final String field) throws TraceFormatException
    {
        final JsonNode v = o.get(field);
        if (!v.isArray())
        {
            throw fail(Kind.BAD_VALUE, "\"" + field + "\" must be an array of strings, not " + v);
        }
        final List<String> out = new ArrayList<>();
        for (final JsonNode e : v)
        {
            if (!e.isTextual())
            {
                throw fail(Kind.BAD_VALUE, "\"" + field + "\" must be an array of strings; found " + e);
            }
            out.add(e.asText());
        }
        return out;
    }

    private long number(final JsonNode o, final String field, final long min, final long max)
        throws TraceFormatException
    {
        final JsonNode v = o.get(field);
        if (null == v || v.isNull())
        {
            throw fail(Kind.MISSING_FIELD, "\"" + field + "\"");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong())
        {
            throw fail(Kind.BAD_VALUE, "\"" + field + "\" must be a whole number, not " + v);
        }
        final long n = v.asLong();
        if (n < min || n > max)
        {
            throw fail(Kind.BAD_VALUE, "\"" + field + "\" " + n + " outside " + min + ".." + max);
        }
        return n;
    }

    private TraceFormatException fail(final Kind kind, final String detail)
    {
        return new TraceFormatException(line, kind, detail);
    }
}
