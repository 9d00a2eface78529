package io.resilientgateways.aeron.client;

import io.aeron.security.CredentialsSupplier;
import io.resilientgateways.aeron.security.ClientCredentials;
import io.resilientgateways.core.Names;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.security.SecureRandom;
import java.util.List;

/**
 * Settings of a {@link GatewayClient}, in the Aeron style: fluent accessors and {@link #conclude()}.
 * <pre>{@code
 * GatewayContext ctx = new GatewayContext()
 *     .workerName("gw-ldn-1")
 *     .capabilities(List.of("API_GATEWAY"))
 *     .ingressEndpoints("0=node0:20000,1=node1:20010,2=node2:20020")
 *     .credentialsSupplier(ClientCredentials.fromEnvironment("RG_CLIENT_CREDENTIALS"))   // gateway:gw-ldn-1:secret
 *     .aeronDirectoryName("/dev/shm/aeron-gw")
 *     .listener(myListener);
 * }</pre>
 * The lease: the client closes every task locally once no request sent at or after {@code t} has been answered and
 * {@code now - t > sessionTimeoutMs - fenceMarginMs}. The margin must cover the difference in clock rates between
 * this host and the cluster leader over one session timeout, plus scheduling jitter of this process; it need not
 * cover network delay, because the lease is counted from the send time. Defaults: session timeout 1000 ms,
 * keepalive 100 ms, margin 200 ms (a lease of 800 ms). After losing the leader the client waits up to the session
 * timeout for the new leader's event on the same cluster session (Aeron's default wait is twice the leader heartbeat
 * timeout, shorter than an election on a busy host), so a leader election costs no new session and no registration.
 */
public final class GatewayContext
{
    /** Defaults. */
    public static final class Defaults
    {
        /** Must equal the cluster's session timeout. */
        public static final long SESSION_TIMEOUT_MS = 1_000;
        /** Heartbeat (lease probe and keepalive) interval. */
        public static final long KEEPALIVE_INTERVAL_MS = 100;
        /** Safety margin subtracted from the session timeout to get the lease. */
        public static final long FENCE_MARGIN_MS = 200;
        /** Pause between reconnect attempts. */
        public static final long RECONNECT_BACKOFF_MS = 100;

        private Defaults()
        {
        }
    }

    private String workerName;
    private List<String> capabilities = List.of();
    private int capacity = 1;
    private CredentialsSupplier credentialsSupplier;
    private String ingressEndpoints;
    private String ingressChannel = "aeron:udp?term-length=128k";
    private String egressChannel = "aeron:udp?endpoint=localhost:0|term-length=128k";
    private String aeronDirectoryName;
    private long sessionTimeoutMs = Defaults.SESSION_TIMEOUT_MS;
    private long keepaliveIntervalMs = Defaults.KEEPALIVE_INTERVAL_MS;
    private long fenceMarginMs = Defaults.FENCE_MARGIN_MS;
    private long reconnectBackoffMs = Defaults.RECONNECT_BACKOFF_MS;
    private long incarnation;
    private NanoClock nanoClock;
    private GatewayListener listener;
    private boolean concluded;

    /**
     * Validate and fill defaults. Idempotent.
     *
     * @return this.
     * @throws IllegalArgumentException for an invalid value.
     */
    public GatewayContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        if (null != Names.validate(workerName))
        {
            throw new IllegalArgumentException("invalid worker name: " + workerName);
        }
        if (null == ingressEndpoints || null == aeronDirectoryName || null == listener)
        {
            throw new IllegalArgumentException("ingressEndpoints, aeronDirectoryName and listener are required");
        }
        if (keepaliveIntervalMs <= 0 || fenceMarginMs < 0 || sessionTimeoutMs - fenceMarginMs <= 2 * keepaliveIntervalMs)
        {
            throw new IllegalArgumentException("need sessionTimeoutMs - fenceMarginMs > 2 * keepaliveIntervalMs: " +
                sessionTimeoutMs + " - " + fenceMarginMs + " vs " + keepaliveIntervalMs);
        }
        if (0 == incarnation)
        {
            incarnation = new SecureRandom().nextLong() | 1;
        }
        if (null == nanoClock)
        {
            nanoClock = SystemNanoClock.INSTANCE;
        }
        concluded = true;
        return this;
    }

    /** @param workerName the stable worker name (1-64 printable ASCII). @return this. */
    public GatewayContext workerName(final String workerName)
    {
        this.workerName = workerName;
        return this;
    }

    /** @return the worker name. */
    public String workerName()
    {
        return workerName;
    }

    /** @param capabilities what this gateway offers. @return this. */
    public GatewayContext capabilities(final List<String> capabilities)
    {
        this.capabilities = List.copyOf(capabilities);
        return this;
    }

    /** @return what this gateway offers. */
    public List<String> capabilities()
    {
        return capabilities;
    }

    /** @param capacity relative capacity, default 1. @return this. */
    public GatewayContext capacity(final int capacity)
    {
        this.capacity = capacity;
        return this;
    }

    /** @return the capacity. */
    public int capacity()
    {
        return capacity;
    }

    /**
     * Fixed credentials, e.g. from your own secret store; never take them from the command line (see
     * {@link ClientCredentials} for a file or an environment variable).
     *
     * @param credentials presented on connect, e.g. {@code gateway:gw-1:secret}; null for none.
     * @return this.
     */
    public GatewayContext credentials(final String credentials)
    {
        this.credentialsSupplier = null == credentials ? null : ClientCredentials.fixed(credentials);
        return this;
    }

    /**
     * @param credentialsSupplier what the gateway presents on every connect and challenge, e.g.
     *                            {@link ClientCredentials#fromFile} or your own (tokens, certificates); null for none.
     * @return this.
     */
    public GatewayContext credentialsSupplier(final CredentialsSupplier credentialsSupplier)
    {
        this.credentialsSupplier = credentialsSupplier;
        return this;
    }

    /** @return the credentials supplier, or null. */
    public CredentialsSupplier credentialsSupplier()
    {
        return credentialsSupplier;
    }

    /** @param ingressEndpoints the members' ingress, {@code 0=host:port,1=host:port,...}. @return this. */
    public GatewayContext ingressEndpoints(final String ingressEndpoints)
    {
        this.ingressEndpoints = ingressEndpoints;
        return this;
    }

    /** @return the ingress endpoints. */
    public String ingressEndpoints()
    {
        return ingressEndpoints;
    }

    /** @param ingressChannel ingress channel without endpoint. @return this. */
    public GatewayContext ingressChannel(final String ingressChannel)
    {
        this.ingressChannel = ingressChannel;
        return this;
    }

    /** @return the ingress channel. */
    public String ingressChannel()
    {
        return ingressChannel;
    }

    /** @param egressChannel egress channel (this host's endpoint). @return this. */
    public GatewayContext egressChannel(final String egressChannel)
    {
        this.egressChannel = egressChannel;
        return this;
    }

    /** @return the egress channel. */
    public String egressChannel()
    {
        return egressChannel;
    }

    /** @param aeronDirectoryName the media driver this client uses. @return this. */
    public GatewayContext aeronDirectoryName(final String aeronDirectoryName)
    {
        this.aeronDirectoryName = aeronDirectoryName;
        return this;
    }

    /** @return the media driver directory. */
    public String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    /** @param sessionTimeoutMs the cluster's session timeout. @return this. */
    public GatewayContext sessionTimeoutMs(final long sessionTimeoutMs)
    {
        this.sessionTimeoutMs = sessionTimeoutMs;
        return this;
    }

    /** @return the cluster's session timeout, in milliseconds. */
    public long sessionTimeoutMs()
    {
        return sessionTimeoutMs;
    }

    /** @param keepaliveIntervalMs heartbeat interval. @return this. */
    public GatewayContext keepaliveIntervalMs(final long keepaliveIntervalMs)
    {
        this.keepaliveIntervalMs = keepaliveIntervalMs;
        return this;
    }

    /** @return the heartbeat interval, in milliseconds. */
    public long keepaliveIntervalMs()
    {
        return keepaliveIntervalMs;
    }

    /** @param fenceMarginMs safety margin of the lease. @return this. */
    public GatewayContext fenceMarginMs(final long fenceMarginMs)
    {
        this.fenceMarginMs = fenceMarginMs;
        return this;
    }

    /** @return the lease margin, in milliseconds. */
    public long fenceMarginMs()
    {
        return fenceMarginMs;
    }

    /** @param reconnectBackoffMs pause between reconnect attempts. @return this. */
    public GatewayContext reconnectBackoffMs(final long reconnectBackoffMs)
    {
        this.reconnectBackoffMs = reconnectBackoffMs;
        return this;
    }

    /** @return the reconnect pause, in milliseconds. */
    public long reconnectBackoffMs()
    {
        return reconnectBackoffMs;
    }

    /** @param incarnation this process's identity for resuming its worker; default random. @return this. */
    public GatewayContext incarnation(final long incarnation)
    {
        this.incarnation = incarnation;
        return this;
    }

    /** @return this process's incarnation. */
    public long incarnation()
    {
        return incarnation;
    }

    /** @param nanoClock monotonic clock for the lease; default the system's. @return this. */
    public GatewayContext nanoClock(final NanoClock nanoClock)
    {
        this.nanoClock = nanoClock;
        return this;
    }

    /** @return the clock. */
    public NanoClock nanoClock()
    {
        return nanoClock;
    }

    /** @param listener receives open and close directives. @return this. */
    public GatewayContext listener(final GatewayListener listener)
    {
        this.listener = listener;
        return this;
    }

    /** @return the listener. */
    public GatewayListener listener()
    {
        return listener;
    }
}
