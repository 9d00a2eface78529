package io.resilientgateways.aeron.service;

import io.aeron.security.AuthorisationService;
import io.resilientgateways.aeron.security.RoleAuthorisationService;
import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.strategies.Strategies;

/**
 * Settings of a {@link BalancerServiceComponent}, in the Aeron style: fluent accessors and {@link #conclude()}.
 * Every replica must use equal settings (they shape the replicated state).
 * <pre>{@code
 * BalancerServiceContext ctx = new BalancerServiceContext()
 *     .policy(Strategies.sticky())    // the default; any RebalancePolicy
 *     .sessionTimeoutMs(1_000)        // equal to the consensus module's session timeout
 *     .timerIdBase(1L << 40);         // keep clear of the host service's own timer ids
 * }</pre>
 */
public final class BalancerServiceContext
{
    /** Width of the timer correlation id range the component uses, starting at {@link #timerIdBase()}. */
    public static final long TIMER_ID_RANGE = 1L << 48;

    /** Defaults. */
    public static final class Defaults
    {
        /** Timer correlation ids start here ("RG" in the top bytes), far from small ids a host may use. */
        public static final long TIMER_ID_BASE = 0x5247_0000_0000_0000L;
        /** The consensus module's session timeout this component assumes, in milliseconds. */
        public static final long SESSION_TIMEOUT_MS = 1_000;
        /** How long a worker whose session a full cluster restart timed out keeps its tasks, in milliseconds. */
        public static final long RESTART_RECONNECT_WINDOW_MS = 10_000;
        /** Egress bytes queued per session under back pressure before the queue is dropped (the gateway resyncs). */
        public static final int MAX_QUEUED_EGRESS_BYTES = 4 * 1024 * 1024;

        private Defaults()
        {
        }
    }

    /** System property giving the default {@link #epochFloor(long)}. */
    public static final String EPOCH_FLOOR_PROP_NAME = "resilientgateways.service.epoch.floor";

    private BalancerConfig balancerConfig;
    private RebalancePolicy policy;
    private PolicyRegistry policies;
    private AuthorisationService authorisationService;
    private long timerIdBase = Defaults.TIMER_ID_BASE;
    private long sessionTimeoutMs = Defaults.SESSION_TIMEOUT_MS;
    private long restartReconnectWindowMs = Defaults.RESTART_RECONNECT_WINDOW_MS;
    private int maxQueuedEgressBytes = Defaults.MAX_QUEUED_EGRESS_BYTES;
    private long epochFloor = Long.getLong(EPOCH_FLOOR_PROP_NAME, 0);
    private boolean concluded;

    /**
     * Validate and fill defaults. Idempotent.
     *
     * @return this.
     * @throws IllegalArgumentException for an invalid value.
     */
    public BalancerServiceContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        if (null == balancerConfig)
        {
            balancerConfig = new BalancerConfig();
        }
        balancerConfig.conclude();
        if (null == policy)
        {
            policy = Strategies.sticky();
        }
        if (null == policies)
        {
            policies = PolicyRegistry.shipped();
        }
        if (null == authorisationService)
        {
            authorisationService = RoleAuthorisationService.INSTANCE;
        }
        if (timerIdBase < 0 || timerIdBase > Long.MAX_VALUE - TIMER_ID_RANGE)
        {
            throw new IllegalArgumentException("timerIdBase out of range: " + timerIdBase);
        }
        if (epochFloor < 0)
        {
            throw new IllegalArgumentException("epochFloor must be at least 0: " + epochFloor);
        }
        if (sessionTimeoutMs <= 0 || restartReconnectWindowMs < 0 || maxQueuedEgressBytes < 4096)
        {
            throw new IllegalArgumentException("invalid settings: sessionTimeoutMs=" + sessionTimeoutMs +
                " restartReconnectWindowMs=" + restartReconnectWindowMs +
                " maxQueuedEgressBytes=" + maxQueuedEgressBytes);
        }
        concluded = true;
        return this;
    }

    /**
     * Every epoch this service grants is above the floor (see {@code Balancer.raiseEpochFloor}): set it, equal on
     * every member, when a cluster starts clean after an earlier deployment whose epochs a remote side remembers
     * (e.g. the highest epoch the counterparty has seen). Applied when the service starts, before the log; a
     * snapshot carries the epochs, so the setting can stay in place across later restarts.
     *
     * @param epochFloor at least 0 (default, or the system property {@value #EPOCH_FLOOR_PROP_NAME}).
     * @return this.
     */
    public BalancerServiceContext epochFloor(final long epochFloor)
    {
        this.epochFloor = epochFloor;
        return this;
    }

    /**
     * @return the epoch floor.
     */
    public long epochFloor()
    {
        return epochFloor;
    }

    /**
     * @param balancerConfig the engine's settings.
     * @return this.
     */
    public BalancerServiceContext balancerConfig(final BalancerConfig balancerConfig)
    {
        this.balancerConfig = balancerConfig;
        return this;
    }

    /**
     * @return the engine's settings; default {@code new BalancerConfig()}.
     */
    public BalancerConfig balancerConfig()
    {
        return balancerConfig;
    }

    /**
     * @param policy the rebalance policy a new cluster starts with (e.g. one from the strategies module). Change it
     *               later through the log ({@code AdminClient.changeSettings}), not here: a snapshot taken under
     *               settings nobody changed through the log refuses to restore under others.
     * @return this.
     */
    public BalancerServiceContext policy(final RebalancePolicy policy)
    {
        this.policy = policy;
        return this;
    }

    /**
     * @return the rebalance policy; default {@link Strategies#sticky()} (the fewest moves that reach an even
     * spread; docs/strategies.md).
     */
    public RebalancePolicy policy()
    {
        return policy;
    }

    /**
     * @param policies the policies an admin may switch to by name ({@code ChangeSettings}), and that a snapshot
     *                 taken after such a switch restores under; equal on every member.
     * @return this.
     */
    public BalancerServiceContext policies(final PolicyRegistry policies)
    {
        this.policies = policies;
        return this;
    }

    /**
     * @return the policy registry; default {@link PolicyRegistry#shipped()}.
     */
    public PolicyRegistry policies()
    {
        return policies;
    }

    /**
     * @param authorisationService decides per message (protocol id = schema id, action id = template id).
     * @return this.
     */
    public BalancerServiceContext authorisationService(final AuthorisationService authorisationService)
    {
        this.authorisationService = authorisationService;
        return this;
    }

    /**
     * @return the authorisation service; default {@link RoleAuthorisationService#INSTANCE}.
     */
    public AuthorisationService authorisationService()
    {
        return authorisationService;
    }

    /**
     * @param timerIdBase first timer correlation id of this component's range of {@link #TIMER_ID_RANGE} ids.
     * @return this.
     */
    public BalancerServiceContext timerIdBase(final long timerIdBase)
    {
        this.timerIdBase = timerIdBase;
        return this;
    }

    /**
     * @return first timer correlation id of this component's range.
     */
    public long timerIdBase()
    {
        return timerIdBase;
    }

    /**
     * @param sessionTimeoutMs the consensus module's session timeout, used to recognise sessions closed by a full
     *                         cluster restart.
     * @return this.
     */
    public BalancerServiceContext sessionTimeoutMs(final long sessionTimeoutMs)
    {
        this.sessionTimeoutMs = sessionTimeoutMs;
        return this;
    }

    /**
     * @return the session timeout assumed, in milliseconds.
     */
    public long sessionTimeoutMs()
    {
        return sessionTimeoutMs;
    }

    /**
     * @param restartReconnectWindowMs how long, after a full cluster restart timed out its session, a worker keeps
     *                                 its tasks and epochs for the same gateway process to reconnect; 0 fails it
     *                                 over at once like any timeout.
     * @return this.
     */
    public BalancerServiceContext restartReconnectWindowMs(final long restartReconnectWindowMs)
    {
        this.restartReconnectWindowMs = restartReconnectWindowMs;
        return this;
    }

    /**
     * @return the restart reconnect window, in milliseconds.
     */
    public long restartReconnectWindowMs()
    {
        return restartReconnectWindowMs;
    }

    /**
     * @param maxQueuedEgressBytes bytes of egress queued per session under back pressure before the queue is dropped.
     * @return this.
     */
    public BalancerServiceContext maxQueuedEgressBytes(final int maxQueuedEgressBytes)
    {
        this.maxQueuedEgressBytes = maxQueuedEgressBytes;
        return this;
    }

    /**
     * @return the egress queue limit per session.
     */
    public int maxQueuedEgressBytes()
    {
        return maxQueuedEgressBytes;
    }
}
