package io.resilientgateways.aeron.client;

import io.aeron.Counter;
import io.resilientgateways.aeron.protocol.CounterTypes;
import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A gateway's connection to the balancer cluster: connects (following leader changes, reconnecting after a full
 * restart), registers its worker name, heartbeats, hands open and close directives to a {@link GatewayListener}
 * and acknowledges them. Fences itself with a lease (see {@link GatewayContext}): the lease is checked before the
 * egress is polled and before each message is handed to the listener; when no request sent within the last
 * {@code sessionTimeout - margin} has been answered, it closes every task locally before the cluster could declare it
 * dead, then registers again saying it holds nothing, and the cluster grants its tasks again under new epochs.
 * Losing the session alone does not fence: the client reconnects and resumes within its lease, keeping its tasks
 * and epochs (a leader change or a paused leader that wakes up moves nothing).
 * <pre>{@code
 * try (GatewayClient client = GatewayClient.start(ctx))   // runs on its own thread
 * {
 *     ...
 * }   // close(): closes every task, deregisters (its tasks move at once), disconnects
 * }</pre>
 * Run it either on its own thread ({@link #start}) or as an {@link Agent} in the caller's duty cycle; the listener is
 * called on that thread and must not block it: opens complete asynchronously through {@link OpenCompletion}. Not
 * thread-safe otherwise.
 * <p>
 * Application messages: the host service's own messages (another SBE schema id) reach
 * {@link GatewayListener#onApplicationMessage}; the gateway sends its own with {@link #offer}, from the client's
 * thread (a listener callback, typically {@link GatewayListener#onDutyCycle}).
 */
public final class GatewayClient implements Agent, AutoCloseable
{
    // java.util.logging, as BalancerNode: timestamped, no dependency (docs/operations.md, "Logs")
    private static final Logger LOG = Logger.getLogger(GatewayClient.class.getName());

    private final GatewayContext ctx;
    private final Aeron aeron;
    private final GatewayProxy proxy = new GatewayProxy();
    private final GatewaySession session;
    private AgentRunner runner;
    private AeronCluster.AsyncConnect asyncConnect;
    private AeronCluster cluster;
    private GatewayProxy.Ingress ingress;
    private boolean connecting;
    private long connectStartNs;
    private long nextConnectNs;
    private final Counter heldCounter;
    private final Counter fencedCounter;
    private final Counter maxSilenceCounter;
    private final Counter leaseCounter;
    private long nextCountersNs;

    /**
     * Create a client; call {@link #doWork()} in a duty cycle, or use {@link #start(GatewayContext)}.
     *
     * @param ctx settings; concluded here.
     */
    public GatewayClient(final GatewayContext ctx)
    {
        this.ctx = ctx.conclude();
        this.session = new GatewaySession(ctx, proxy);
        this.aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(ctx.aeronDirectoryName()));
        // in the gateway's media driver, so AeronStat on its Aeron directory shows them (protocol.CounterTypes)
        final String worker = " worker=" + ctx.workerName();
        heldCounter = aeron.addCounter(CounterTypes.GATEWAY_HELD, "rg-gateway-held:" + worker);
        fencedCounter = aeron.addCounter(CounterTypes.GATEWAY_FENCED, "rg-gateway-fenced:" + worker);
        maxSilenceCounter = aeron.addCounter(CounterTypes.GATEWAY_MAX_SILENCE_MS, "rg-gateway-max-silence-ms:" + worker);
        leaseCounter = aeron.addCounter(CounterTypes.GATEWAY_LEASE_MS, "rg-gateway-lease-ms:" + worker);
        leaseCounter.setRelease(TimeUnit.NANOSECONDS.toMillis(session.leaseNs()));
    }

    /**
     * @param ctx settings.
     * @return a client running on its own thread.
     */
    public static GatewayClient start(final GatewayContext ctx)
    {
        final GatewayClient client = new GatewayClient(ctx);
        client.runner = new AgentRunner(new SleepingMillisIdleStrategy(1),
            (ex) -> LOG.log(Level.WARNING, "gateway " + ctx.workerName() + ": error in its duty cycle", ex), null, client);
        AgentRunner.startOnThread(client.runner);
        return client;
    }

    /**
     * @return "gateway-" and the worker name.
     */
    public String roleName()
    {
        return "gateway-" + ctx.workerName();
    }

    /**
     * @return how often the client fenced itself (its lease expired, or the cluster no longer knew it).
     */
    public long fencedCount()
    {
        return session.fencedCount();
    }

    /**
     * @return how many resyncs the client asked for (a new leader, a gap in directive numbers, a refused ack);
     * readable from any thread.
     */
    public long resyncCount()
    {
        return session.resyncCount();
    }

    /**
     * The most lease time used so far: the longest the client went, while registered, without an answer to a request
     * sent since, updated when the answer arrives (or the lease expires). Normally about one keepalive interval; a
     * leader election shows here as the silence the gateway rode through. Compare with the lease
     * ({@code sessionTimeout - fenceMargin}): reaching it fences the gateway.
     *
     * @return nanoseconds; readable from any thread.
     */
    public long maxSilenceNs()
    {
        return session.maxSilenceNs();
    }

    /**
     * @return how many registrations the cluster accepted (first and resumed).
     */
    public long registeredCount()
    {
        return session.registeredCount();
    }

    /**
     * @return true while registered.
     */
    public boolean isRegistered()
    {
        return session.isRegistered();
    }

    /**
     * @return why the client stopped for good (its lease does not fit the cluster's session timeout), or null.
     */
    public String refusal()
    {
        return session.refusal();
    }

    /**
     * One duty cycle: check the lease, connect, poll egress (checking the lease before each message), heartbeat.
     *
     * @return work done.
     */
    public int doWork()
    {
        final long nowNs = ctx.nanoClock().nanoTime();
        int work = session.beforePoll(nowNs);
        if (nowNs - nextCountersNs >= 0)
        {
            nextCountersNs = nowNs + TimeUnit.MILLISECONDS.toNanos(100);
            heldCounter.setRelease(session.heldCount());
            fencedCounter.setRelease(session.fencedCount());
            maxSilenceCounter.setRelease(TimeUnit.NANOSECONDS.toMillis(session.maxSilenceNs()));
        }
        if (GatewaySession.State.CLOSED == session.state())
        {
            return null == cluster || cluster.isClosed() ? work : work + session.afterPoll(nowNs, ingress);
        }
        if (null != cluster && cluster.isClosed())
        {
            dropConnection(nowNs);
            work++;
        }
        if (null == cluster)
        {
            work += connect(nowNs);
            if (null == cluster)
            {
                return work + session.afterPoll(nowNs, null);
            }
        }
        work += cluster.pollEgress();
        work += session.afterPoll(ctx.nanoClock().nanoTime(), ingress);
        if (session.takeReconnectRequest())
        {
            CloseHelper.quietClose(cluster);
            dropConnection(nowNs);
            work++;
        }
        return work;
    }

    /**
     * Send an application message (another SBE schema than the balancer's) to the cluster, after every message of
     * the client's own that is still queued, so the order of acks and application messages is kept. Call from the
     * client's thread only: from a listener callback such as {@link GatewayListener#onDutyCycle}.
     *
     * @param buffer holding the message.
     * @param offset where it starts.
     * @param length its length.
     * @return the new position (&gt; 0) if sent; {@link Publication#NOT_CONNECTED} while not registered;
     * {@link Publication#BACK_PRESSURED} (or another negative {@link Publication} code) to retry later. Never
     * throws for back pressure.
     */
    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!session.isRegistered() || null == cluster || cluster.isClosed())
        {
            return Publication.NOT_CONNECTED;
        }
        if (!proxy.flush(ingress))
        {
            return Publication.BACK_PRESSURED;
        }
        return cluster.offer(buffer, offset, length);
    }

    /**
     * Hand a task back to the cluster: this gateway lost it (the remote side refused the epoch as stale, the
     * connection broke). The cluster places it on another worker and does not give it back to this one for its
     * release backoff (or, if no other worker can run it, retries here once the backoff ends). Close the task in user
     * code first: the client drops it from the tasks it holds without calling {@link GatewayListener#onClose}. Call
     * from the client's thread only, like {@link #offer}: a listener callback such as
     * {@link GatewayListener#onDutyCycle}, draining what the gateway's own threads noticed. (An open that fails is
     * answered with {@link OpenCompletion#refused} instead.)
     * <pre>{@code
     * public int onDutyCycle(final long nowNs)
     * {
     *     final Broken b = brokenLinks.peek();
     *     if (null != b && client.release(b.party(), b.epoch()) > 0)
     *     {
     *         brokenLinks.poll();
     *     }
     *     return 0;
     * }
     * }</pre>
     * A release under an epoch the cluster no longer has for this worker is refused ({@code STALE_EPOCH},
     * {@code NOT_OWNER}) and reported to {@link GatewayListener#onRejected}; the client then resyncs.
     *
     * @param task  the task.
     * @param epoch the epoch it was opened under.
     * @return the new position (&gt; 0) if sent, and then the task is no longer held; {@link Publication#NOT_CONNECTED}
     * while not registered (the task is closed locally anyway when the client fences, and the cluster re-sends the
     * open after a resume); {@link Publication#BACK_PRESSURED} (or another negative {@link Publication} code) to
     * retry later, with nothing sent and nothing changed. Never throws for back pressure.
     */
    public long release(final String task, final long epoch)
    {
        if (!session.isRegistered() || null == cluster || cluster.isClosed())
        {
            return Publication.NOT_CONNECTED;
        }
        return session.release(ingress, task, epoch);
    }

    /**
     * Graceful stop, on the client's thread: close every task, deregister (so the cluster moves the tasks at once),
     * disconnect.
     */
    public void onClose()
    {
        if (session.isRegistered() && null != cluster && !cluster.isClosed())
        {
            session.closeAllAndDeregister();
            final long deadline = ctx.nanoClock().nanoTime() + session.leaseNs();
            while (!session.deregisterAnswered() && !cluster.isClosed() &&
                ctx.nanoClock().nanoTime() - deadline < 0)
            {
                proxy.flush(ingress);
                if (0 == cluster.pollEgress())
                {
                    Thread.onSpinWait();
                }
            }
        }
        else if (null != cluster && !cluster.isClosed())
        {
            proxy.flush(ingress); // e.g. the Deregister of a client that refused its lease
        }
        session.closed();
        CloseHelper.quietClose(asyncConnect);
        asyncConnect = null;
        CloseHelper.quietClose(cluster);
        cluster = null;
        CloseHelper.quietCloseAll(heldCounter, fencedCounter, maxSilenceCounter, leaseCounter);
        CloseHelper.quietClose(aeron);
    }

    /**
     * Stop: if running on its own thread, stops it (which runs {@link #onClose()} there); else runs
     * {@link #onClose()} on the caller's thread.
     */
    public void close()
    {
        if (null != runner)
        {
            runner.close();
        }
        else
        {
            onClose();
        }
    }

    private int connect(final long nowNs)
    {
        if (!connecting)
        {
            if (nowNs - nextConnectNs < 0)
            {
                return 0;
            }
            final AeronCluster.Context clusterCtx = new AeronCluster.Context()
                .aeron(aeron)
                .ownsAeronClient(false)
                .ingressChannel(ctx.ingressChannel())
                .ingressEndpoints(ctx.ingressEndpoints())
                .egressChannel(ctx.egressChannel())
                .messageTimeoutNs(TimeUnit.MILLISECONDS.toNanos(Math.max(1_000, ctx.sessionTimeoutMs() * 2)))
                // Aeron's default waits twice the leader heartbeat timeout for a new leader after the old one's
                // egress closes, less than an election takes on a busy host; giving up closes the session and the
                // gateway registers again. The new leader keeps every session a full session timeout after it takes
                // over, and the lease fences on its own clock, so waiting that long costs nothing.
                .newLeaderTimeoutNs(TimeUnit.MILLISECONDS.toNanos(ctx.sessionTimeoutMs()))
                .egressListener(new Listener());
            if (null != ctx.credentialsSupplier())
            {
                clusterCtx.credentialsSupplier(ctx.credentialsSupplier());
            }
            connectStartNs = nowNs;
            try
            {
                asyncConnect = AeronCluster.asyncConnect(clusterCtx);
                connecting = true;
            }
            catch (final RuntimeException ex)
            {
                nextConnectNs = nowNs + TimeUnit.MILLISECONDS.toNanos(ctx.reconnectBackoffMs());
            }
            return 1;
        }
        try
        {
            final AeronCluster connected = asyncConnect.poll();
            if (null == connected)
            {
                return 0;
            }
            cluster = connected;
            ingress = connected::offer;
            asyncConnect = null;
            connecting = false;
            session.onConnected(nowNs, connectStartNs);
            return 1;
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(asyncConnect);
            asyncConnect = null;
            connecting = false;
            nextConnectNs = nowNs + TimeUnit.MILLISECONDS.toNanos(ctx.reconnectBackoffMs());
            return 1;
        }
    }

    /**
     * The session is gone (closed by Aeron: no leader in time, or the cluster closed it): connect again at once. The
     * tasks stay held while the lease lasts.
     */
    private void dropConnection(final long nowNs)
    {
        session.onDisconnected();
        CloseHelper.quietClose(cluster);
        cluster = null;
        ingress = null;
        nextConnectNs = nowNs;
    }

    private final class Listener implements EgressListener
    {
        public void onMessage(
            final long clusterSessionId,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final Header header)
        {
            session.onMessage(buffer, offset, length);
        }

        public void onNewLeader(
            final long clusterSessionId,
            final long leadershipTermId,
            final int leaderMemberId,
            final String ingressEndpoints)
        {
            session.onNewLeader();
        }
    }
}
