package io.resilientgateways.lab;

import io.resilientgateways.lab.trace.Trace;

import java.util.ArrayList;
import java.util.List;

/**
 * Replays a trace through strategies in the real engine and collects what each did.
 * <pre>{@code
 * Trace trace = Generators.generate(Generators.Shape.ROLLING_RESTART, 6, 300, 1);
 * LabReport report = Lab.run(trace, Contender.shipped(), LabSettings.defaults(), Lab.Progress.NONE);
 * System.out.print(Reports.table(report));
 * }</pre>
 * Each strategy gets a fresh engine and policy; the replay of one strategy is deterministic (see {@link
 * LabSettings}), apart from the wall-clock timings reported in {@link StrategyResult#timing()}. Not thread-safe.
 */
public final class Lab
{
    /** Told how far a replay got. */
    @FunctionalInterface
    public interface Progress
    {
        /** Tells nothing. */
        Progress NONE = (label, done) ->
        {
        };

        /**
         * @param label the strategy being replayed.
         * @param done  the share of the trace's events replayed, 0 to 1, in steps of about a tenth.
         */
        void onProgress(String label, double done);
    }

    private Lab()
    {
    }

    /**
     * @param trace       the history.
     * @param contenders  the strategies, in report order.
     * @param settings    acknowledgement delays, seed, flap window, samples.
     * @param progress    told after each tenth of the events, per strategy.
     * @return the report.
     * @throws IllegalArgumentException if there is no contender.
     */
    public static LabReport run(
        final Trace trace, final List<Contender> contenders, final LabSettings settings, final Progress progress)
    {
        if (contenders.isEmpty())
        {
            throw new IllegalArgumentException("no strategy to replay");
        }
        final List<StrategyResult> results = new ArrayList<>();
        for (final Contender c : contenders)
        {
            results.add(new Replay(trace, c, settings).run((done) -> progress.onProgress(c.label(), done)));
        }
        return new LabReport(trace.header(), trace.events().size(), trace.duration(), settings, results);
    }
}
