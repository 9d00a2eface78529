package io.resilientgateways.aeron.client;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.logbuffer.Header;
import io.resilientgateways.aeron.protocol.AdapterRejection;
import io.resilientgateways.aeron.protocol.Protocol;
import io.resilientgateways.aeron.codecs.AdminAckDecoder;
import io.resilientgateways.aeron.codecs.CloseDecoder;
import io.resilientgateways.aeron.codecs.HeartbeatReplyDecoder;
import io.resilientgateways.aeron.codecs.MessageHeaderDecoder;
import io.resilientgateways.aeron.codecs.OpenDecoder;
import io.resilientgateways.aeron.codecs.RegisterDecoder;
import io.resilientgateways.aeron.codecs.RegisteredDecoder;
import io.resilientgateways.aeron.codecs.RejectedDecoder;
import io.resilientgateways.aeron.codecs.ResyncDoneDecoder;
import io.resilientgateways.aeron.codecs.TaskClosedDecoder;
import io.resilientgateways.aeron.codecs.TaskOpenedDecoder;
import io.resilientgateways.aeron.codecs.TaskReleasedDecoder;
import io.resilientgateways.core.RejectionCode;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A gateway's connection to the balancer cluster: connects (following leader changes, reconnecting after a full
 * restart), registers its worker name, heartbeats, hands open and close directives to a {@link GatewayListener}
 * and acknowledges each once the listener returns. Fences itself with a lease (see {@link GatewayContext}): when
 * no request sent within the last {@code sessionTimeout - margin} has been answered, it closes every task locally
 * before the cluster could declare it dead, then reconnects and re-registers under the same name and incarnation,
 * which resumes the same tasks and epochs if the cluster still has them.
 * <pre>{@code
 * try (GatewayClient client = GatewayClient.start(ctx))   // runs on its own thread
 * {
 *     ...
 * }   // close(): closes every task, deregisters (its tasks move at once), disconnects
 * }</pre>
 * Run it either on its own thread ({@link #start}) or as an {@link Agent} in the caller's duty cycle; the listener is
 * called on that thread. Not thread-safe otherwise.
 * <p>
 * Application messages: the host service's own messages (another SBE schema id) reach
 * {@link GatewayListener#onApplicationMessage}; the gateway sends its own with {@link #offer}, from the client's
 * thread (a listener callback, typically {@link GatewayListener#onDutyCycle}).
 */
public final class GatewayClient implements Agent, AutoCloseable
{
    private enum State
    {
        DISCONNECTED, CONNECTING, REGISTERING, REGISTERED, CLOSED
    }

    private final GatewayContext ctx;
    private final GatewayListener listener;
    private final Aeron aeron;
    private final GatewayProxy proxy = new GatewayProxy();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final RegisteredDecoder registered = new RegisteredDecoder();
    private final RejectedDecoder rejected = new RejectedDecoder();
    private final OpenDecoder open = new OpenDecoder();
    private final CloseDecoder close = new CloseDecoder();
    private final HeartbeatReplyDecoder heartbeatReply = new HeartbeatReplyDecoder();
    private final ResyncDoneDecoder resyncDone = new ResyncDoneDecoder();
    private final AdminAckDecoder adminAck = new AdminAckDecoder();
    private final TreeMap<String, Long> held = new TreeMap<>();
    private final TreeSet<String> mentionedInResync = new TreeSet<>();
    private final long leaseNs;
    private final long keepaliveNs;
    private AgentRunner runner;
    private AeronCluster.AsyncConnect asyncConnect;
    private AeronCluster cluster;
    private State state = State.DISCONNECTED;
    private long lastAnsweredSendNs;
    private long connectStartNs;
    private long registerSendNs;
    private long nextRegisterNs;
    private long nextHeartbeatNs;
    private long nextConnectNs;
    private long correlationId;
    private long resyncCorrelationId;
    private long resyncSendNs;
    private long lastSeq;
    private long deregisterCorrelationId;
    private volatile long maxSilenceNs;
    private volatile long fencedCount;
    private volatile long registeredCount;
    private volatile boolean registeredNow;

    /**
     * Create a client; call {@link #doWork()} in a duty cycle, or use {@link #start(GatewayContext)}.
     *
     * @param ctx settings; concluded here.
     */
    public GatewayClient(final GatewayContext ctx)
    {
        this.ctx = ctx.conclude();
        this.listener = ctx.listener();
        this.leaseNs = TimeUnit.MILLISECONDS.toNanos(ctx.sessionTimeoutMs() - ctx.fenceMarginMs());
        this.keepaliveNs = TimeUnit.MILLISECONDS.toNanos(ctx.keepaliveIntervalMs());
        this.aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(ctx.aeronDirectoryName()));
    }

    /**
     * @param ctx settings.
     * @return a client running on its own thread.
     */
    public static GatewayClient start(final GatewayContext ctx)
    {
        final GatewayClient client = new GatewayClient(ctx);
        client.runner = new AgentRunner(new SleepingMillisIdleStrategy(1), Throwable::printStackTrace, null, client);
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
     * @return how often the client fenced itself (lease expiry or connection loss).
     */
    public long fencedCount()
    {
        return fencedCount;
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
        return maxSilenceNs;
    }

    /**
     * @return how many registrations the cluster accepted (first and resumed).
     */
    public long registeredCount()
    {
        return registeredCount;
    }

    /**
     * @return true while registered.
     */
    public boolean isRegistered()
    {
        return registeredNow;
    }

    /**
     * One duty cycle: connect, poll egress, heartbeat, check the lease.
     *
     * @return work done.
     */
    public int doWork()
    {
        final long nowNs = ctx.nanoClock().nanoTime();
        switch (state)
        {
            case DISCONNECTED ->
            {
                if (nowNs - nextConnectNs >= 0)
                {
                    connect(nowNs);
                    return 1;
                }
                return 0;
            }
            case CONNECTING ->
            {
                return pollConnect(nowNs);
            }
            case REGISTERING, REGISTERED ->
            {
                return duty(nowNs);
            }
            default ->
            {
                return 0;
            }
        }
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
        if (State.REGISTERED != state || null == cluster || cluster.isClosed())
        {
            return Publication.NOT_CONNECTED;
        }
        if (!proxy.flush(cluster))
        {
            return Publication.BACK_PRESSURED;
        }
        return cluster.offer(buffer, offset, length);
    }

    /**
     * Hand a task back to the cluster: this gateway could not open it, or lost it (the remote side refused the
     * epoch as stale, the connection broke). The cluster places it on another worker and does not give it back to
     * this one for its release backoff (or, if no other worker can run it, retries here once the backoff ends).
     * Close the task in user code first: the client drops it from the tasks it holds without calling
     * {@link GatewayListener#onClose}. Call from the client's thread only, like {@link #offer}: a listener callback
     * such as {@link GatewayListener#onDutyCycle}, draining what the gateway's own threads noticed.
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
        if (State.REGISTERED != state || null == cluster || cluster.isClosed())
        {
            return Publication.NOT_CONNECTED;
        }
        final long result = proxy.offerRelease(cluster, epoch, task);
        if (result > 0)
        {
            final Long current = held.get(task);
            if (null != current && current == epoch)
            {
                held.remove(task);
            }
        }
        return result;
    }

    /**
     * Graceful stop, on the client's thread: close every task, deregister (so the cluster moves the tasks at once),
     * disconnect.
     */
    public void onClose()
    {
        if (State.REGISTERED == state && null != cluster && !cluster.isClosed())
        {
            closeAllLocally();
            deregisterCorrelationId = ++correlationId;
            proxy.deregister(deregisterCorrelationId);
            final long deadline = ctx.nanoClock().nanoTime() + leaseNs;
            while (0 != deregisterCorrelationId && !cluster.isClosed() && ctx.nanoClock().nanoTime() - deadline < 0)
            {
                proxy.flush(cluster);
                if (0 == cluster.pollEgress())
                {
                    Thread.onSpinWait();
                }
            }
        }
        disconnect();
        state = State.CLOSED;
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

    private void connect(final long nowNs)
    {
        final AeronCluster.Context clusterCtx = new AeronCluster.Context()
            .aeron(aeron)
            .ownsAeronClient(false)
            .ingressChannel(ctx.ingressChannel())
            .ingressEndpoints(ctx.ingressEndpoints())
            .egressChannel(ctx.egressChannel())
            .messageTimeoutNs(TimeUnit.MILLISECONDS.toNanos(Math.max(1_000, ctx.sessionTimeoutMs() * 2)))
            .egressListener(new Listener());
        if (null != ctx.credentials())
        {
            clusterCtx.credentialsSupplier(new FixedCredentials(ctx.credentials()));
        }
        connectStartNs = nowNs;
        try
        {
            asyncConnect = AeronCluster.asyncConnect(clusterCtx);
            state = State.CONNECTING;
        }
        catch (final RuntimeException ex)
        {
            nextConnectNs = nowNs + TimeUnit.MILLISECONDS.toNanos(ctx.reconnectBackoffMs());
        }
    }

    private int pollConnect(final long nowNs)
    {
        try
        {
            final AeronCluster connected = asyncConnect.poll();
            if (null == connected)
            {
                return 0;
            }
            cluster = connected;
            asyncConnect = null;
            lastAnsweredSendNs = connectStartNs;
            state = State.REGISTERING;
            nextRegisterNs = nowNs;
            return 1;
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(asyncConnect);
            asyncConnect = null;
            state = State.DISCONNECTED;
            nextConnectNs = nowNs + TimeUnit.MILLISECONDS.toNanos(ctx.reconnectBackoffMs());
            return 1;
        }
    }

    private int duty(final long nowNs)
    {
        if (cluster.isClosed())
        {
            fence(nowNs);
            return 1;
        }
        int work = cluster.pollEgress();
        if (State.CLOSED == state || State.DISCONNECTED == state)
        {
            return work;
        }
        if (nowNs - lastAnsweredSendNs > leaseNs)
        {
            fence(nowNs);
            return work + 1;
        }
        if (State.REGISTERING == state && nowNs - nextRegisterNs >= 0)
        {
            registerSendNs = nowNs;
            proxy.register(++correlationId, ctx);
            nextRegisterNs = nowNs + 10 * keepaliveNs;
            work++;
        }
        if (nowNs - nextHeartbeatNs >= 0)
        {
            proxy.heartbeat(++correlationId, nowNs);
            nextHeartbeatNs = nowNs + keepaliveNs;
            work++;
        }
        proxy.flush(cluster);
        if (State.REGISTERED == state)
        {
            work += listener.onDutyCycle(nowNs);
        }
        return work;
    }

    private void answered(final long sendNs)
    {
        if (sendNs > lastAnsweredSendNs)
        {
            if (State.REGISTERED == state)
            {
                final long silenceNs = ctx.nanoClock().nanoTime() - lastAnsweredSendNs;
                if (silenceNs > maxSilenceNs)
                {
                    maxSilenceNs = silenceNs;
                }
            }
            lastAnsweredSendNs = sendNs;
        }
    }

    private void fence(final long nowNs)
    {
        maxSilenceNs = Math.max(maxSilenceNs, nowNs - lastAnsweredSendNs);
        closeAllLocally();
        disconnect();
        fencedCount++;
        listener.onFenced();
        state = State.DISCONNECTED;
        nextConnectNs = nowNs;
    }

    private void closeAllLocally()
    {
        for (final Map.Entry<String, Long> e : held.entrySet())
        {
            listener.onClose(e.getKey(), e.getValue());
        }
        held.clear();
    }

    private void disconnect()
    {
        registeredNow = false;
        resyncCorrelationId = 0;
        proxy.clear();
        CloseHelper.quietClose(asyncConnect);
        asyncConnect = null;
        CloseHelper.quietClose(cluster);
        cluster = null;
    }

    private void requestResync()
    {
        if (0 == resyncCorrelationId && State.REGISTERED == state)
        {
            resyncCorrelationId = ++correlationId;
            resyncSendNs = ctx.nanoClock().nanoTime();
            mentionedInResync.clear();
            proxy.resync(resyncCorrelationId);
        }
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return;
        }
        header.wrap(buffer, offset);
        if (Protocol.SCHEMA_ID != header.schemaId())
        {
            listener.onApplicationMessage(buffer, offset, length);
            return;
        }
        final int at = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case RegisteredDecoder.TEMPLATE_ID ->
            {
                registered.wrap(buffer, at, blockLength, version);
                answered(registerSendNs);
                lastSeq = registered.directiveSeq();
                state = State.REGISTERED;
                registeredNow = true;
                registeredCount++;
                listener.onRegistered(registered.resumed() == io.resilientgateways.aeron.codecs.BooleanType.TRUE);
            }
            case RejectedDecoder.TEMPLATE_ID -> onRejected(buffer, at, blockLength, version);
            case OpenDecoder.TEMPLATE_ID ->
            {
                open.wrap(buffer, at, blockLength, version);
                final long seq = open.seq();
                final long epoch = open.epoch();
                final String task = open.task();
                lastSeq = Math.max(lastSeq, seq);
                mentionedInResync.add(task);
                final Long current = held.get(task);
                if (null == current || current != epoch)
                {
                    if (!listener.onOpenRequested(task, epoch))
                    {
                        held.remove(task);
                        proxy.release(epoch, task);
                        return;
                    }
                    held.put(task, epoch);
                }
                proxy.ack(TaskOpenedDecoder.TEMPLATE_ID, epoch, task);
            }
            case CloseDecoder.TEMPLATE_ID ->
            {
                close.wrap(buffer, at, blockLength, version);
                final long seq = close.seq();
                final long epoch = close.epoch();
                final String task = close.task();
                lastSeq = Math.max(lastSeq, seq);
                mentionedInResync.add(task);
                final Long current = held.remove(task);
                if (null != current)
                {
                    listener.onClose(task, current);
                }
                proxy.ack(TaskClosedDecoder.TEMPLATE_ID, epoch, task);
            }
            case HeartbeatReplyDecoder.TEMPLATE_ID ->
            {
                heartbeatReply.wrap(buffer, at, blockLength, version);
                answered(heartbeatReply.sendTimeNs());
                if (heartbeatReply.directiveSeq() > lastSeq)
                {
                    requestResync();
                }
            }
            case ResyncDoneDecoder.TEMPLATE_ID ->
            {
                resyncDone.wrap(buffer, at, blockLength, version);
                if (resyncDone.correlationId() == resyncCorrelationId && 0 != resyncCorrelationId)
                {
                    answered(resyncSendNs);
                    held.keySet().removeIf((task) ->
                    {
                        if (!mentionedInResync.contains(task))
                        {
                            listener.onClose(task, held.get(task));
                            return true;
                        }
                        return false;
                    });
                    resyncCorrelationId = 0;
                }
                lastSeq = Math.max(lastSeq, resyncDone.directiveSeq());
            }
            case AdminAckDecoder.TEMPLATE_ID ->
            {
                adminAck.wrap(buffer, at, blockLength, version);
                if (adminAck.correlationId() == deregisterCorrelationId)
                {
                    deregisterCorrelationId = 0;
                }
            }
            default ->
            {
            }
        }
    }

    private void onRejected(final DirectBuffer buffer, final int at, final int blockLength, final int version)
    {
        rejected.wrap(buffer, at, blockLength, version);
        final int code = rejected.code();
        final int templateId = rejected.templateId();
        final String text = rejected.text();
        if (RegisterDecoder.TEMPLATE_ID == templateId)
        {
            answered(registerSendNs);
            final long backoff = RejectionCode.DUPLICATE_WORKER.value() == code ? 2 * keepaliveNs :
                TimeUnit.SECONDS.toNanos(1);
            nextRegisterNs = ctx.nanoClock().nanoTime() + backoff;
        }
        else if (TaskOpenedDecoder.TEMPLATE_ID == templateId || TaskClosedDecoder.TEMPLATE_ID == templateId ||
            TaskReleasedDecoder.TEMPLATE_ID == templateId)
        {
            if (AdapterRejection.NOT_REGISTERED == code)
            {
                state = State.REGISTERING;
                registeredNow = false;
            }
            requestResync();
        }
        listener.onRejected(code, templateId, text);
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
            GatewayClient.this.onMessage(buffer, offset, length);
        }

        public void onNewLeader(
            final long clusterSessionId,
            final long leadershipTermId,
            final int leaderMemberId,
            final String ingressEndpoints)
        {
            requestResync();
        }
    }
}
