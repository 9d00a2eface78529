package io.resilientgateways.lab;

import java.util.List;

/**
 * What one strategy did over one trace. Everything except {@link #timing()} is a deterministic function of the trace,
 * the strategy and the {@link LabSettings}. Loads are per unit of capacity; "spread" is max - min of that over the
 * eligible workers (for equal capacities and weight-1 tasks: max - min tasks).
 *
 * @param label                   the contender's label.
 * @param policy                  the policy's name and version, e.g. {@code sticky/v1}.
 * @param changes                 trace events that can move tasks (joins, leaves, drains, capacity changes,
 *                                removals).
 * @param moves                   tasks that changed owner (a first placement is not a move).
 * @param minimumMoves            the sum over events of the fewest moves that reach a balanced assignment (every
 *                                eligible worker at floor or ceil of its capacity share); -1 when the trace has
 *                                weights or capabilities that make it undefined here.
 * @param forcedMoves             moves away from a worker that had left.
 * @param flaps                   moves that returned a task to a worker that held it within the flap window.
 * @param worstSettledSpread      the largest spread seen when an event had settled.
 * @param worstSettledMaxOverMean the largest max/mean load seen when an event had settled.
 * @param finalSpread             spread at the end.
 * @param finalMaxOverMean        max/mean load at the end.
 * @param peakPending             most tasks pending (no eligible capable worker) at once.
 * @param pendingAtEnd            tasks pending at the end.
 * @param dark                    dark times.
 * @param epochs                  epochs issued (the engine's last epoch).
 * @param settle                  time and rounds to settle after each change.
 * @param rejectedInputs          trace inputs the engine refused (0 for a consistent trace).
 * @param staleAcks               acknowledgements the engine refused as stale (a task moved again before it was
 *                                acknowledged).
 * @param finished                false if the replay was cut off while the engine was still moving tasks.
 * @param series                  the sampled time series.
 * @param perEvent                one point per change.
 * @param timing                  wall-clock cost of the engine inputs (not deterministic).
 */
public record StrategyResult(
    String label,
    String policy,
    int changes,
    long moves,
    long minimumMoves,
    long forcedMoves,
    long flaps,
    double worstSettledSpread,
    double worstSettledMaxOverMean,
    double finalSpread,
    double finalMaxOverMean,
    int peakPending,
    int pendingAtEnd,
    Dark dark,
    long epochs,
    Settle settle,
    long rejectedInputs,
    long staleAcks,
    boolean finished,
    Series series,
    List<EventPoint> perEvent,
    Timing timing)
{
    /**
     * @return moves per change, 0 when there was none.
     */
    public double movesPerChange()
    {
        return 0 == changes ? 0 : (double)moves / changes;
    }

    /**
     * @return true if the trace defines a minimum (every task can run on every worker and weighs 1).
     */
    public boolean hasMinimum()
    {
        return minimumMoves >= 0;
    }

    /**
     * @return moves above the minimum (negative: fewer moves than balance needs, so the load was left uneven); 0 when
     * the minimum is undefined.
     */
    public long excessMoves()
    {
        return hasMinimum() ? moves - minimumMoves : 0;
    }

    /**
     * Dark time: from a task's revoke (close directive, or its owner's departure) until a worker acknowledged opening
     * it again. A task removed meanwhile is not counted.
     *
     * @param count      dark spells that ended.
     * @param p50Ms      median length.
     * @param p99Ms      99th percentile.
     * @param maxMs      longest.
     * @param peakAtOnce most tasks dark at the same time.
     * @param darkAtEnd  tasks still dark at the end.
     * @param cdfMs      lengths at up to 200 evenly spaced ranks (ascending), for the CDF plot.
     * @param cdfShare   the share of spells at most that long.
     */
    public record Dark(
        long count, long p50Ms, long p99Ms, long maxMs, int peakAtOnce, int darkAtEnd, long[] cdfMs, double[] cdfShare)
    {
    }

    /**
     * Settling: an event has settled when no directive is outstanding and no task is dark. Rounds are the engine
     * inputs, from the event on, that moved at least one task.
     *
     * @param settled   changes that settled before the next one.
     * @param unsettled changes the next one interrupted (or the end of the trace).
     * @param p50Ms     median time to settle, over the settled ones.
     * @param maxMs     longest.
     * @param maxRounds most rounds one change took.
     * @param rounds    rounds over the trace.
     */
    public record Settle(int settled, int unsettled, long p50Ms, long maxMs, int maxRounds, long rounds)
    {
    }

    /**
     * The sampled series, one column per sample time.
     *
     * @param time            sample times, ms.
     * @param workers         every worker of the trace, sorted.
     * @param open            per worker, the tasks it had open at each sample; -1 while it was not connected.
     * @param cumulativeMoves moves so far.
     * @param pending         tasks pending.
     * @param dark            tasks dark.
     * @param spread          spread of the target assignment.
     */
    public record Series(
        long[] time, List<String> workers, int[][] open, long[] cumulativeMoves, int[] pending, int[] dark,
        double[] spread)
    {
    }

    /**
     * One change and its consequences.
     *
     * @param time     when it happened, ms.
     * @param what     e.g. {@code "leave gw-02 (session-closed)"}.
     * @param moves    moves attributed to it (until the next change).
     * @param minimum  the fewest moves it needed, -1 if undefined.
     * @param settleMs time to settle, -1 if it did not before the next change.
     * @param rounds   rounds it took.
     * @param spread   spread when it settled (or when the next change came).
     */
    public record EventPoint(long time, String what, long moves, long minimum, long settleMs, int rounds, double spread)
    {
    }

    /**
     * Wall-clock time spent in the engine's inputs (policy decisions included). Not deterministic; reported apart.
     *
     * @param inputs     engine inputs made.
     * @param totalNanos their total.
     * @param p50Nanos   median.
     * @param p99Nanos   99th percentile.
     * @param maxNanos   the slowest.
     */
    public record Timing(long inputs, long totalNanos, long p50Nanos, long p99Nanos, long maxNanos)
    {
    }
}
