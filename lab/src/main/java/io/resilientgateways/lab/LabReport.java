package io.resilientgateways.lab;

import io.resilientgateways.lab.trace.TraceHeader;

import java.util.List;

/**
 * The outcome of one lab run: the trace replayed, the settings, and one result per strategy, in order.
 *
 * @param trace      the trace's header.
 * @param events     how many events it has.
 * @param durationMs the time of its last event.
 * @param settings   the lab settings.
 * @param results    one per strategy.
 */
public record LabReport(
    TraceHeader trace, int events, long durationMs, LabSettings settings, List<StrategyResult> results)
{
    /**
     * Copies the results.
     */
    public LabReport
    {
        results = List.copyOf(results);
    }
}
