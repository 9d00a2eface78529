package io.resilientgateways.core.sim;

import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.BasicPolicy;
import io.resilientgateways.core.spi.RebalancePolicy;

import java.util.function.Supplier;

/**
 * Settings of one {@link Simulation} run. Everything random derives from {@link #seed}.
 */
public final class SimOptions
{
    public long seed;
    public int workers = 6;
    public int tasks = 20;
    public int actions = 60;
    public long actionSpacing = 150;
    public long sessionTimeout = 1_000;
    public long fenceMargin = 200;
    public long keepaliveInterval = 100;
    public long registerRetry = 100;
    public long maxNetworkDelay = 20;
    public long maxAckDelay = 50;
    public long maxPartition = 1_500;
    public String[] capabilityPool = {"A", "B"};
    public boolean injectBadInputs = true;
    /** Percent of open directives a worker answers with a release (its connect failed) while actions run. */
    public int releaseOpenPercent = 5;
    /** Percent of scripted actions in which a worker releases a task it holds open (its connection broke). */
    public int releaseHeldPercent = 5;
    /**
     * Percent of scripted actions in which the cluster detaches a worker's session (restart reconnect window) and
     * the worker reconnects later, resuming with its tasks or fenced.
     */
    public int detachPercent = 4;
    public boolean checkRejectionsLeaveStateUnchanged = true;
    /** After this many engine inputs, replace the engine by one restored from its snapshot; -1 never. */
    public int restoreAtInput = -1;
    public Supplier<RebalancePolicy> policy = BasicPolicy::new;
    public Supplier<BalancerConfig> config = () -> new BalancerConfig()
        .handoffTimeout(400)
        .maxMovesPerRound(3);

    public static SimOptions seeded(final long seed)
    {
        final SimOptions options = new SimOptions();
        options.seed = seed;
        return options;
    }

    public SimOptions gracePeriod(final long gracePeriod)
    {
        final Supplier<BalancerConfig> base = config;
        config = () -> base.get().gracePeriod(gracePeriod);
        return this;
    }

    public SimOptions rebalanceDelay(final long delay)
    {
        final Supplier<BalancerConfig> base = config;
        config = () -> base.get().rebalanceDelay(delay);
        return this;
    }

    public SimOptions releaseBackoff(final long backoff)
    {
        final Supplier<BalancerConfig> base = config;
        config = () -> base.get().releaseBackoff(backoff);
        return this;
    }

    public SimOptions restoreAt(final int input)
    {
        restoreAtInput = input;
        return this;
    }

    /**
     * @return how long to run after the last scripted action so every consequence settles.
     */
    long settleTime()
    {
        return 4 * sessionTimeout + 2 * maxPartition + 2_000 + config.get().conclude().gracePeriod() +
            config.get().conclude().rebalanceDelay() + config.get().conclude().releaseBackoff();
    }
}
