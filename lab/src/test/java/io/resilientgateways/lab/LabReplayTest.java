package io.resilientgateways.lab;

import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;
import io.resilientgateways.lab.trace.Generators;
import io.resilientgateways.lab.trace.Generators.Shape;
import io.resilientgateways.lab.trace.Trace;
import io.resilientgateways.lab.trace.TraceEvent;
import io.resilientgateways.lab.trace.TraceHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LabReplayTest
{
    private static final LabSettings SETTINGS = LabSettings.defaults();

    @Test
    void sameTraceSameReportBytesApartFromTimings()
    {
        final Trace trace = Generators.generate(Shape.CRASH_STORM, 6, 120, 7);
        final LabReport a = Lab.run(trace, Contender.shipped(), SETTINGS, Lab.Progress.NONE);
        final LabReport b = Lab.run(trace, Contender.shipped(), SETTINGS, Lab.Progress.NONE);

        assertThat(Reports.json(b, false)).isEqualTo(Reports.json(a, false));
        assertThat(Reports.csv(b, false)).isEqualTo(Reports.csv(a, false));
        assertThat(Reports.table(b, false)).isEqualTo(Reports.table(a, false));
        assertThat(HtmlReport.render(b, false)).isEqualTo(HtmlReport.render(a, false));
        // the timings are the only part left out, and they are there when asked for
        assertThat(Reports.json(a, true)).contains("\"timing\"").contains("\"totalNanos\"");
        assertThat(Reports.json(a, false)).doesNotContain("timing").doesNotContain("Nanos");
        // another ack-delay seed gives another replay (the delays do matter)
        final LabReport c = Lab.run(trace, Contender.shipped(), SETTINGS.withSeed(2), Lab.Progress.NONE);
        assertThat(Reports.json(c, false)).isNotEqualTo(Reports.json(a, false));
    }

    @ParameterizedTest
    @EnumSource(value = Shape.class, names = {"COLD_START", "ROLLING_RESTART", "ROLLING_RESTART_GRACE", "CRASH_STORM",
        "FLAPPING_WORKER", "SCALE_OUT_IN", "ZONE_LOSS", "PARTY_CHURN"})
    void stickyMovesExactlyTheMinimumOnUniformTraces(final Shape shape)
    {
        final StrategyResult sticky = run(Generators.generate(shape, 6, 120, 11), "sticky");

        assertThat(sticky.minimumMoves()).isNotNegative();
        assertThat(sticky.moves()).as("sticky on %s", shape).isEqualTo(sticky.minimumMoves());
        if (shape != Shape.ROLLING_RESTART_GRACE && shape != Shape.PARTY_CHURN) // these need no move at all
        {
            assertThat(sticky.minimumMoves()).isPositive();
        }
        assertThat(sticky.worstSettledSpread()).isLessThanOrEqualTo(1.0);
        assertThat(sticky.rejectedInputs()).isZero();
        assertThat(sticky.finished()).isTrue();
    }

    @Test
    void roundRobinMovesFarMoreThanTheMinimum()
    {
        final StrategyResult rr = run(Generators.generate(Shape.ROLLING_RESTART, 6, 120, 11), "round-robin");
        assertThat(rr.excessMoves()).isGreaterThan(rr.minimumMoves());
    }

    @Test
    void theMinimumOfAJoinIsTheSurplusOverTheNewShares()
    {
        // 3 workers hold 3 tasks each; a 4th joins: shares 3,2,2,2 -> two tasks must move, and sticky moves two
        final List<TraceEvent> events = new ArrayList<>();
        for (int w = 1; w <= 3; w++)
        {
            events.add(new TraceEvent.Join(0, WorkerSpec.of("gw-" + w)));
        }
        for (int i = 1; i <= 9; i++)
        {
            events.add(new TraceEvent.Add(0, TaskSpec.of("T-" + i)));
        }
        events.add(new TraceEvent.Join(1_000, WorkerSpec.of("gw-4")));
        final StrategyResult sticky = run(new Trace(TraceHeader.of("join"), events), "sticky");

        final StrategyResult.EventPoint join = sticky.perEvent().get(sticky.perEvent().size() - 1);
        assertThat(join.what()).isEqualTo("join gw-4");
        assertThat(join.minimum()).isEqualTo(2);
        assertThat(join.moves()).isEqualTo(2);
        assertThat(join.settleMs()).isBetween(2L, 60L); // one close ack (1-10 ms) then one open ack (5-50 ms)
        assertThat(join.rounds()).isEqualTo(1);
    }

    @Test
    void aMoveLimitSpreadsAJoinOverRoundsWithoutExtraMoves()
    {
        // 2 workers hold 10 tasks each; a 3rd joins and needs 6 (20 / 3 -> 7, 7, 6); at most 2 moves per round
        final List<TraceEvent> events = new ArrayList<>();
        events.add(new TraceEvent.Join(0, WorkerSpec.of("gw-1")));
        events.add(new TraceEvent.Join(0, WorkerSpec.of("gw-2")));
        for (int i = 1; i <= 20; i++)
        {
            events.add(new TraceEvent.Add(0, TaskSpec.of(String.format("T-%02d", i))));
        }
        events.add(new TraceEvent.Join(1_000, WorkerSpec.of("gw-3")));
        final TraceHeader limited = new TraceHeader(TraceHeader.VERSION, "limited", 0, 0, 2, List.of());
        final StrategyResult sticky = run(new Trace(limited, events), "sticky");

        final StrategyResult.EventPoint join = sticky.perEvent().get(sticky.perEvent().size() - 1);
        assertThat(join.minimum()).isEqualTo(6);
        assertThat(join.moves()).isEqualTo(6);
        assertThat(join.rounds()).isEqualTo(3);
        assertThat(sticky.settle().maxRounds()).isEqualTo(3);
    }

    @Test
    void aCapacityChangeIsReplayedAsARestartWithTheNewCapacity()
    {
        // 3 workers hold 10 tasks each; gw-1 doubles its capacity: shares 15, 8, 7 -> the minimum is 5 moves
        final List<TraceEvent> events = new ArrayList<>();
        for (int w = 1; w <= 3; w++)
        {
            events.add(new TraceEvent.Join(0, WorkerSpec.of("gw-" + w)));
        }
        for (int i = 1; i <= 30; i++)
        {
            events.add(new TraceEvent.Add(0, TaskSpec.of(String.format("T-%02d", i))));
        }
        events.add(new TraceEvent.Capacity(1_000, WorkerId.of("gw-1"), 2));
        final Trace noGrace = new Trace(TraceHeader.of("capacity"), events);
        final Trace grace = new Trace(TraceHeader.of("capacity").withGracePeriodMs(5_000), events);

        for (final StrategyResult r : List.of(run(noGrace, "sticky"), run(grace, "sticky")))
        {
            final int[] gw1 = r.series().open()[r.series().workers().indexOf("gw-1")];
            assertThat(gw1[gw1.length - 1]).isEqualTo(15);
            assertThat(r.rejectedInputs()).isZero();
            assertThat(r.minimumMoves()).isEqualTo(5);
        }
        // without a grace period the restart sends gw-1's 10 tasks away and 15 back: the engine has no capacity input
        assertThat(run(noGrace, "sticky").moves()).isEqualTo(25);
        // with one, gw-1 gets its own 10 back and takes 5 more: the minimum
        assertThat(run(grace, "sticky").moves()).isEqualTo(5);
    }

    @Test
    void consistentHashMovesAboutOneInMOnAJoinAllToTheJoiner()
    {
        final int workers = 10;
        final int tasks = 2_000;
        final List<TraceEvent> events = new ArrayList<>();
        for (int w = 1; w <= workers; w++)
        {
            events.add(new TraceEvent.Join(0, WorkerSpec.of(String.format("gw-%02d", w))));
        }
        for (int i = 1; i <= tasks; i++)
        {
            events.add(new TraceEvent.Add(0, TaskSpec.of("PARTY-" + i)));
        }
        events.add(new TraceEvent.Join(1_000, WorkerSpec.of("gw-11")));
        final StrategyResult ch = run(new Trace(TraceHeader.of("join"), events), "consistent-hash");

        final StrategyResult.EventPoint join = ch.perEvent().get(ch.perEvent().size() - 1);
        final double expected = tasks / (workers + 1.0);
        assertThat((double)join.moves()).isBetween(0.6 * expected, 1.4 * expected);
        final int[] joiner = ch.series().open()[ch.series().workers().indexOf("gw-11")];
        assertThat((long)joiner[joiner.length - 1]).as("every move went to the joiner").isEqualTo(join.moves());
    }

    @Test
    void gracePeriodTradesDarkTimeForMoves()
    {
        final StrategyResult without = run(Generators.generate(Shape.ROLLING_RESTART, 6, 120, 5), "sticky");
        final StrategyResult with = run(Generators.generate(Shape.ROLLING_RESTART_GRACE, 6, 120, 5), "sticky");

        assertThat(with.moves()).isZero(); // every restart is back within the grace period and keeps its tasks
        assertThat(without.moves()).isEqualTo(without.minimumMoves()).isPositive();
        assertThat(with.dark().p50Ms()).as("dark until the worker is back").isGreaterThanOrEqualTo(1_500);
        assertThat(without.dark().p99Ms()).as("dark for one open ack").isLessThanOrEqualTo(60);
    }

    @Test
    void flappingWorkerFlapsUnderConsistentHash()
    {
        final StrategyResult ch = run(Generators.generate(Shape.FLAPPING_WORKER, 6, 120, 3), "consistent-hash");
        // the flapping worker's tasks leave it and come back, ten times: after the first departure, every move (back
        // to the flapper, or away to the owner it had a few seconds ago) returns a task to a recent owner
        final long firstDeparture = ch.perEvent().stream().filter((p) -> p.what().startsWith("leave")).findFirst()
            .orElseThrow().moves();
        assertThat(firstDeparture).isPositive();
        assertThat(ch.flaps()).isEqualTo(ch.moves() - firstDeparture);
        final StrategyResult sticky = run(Generators.generate(Shape.FLAPPING_WORKER, 6, 120, 3), "sticky");
        assertThat(sticky.flaps()).isPositive(); // sticky churns the same tasks too: it keeps no memory of past owners
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void everyShapeReplaysCleanlyThroughEveryShippedStrategy(final Shape shape)
    {
        final LabReport report = Lab.run(Generators.generate(shape, 6, 60, 1), Contender.shipped(), SETTINGS,
            Lab.Progress.NONE);
        for (final StrategyResult r : report.results())
        {
            assertThat(r.rejectedInputs()).as("%s %s", shape, r.label()).isZero();
            assertThat(r.finished()).isTrue();
            assertThat(r.dark().darkAtEnd()).as("%s %s", shape, r.label()).isZero();
            assertThat(r.epochs()).isGreaterThanOrEqualTo(60);
        }
    }

    @Test
    void aDeparturePlusAFlapIsCountedOnceAndLeavesRecordTheirReason()
    {
        final List<TraceEvent> events = new ArrayList<>();
        events.add(new TraceEvent.Join(0, WorkerSpec.of("a")));
        events.add(new TraceEvent.Join(0, WorkerSpec.of("b")));
        events.add(new TraceEvent.Add(0, TaskSpec.of("T")));   // on a (lower name)
        events.add(new TraceEvent.Leave(1_000, WorkerId.of("a"), LeaveReason.SESSION_TIMEOUT)); // -> b, forced
        events.add(new TraceEvent.Join(2_000, WorkerSpec.of("a")));
        events.add(new TraceEvent.Leave(3_000, WorkerId.of("b"), LeaveReason.DEREGISTERED));   // -> a: a flap
        final StrategyResult r = run(new Trace(TraceHeader.of("flap"), events), "sticky");

        assertThat(r.moves()).isEqualTo(2);
        assertThat(r.forcedMoves()).isEqualTo(2);
        assertThat(r.flaps()).isEqualTo(1);
        assertThat(r.perEvent()).extracting(StrategyResult.EventPoint::what)
            .containsExactly("join a", "join b", "leave a (session-timeout)", "join a", "leave b (deregistered)");
    }

    private static StrategyResult run(final Trace trace, final String strategy)
    {
        return Lab.run(trace, Contender.shipped(List.of(strategy)), SETTINGS, Lab.Progress.NONE).results().get(0);
    }
}
