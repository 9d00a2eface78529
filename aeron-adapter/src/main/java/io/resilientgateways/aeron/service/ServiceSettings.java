package io.resilientgateways.aeron.service;

import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.spi.RebalancePolicy;

import java.util.Arrays;

/**
 * The settings in force, as replicated state: the policy's name and version, the engine's settings, the epoch floor,
 * and how many changes came through the log (0: the nodes' configured settings), when and by whom the last one.
 * Written to the snapshot ({@code SnapshotSettings}) and answered to {@code QuerySettings}.
 */
final class ServiceSettings
{
    static final int GRACE_PERIOD = 0;
    static final int HANDOFF_TIMEOUT = 1;
    static final int REBALANCE_DELAY = 2;
    static final int RELEASE_BACKOFF = 3;
    static final int MAX_MOVES_PER_ROUND = 4;
    static final int HISTORY_CAPACITY = 5;
    static final int MAX_WORKERS = 6;
    static final int MAX_TASKS = 7;
    static final int COUNT = 8;
    /** A value of a change that keeps the setting as it is. */
    static final long KEEP = -1;

    String policy = "";
    int policyVersion;
    final long[] values = new long[COUNT];
    long epochFloor;
    long changes;
    long changedAt = -1;
    String changedBy = "";

    void set(final RebalancePolicy policy, final BalancerConfig config)
    {
        this.policy = policy.name();
        this.policyVersion = policy.version();
        read(config, values);
    }

    static void read(final BalancerConfig config, final long[] into)
    {
        into[GRACE_PERIOD] = config.gracePeriod();
        into[HANDOFF_TIMEOUT] = config.handoffTimeout();
        into[REBALANCE_DELAY] = config.rebalanceDelay();
        into[RELEASE_BACKOFF] = config.releaseBackoff();
        into[MAX_MOVES_PER_ROUND] = config.maxMovesPerRound();
        into[HISTORY_CAPACITY] = config.historyCapacity();
        into[MAX_WORKERS] = config.maxWorkers();
        into[MAX_TASKS] = config.maxTasks();
    }

    /**
     * @param values settings in index order.
     * @return a config of them (not concluded).
     * @throws IllegalArgumentException if a count does not fit an int.
     */
    static BalancerConfig config(final long[] values)
    {
        return new BalancerConfig()
            .gracePeriod(values[GRACE_PERIOD])
            .handoffTimeout(values[HANDOFF_TIMEOUT])
            .rebalanceDelay(values[REBALANCE_DELAY])
            .releaseBackoff(values[RELEASE_BACKOFF])
            .maxMovesPerRound(Math.toIntExact(values[MAX_MOVES_PER_ROUND]))
            .historyCapacity(Math.toIntExact(values[HISTORY_CAPACITY]))
            .maxWorkers(Math.toIntExact(values[MAX_WORKERS]))
            .maxTasks(Math.toIntExact(values[MAX_TASKS]));
    }

    /**
     * @param change requested values, {@link #KEEP} to keep one.
     * @return the current values with the change applied.
     */
    long[] merged(final long[] change)
    {
        final long[] merged = Arrays.copyOf(values, COUNT);
        for (int i = 0; i < COUNT; i++)
        {
            if (KEEP != change[i])
            {
                merged[i] = change[i];
            }
        }
        return merged;
    }

    /**
     * @param policy a policy.
     * @param config settings.
     * @return true if they are the ones in force.
     */
    boolean matches(final RebalancePolicy policy, final BalancerConfig config)
    {
        final long[] other = new long[COUNT];
        read(config, other);
        return this.policy.equals(policy.name()) && policyVersion == policy.version() && Arrays.equals(values, other);
    }

    String describe()
    {
        return policy + " v" + policyVersion + " " + config(values);
    }
}
