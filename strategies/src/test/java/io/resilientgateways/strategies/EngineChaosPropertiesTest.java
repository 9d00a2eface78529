package io.resilientgateways.strategies;

import io.resilientgateways.core.sim.SimOptions;
import io.resilientgateways.core.sim.Simulation;
import io.resilientgateways.core.spi.RebalancePolicy;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shipped strategy inside the real engine, under core's chaos simulation (crashes, partitions with lease
 * fencing, deregistrations, restarts, drains, admin moves and removals, bad inputs): no task is ever held by two
 * workers, everything placeable ends OPEN on its holder, and snapshot-restore at a random input is invisible.
 * 1,000 tries each in the normal build; the seed is in the failure message.
 */
class EngineChaosPropertiesTest
{
    @Provide
    Arbitrary<String> strategies()
    {
        return Arbitraries.of("sticky", "least-loaded", "round-robin", "consistent-hash", "consistent-hash-bounded");
    }

    private static Supplier<RebalancePolicy> policy(final String name)
    {
        return switch (name)
        {
            case "sticky" -> Strategies::sticky;
            case "least-loaded" -> Strategies::leastLoaded;
            case "round-robin" -> Strategies::roundRobin;
            case "consistent-hash" -> Strategies::consistentHash;
            default -> () -> Strategies.consistentHash(new ConsistentHashOptions().boundedLoad(0.25));
        };
    }

    private static SimOptions options(final long seed, final String strategy, final long grace)
    {
        final SimOptions options = SimOptions.seeded(seed).gracePeriod(grace);
        options.policy = policy(strategy);
        options.checkRejectionsLeaveStateUnchanged = false;
        return options;
    }

    @Property(shrinking = ShrinkingMode.OFF)
    void invariantsHoldAndEverythingSettles(
        @ForAll final long seed, @ForAll("strategies") final String strategy, @ForAll final boolean grace)
    {
        new Simulation(options(seed, strategy, grace ? 300 : 0)).run().assertSettled();
    }

    @Property(shrinking = ShrinkingMode.OFF, tries = 300)
    void snapshotRestoreIsInvisible(
        @ForAll final long seed, @ForAll("strategies") final String strategy, @ForAll final double where)
    {
        final Simulation plain = new Simulation(options(seed, strategy, 0)).run();
        final int at = 1 + (int)(Math.abs(where) % 1.0 * plain.inputs());
        final Simulation restored = new Simulation(options(seed, strategy, 0).restoreAt(at)).run();
        assertThat(restored.trace()).isEqualTo(plain.trace());
        assertThat(restored.snapshot()).isEqualTo(plain.snapshot());
    }
}
