package io.resilientgateways.lab.trace;

import java.util.List;

/**
 * A membership history: a header and events in time order. Immutable.
 *
 * @param header the first line.
 * @param events the rest, time never decreasing.
 */
public record Trace(TraceHeader header, List<TraceEvent> events)
{
    /**
     * Copies the events.
     */
    public Trace
    {
        events = List.copyOf(events);
    }

    /**
     * @return the time of the last event, 0 when there is none.
     */
    public long duration()
    {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).time();
    }
}
