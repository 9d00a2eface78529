package io.resilientgateways.core;

import io.resilientgateways.core.spi.DirectiveSink;
import io.resilientgateways.core.spi.Timers;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Records directives and timers as text lines, in order, for assertions and determinism checks.
 */
public final class RecordingSink implements DirectiveSink, Timers
{
    public final List<String> directives = new ArrayList<>();
    public final TreeMap<Long, Long> timers = new TreeMap<>();
    private final boolean handles;

    public RecordingSink()
    {
        this(false);
    }

    /**
     * @param handles also record each directive's task handle ({@code #handle} after the task).
     */
    public RecordingSink(final boolean handles)
    {
        this.handles = handles;
    }

    @Override
    public void open(final WorkerId worker, final TaskId task, final long epoch)
    {
        directives.add("open " + worker + " " + task + " " + epoch);
    }

    @Override
    public void close(final WorkerId worker, final TaskId task, final long epoch)
    {
        directives.add("close " + worker + " " + task + " " + epoch);
    }

    @Override
    public void open(final WorkerId worker, final TaskId task, final int handle, final long epoch)
    {
        if (handles)
        {
            directives.add("open " + worker + " " + task + " #" + handle + " " + epoch);
        }
        else
        {
            open(worker, task, epoch);
        }
    }

    @Override
    public void close(final WorkerId worker, final TaskId task, final int handle, final long epoch)
    {
        if (handles)
        {
            directives.add("close " + worker + " " + task + " #" + handle + " " + epoch);
        }
        else
        {
            close(worker, task, epoch);
        }
    }

    @Override
    public void schedule(final long correlationId, final long deadline)
    {
        directives.add("schedule " + correlationId + " " + deadline);
        timers.put(correlationId, deadline);
    }

    @Override
    public void cancel(final long correlationId)
    {
        directives.add("cancel " + correlationId);
        timers.remove(correlationId);
    }

    public List<String> drain()
    {
        final List<String> out = new ArrayList<>(directives);
        directives.clear();
        return out;
    }
}
