package io.resilientgateways.core.sim;

import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.Cause;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's invariants over random event sequences from the simulation harness. Each try is one seed;
 * a failure prints the seed, and {@code @Property(seed = "...")} or {@code -Djqwik.seeds.whenfixed} replays it.
 * Tries: 1,000 per property by default (junit-platform.properties); a longer run:
 * {@code ./mvnw -pl core verify -Djqwik.tries.default=20000}.
 */
class SimulationProperties
{
    @Provide
    Arbitrary<Long> gracePeriods()
    {
        return Arbitraries.of(0L, 0L, 300L, 2_500L);
    }

    @Provide
    Arbitrary<Long> rebalanceDelays()
    {
        return Arbitraries.of(0L, 0L, 250L);
    }

    @Provide
    Arbitrary<Long> releaseBackoffs()
    {
        return Arbitraries.of(0L, 300L, BalancerConfig.Defaults.RELEASE_BACKOFF);
    }

    private static SimOptions options(final long seed, final long grace, final long delay)
    {
        final SimOptions options = SimOptions.seeded(seed).gracePeriod(grace).rebalanceDelay(delay);
        options.checkRejectionsLeaveStateUnchanged = false;
        return options;
    }

    /** (a) At no step do two simulated workers hold the same task (checked after every event). */
    @Property(shrinking = ShrinkingMode.OFF)
    void noTaskIsEverHeldByTwoWorkers(
        @ForAll final long seed,
        @ForAll("gracePeriods") final long grace,
        @ForAll("rebalanceDelays") final long delay)
    {
        final Simulation sim = new Simulation(options(seed, grace, delay)).run();
        Statistics.collect(sim.balancer().taskCount() > 0 ? "has tasks" : "no tasks");
    }

    /**
     * (b) Once inputs stop, every task with a capable eligible worker is OPEN, acked, and held by its owner, also
     * after workers released tasks (and released ones wait out their backoff).
     */
    @Property(shrinking = ShrinkingMode.OFF)
    void settlesWithEveryPlaceableTaskOpen(
        @ForAll final long seed,
        @ForAll("gracePeriods") final long grace,
        @ForAll("rebalanceDelays") final long delay,
        @ForAll("releaseBackoffs") final long backoff)
    {
        final Simulation sim = new Simulation(options(seed, grace, delay).releaseBackoff(backoff)).run();
        sim.assertSettled();
        Statistics.label("releases").collect(sim.releases() > 0 ? "some released" : "none released");
    }

    /** (c) Tasks are only ever sent to, and held by, workers with every required capability. */
    @Property(shrinking = ShrinkingMode.OFF)
    void tasksOnlyOnCapableWorkers(@ForAll final long seed, @ForAll("gracePeriods") final long grace)
    {
        final Simulation sim = new Simulation(options(seed, grace, 0)).run();
        for (final var a : sim.balancer().assignments())
        {
            if (null != a.owner() && null != sim.balancer().worker(a.owner()))
            {
                assertThat(sim.balancer().worker(a.owner()).capabilities()
                    .containsAll(sim.balancer().view().task(a.task()).requires())).as(a.toString()).isTrue();
            }
        }
    }

    /** (d) The same sequence gives the identical directive stream and snapshot bytes. */
    @Property(shrinking = ShrinkingMode.OFF)
    void sameInputsSameOutputs(@ForAll final long seed, @ForAll("gracePeriods") final long grace)
    {
        final Simulation first = new Simulation(options(seed, grace, 0)).run();
        final Simulation second = new Simulation(options(seed, grace, 0)).run();
        assertThat(second.trace()).isEqualTo(first.trace());
        assertThat(second.snapshot()).isEqualTo(first.snapshot());
    }

    /** (e) Snapshot at any step, restore, continue: the same outcome as without. */
    @Property(shrinking = ShrinkingMode.OFF)
    void snapshotRestoreContinueIsInvisible(
        @ForAll final long seed,
        @ForAll("gracePeriods") final long grace,
        @ForAll("rebalanceDelays") final long delay,
        @ForAll("releaseBackoffs") final long backoff,
        @ForAll final double where)
    {
        final Simulation plain = new Simulation(options(seed, grace, delay).releaseBackoff(backoff)).run();
        final int at = 1 + (int)(Math.abs(where) % 1.0 * plain.inputs());
        final Simulation restored = new Simulation(options(seed, grace, delay).releaseBackoff(backoff)
            .restoreAt(at)).run();
        assertThat(restored.trace()).isEqualTo(plain.trace());
        assertThat(restored.snapshot()).isEqualTo(plain.snapshot());
    }

    /** (f) Epochs strictly increase per task (and overall): checked on every open directive. */
    @Property(shrinking = ShrinkingMode.OFF)
    void epochsStrictlyIncrease(@ForAll final long seed, @ForAll("gracePeriods") final long grace)
    {
        final Simulation sim = new Simulation(options(seed, grace, 0)).run();
        long previous = 0;
        for (final var t : sim.balancer().history())
        {
            if (t.to() == io.resilientgateways.core.TaskStatus.OPENING && t.from() != t.to())
            {
                assertThat(t.epoch()).isGreaterThan(previous);
                previous = t.epoch();
            }
        }
    }

    /** (g) Every rejected input leaves the snapshot bytes unchanged (compared around every input). */
    @Property(shrinking = ShrinkingMode.OFF)
    void rejectedInputsChangeNothing(@ForAll final long seed, @ForAll("gracePeriods") final long grace)
    {
        final SimOptions options = options(seed, grace, 0);
        options.checkRejectionsLeaveStateUnchanged = true;
        final Simulation sim = new Simulation(options).run();
        Statistics.collect(sim.rejections() > 0 ? "some rejected" : "none rejected");
    }

    /** The chaos really exercises releases: accepted ones, placements elsewhere, and retries after a backoff. */
    @Example
    void workersReleaseTasksAndTheEnginePlacesThemAgain()
    {
        int releases = 0;
        int released = 0;
        int retried = 0;
        for (long seed = 1; seed <= 50; seed++)
        {
            final Simulation sim = new Simulation(options(seed, 0, 0)).run();
            releases += sim.releases();
            for (final var t : sim.balancer().history())
            {
                released += t.cause() == Cause.TASK_RELEASED ? 1 : 0;
                retried += t.cause() == Cause.RELEASE_RETRY ? 1 : 0;
            }
        }
        assertThat(releases).isPositive();
        assertThat(released).isPositive();
        assertThat(retried).isPositive();
    }

    /**
     * The chaos really exercises detaches: workers that resume holding their tasks, workers that fenced and get
     * their tasks again under new epochs, and reconnect windows that run out.
     */
    @Example
    void detachedWorkersResumeReattachFencedOrAreLetGo()
    {
        int detached = 0;
        int held = 0;
        int fenced = 0;
        int windowEnded = 0;
        int regranted = 0;
        for (long seed = 1; seed <= 50; seed++)
        {
            final Simulation sim = new Simulation(options(seed, seed % 2 == 0 ? 0 : 2_500, 0)).run();
            for (final String line : sim.trace())
            {
                detached += line.matches("\\d+ detach w\\d+ -> ok") ? 1 : 0;
                held += line.matches("\\d+ reattach w\\d+#\\d+ held -> ok") ? 1 : 0;
                fenced += line.matches("\\d+ reattach w\\d+#\\d+ fenced -> ok") ? 1 : 0;
                windowEnded += line.matches("\\d+ left w\\d+ reconnect window -> ok") ? 1 : 0;
            }
            for (final var t : sim.balancer().history())
            {
                regranted += t.cause() == Cause.WORKER_REATTACHED ? 1 : 0;
            }
        }
        assertThat(detached).isPositive();
        assertThat(held).isPositive();
        assertThat(fenced).isPositive();
        assertThat(windowEnded).isPositive();
        assertThat(regranted).isPositive();
        Statistics.collect(detached, held, fenced, windowEnded, regranted);
    }
}
