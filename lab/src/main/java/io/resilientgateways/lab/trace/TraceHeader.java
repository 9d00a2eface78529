package io.resilientgateways.lab.trace;

import java.util.List;

/**
 * The first line of a trace: the format and its version, where the trace came from, the engine settings it was
 * recorded under (the lab replays with them unless told otherwise), and notes (e.g. what an export could not
 * reconstruct).
 *
 * @param version          the format version; {@link #VERSION} is the one this code writes and the newest it reads.
 * @param source           where it came from, e.g. {@code "generator rolling-restart seed=1 workers=6 tasks=300"}.
 * @param gracePeriodMs    the engine's grace period, ms.
 * @param rebalanceDelayMs the engine's rebalance delay, ms.
 * @param maxMovesPerRound the engine's per-round move limit.
 * @param notes            free text lines, in order.
 */
public record TraceHeader(
    int version, String source, long gracePeriodMs, long rebalanceDelayMs, int maxMovesPerRound, List<String> notes)
{
    /** The value of the header's {@code "format"} field. */
    public static final String FORMAT = "resilient-gateways-trace";
    /** The version this code writes, and the newest it reads. */
    public static final int VERSION = 1;

    /**
     * @throws IllegalArgumentException if a setting is out of range.
     */
    public TraceHeader
    {
        if (gracePeriodMs < 0 || rebalanceDelayMs < 0 || maxMovesPerRound < 1)
        {
            throw new IllegalArgumentException("engine settings out of range: gracePeriodMs=" + gracePeriodMs +
                " rebalanceDelayMs=" + rebalanceDelayMs + " maxMovesPerRound=" + maxMovesPerRound);
        }
        notes = List.copyOf(notes);
        source = null == source ? "" : source;
    }

    /**
     * @param source where the trace came from.
     * @return a header of the current version with the engine's default settings (no grace period, no rebalance
     * delay, 10,000 moves per round).
     */
    public static TraceHeader of(final String source)
    {
        return new TraceHeader(VERSION, source, 0, 0, 10_000, List.of());
    }

    /**
     * @param ms the grace period.
     * @return a copy with it.
     */
    public TraceHeader withGracePeriodMs(final long ms)
    {
        return new TraceHeader(version, source, ms, rebalanceDelayMs, maxMovesPerRound, notes);
    }

    /**
     * @param more notes to append.
     * @return a copy with them.
     */
    public TraceHeader withNotes(final List<String> more)
    {
        final java.util.ArrayList<String> all = new java.util.ArrayList<>(notes);
        all.addAll(more);
        return new TraceHeader(version, source, gracePeriodMs, rebalanceDelayMs, maxMovesPerRound, all);
    }
}
