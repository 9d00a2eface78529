package io.resilientgateways.aeron.client;

import io.resilientgateways.aeron.codecs.AdminAckDecoder;
import io.resilientgateways.aeron.codecs.BooleanType;
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
import io.resilientgateways.aeron.protocol.AdapterRejection;
import io.resilientgateways.aeron.protocol.Protocol;
import io.resilientgateways.core.RejectionCode;
import org.agrona.DirectBuffer;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's side of the protocol, without the connection: registration, the lease, directives and their acks,
 * asynchronous opens, resyncs. {@link GatewayClient} owns the Aeron connection and feeds this class its egress and
 * duty cycles; tests feed it directly.
 * <pre>
 *   DISCONNECTED --connected--> REGISTERING --Registered--> REGISTERED
 *        ^                          ^                           |
 *        +------ session lost ------+------ lease expired ------+  (fence: close everything locally)
 * </pre>
 * The lease: nothing received is acted on once {@code now - sendTime(last answered request) > lease}; then every
 * task is closed locally (fenced) and the worker registers again saying it holds nothing, so the cluster grants its
 * tasks again under new epochs. Losing the session alone does not fence: the client reconnects and resumes within
 * its lease, saying it still holds its tasks, and keeps them and their epochs. Only what is held is fenced: a client
 * that holds nothing (e.g. joining, its first answer slower than its lease) keeps its session and registration, drops
 * the directives that arrive while its lease is out, and resyncs once an answer renews it. It tries a new session,
 * without fencing, only when the session goes quiet: nothing at all received for a lease after something was, or for
 * {@value #QUIET_SESSION_TIMEOUTS} session timeouts on a session that never answered.
 * <p>
 * Not thread-safe: the client's thread only, except {@link OpenCompletion}s, which any thread answers.
 */
final class GatewaySession
{
    enum State
    {
        DISCONNECTED, REGISTERING, REGISTERED, CLOSED
    }

    private static final class PendingOpen
    {
        final OpenCompletion done;
        boolean closeRequested;
        long closeEpoch;

        PendingOpen(final OpenCompletion done)
        {
            this.done = done;
        }
    }

    /** Session timeouts without anything received on a new session, holding nothing, before trying another. */
    static final int QUIET_SESSION_TIMEOUTS = 4;

    private final GatewayContext ctx;
    private final GatewayListener listener;
    private final GatewayProxy proxy;
    private final long leaseNs;
    private final long marginNs;
    private final long keepaliveNs;
    private final long quietNs;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final RegisteredDecoder registered = new RegisteredDecoder();
    private final RejectedDecoder rejected = new RejectedDecoder();
    private final OpenDecoder open = new OpenDecoder();
    private final CloseDecoder close = new CloseDecoder();
    private final HeartbeatReplyDecoder heartbeatReply = new HeartbeatReplyDecoder();
    private final ResyncDoneDecoder resyncDone = new ResyncDoneDecoder();
    private final AdminAckDecoder adminAck = new AdminAckDecoder();
    private final TreeMap<String, Long> held = new TreeMap<>();
    private final TreeMap<String, PendingOpen> pending = new TreeMap<>();
    // the taskHandle of the newest directive for each task held or pending (none: no entry), echoed in its acks
    private final HashMap<String, Integer> handles = new HashMap<>();
    private final TreeSet<String> mentionedInResync = new TreeSet<>();
    private final Queue<OpenCompletion> answers = new ConcurrentLinkedQueue<>();
    private State state = State.DISCONNECTED;
    private long lastAnsweredSendNs;
    private long registerSendNs;
    private long nextRegisterNs;
    private long nextHeartbeatNs;
    private long correlationId;
    private long resyncCorrelationId;
    private long resyncSendNs;
    private long lastSeq;
    private long deregisterCorrelationId;
    private boolean fenceRequested;
    private boolean resyncAfterRenewal;
    private long lastArrivalNs;
    private boolean arrivedOnSession;
    private boolean reconnectRequested;
    private String refusal;
    private volatile long maxSilenceNs;
    private volatile long fencedCount;
    private volatile long registeredCount;
    private volatile long resyncCount;
    private volatile boolean registeredNow;

    GatewaySession(final GatewayContext ctx, final GatewayProxy proxy)
    {
        this.ctx = ctx;
        this.listener = ctx.listener();
        this.proxy = proxy;
        this.marginNs = TimeUnit.MILLISECONDS.toNanos(ctx.fenceMarginMs());
        this.leaseNs = TimeUnit.MILLISECONDS.toNanos(ctx.sessionTimeoutMs()) - marginNs;
        this.keepaliveNs = TimeUnit.MILLISECONDS.toNanos(ctx.keepaliveIntervalMs());
        this.quietNs = QUIET_SESSION_TIMEOUTS * TimeUnit.MILLISECONDS.toNanos(ctx.sessionTimeoutMs());
    }

    State state()
    {
        return state;
    }

    long leaseNs()
    {
        return leaseNs;
    }

    long maxSilenceNs()
    {
        return maxSilenceNs;
    }

    int heldCount()
    {
        return held.size();
    }

    long fencedCount()
    {
        return fencedCount;
    }

    long registeredCount()
    {
        return registeredCount;
    }

    long resyncCount()
    {
        return resyncCount;
    }

    boolean isRegistered()
    {
        return registeredNow;
    }

    String refusal()
    {
        return refusal;
    }

    boolean holdsAnything()
    {
        return !held.isEmpty() || !pending.isEmpty();
    }

    /**
     * @return true once asked to drop the session and connect again (a lease expired with nothing held).
     */
    boolean takeReconnectRequest()
    {
        final boolean requested = reconnectRequested;
        reconnectRequested = false;
        return requested;
    }

    /**
     * A cluster session is up: register on it. If the client holds nothing, its lease starts now.
     */
    void onConnected(final long nowNs, final long connectStartNs)
    {
        if (State.CLOSED == state)
        {
            return;
        }
        if (!holdsAnything())
        {
            lastAnsweredSendNs = connectStartNs;
        }
        lastArrivalNs = nowNs;
        arrivedOnSession = false;
        state = State.REGISTERING;
        nextRegisterNs = nowNs;
    }

    /**
     * The cluster session is gone: keep every task while the lease lasts (the duty cycle fences when it ends).
     */
    void onDisconnected()
    {
        registeredNow = false;
        resyncCorrelationId = 0;
        proxy.clear();
        if (State.CLOSED != state)
        {
            state = State.DISCONNECTED;
        }
    }

    /**
     * @return true if no request sent within the lease has been answered.
     */
    boolean leaseExpired(final long nowNs)
    {
        return nowNs - lastAnsweredSendNs > leaseNs;
    }

    /**
     * The lease expired while holding something: holding nothing, there is nothing to fence.
     */
    private boolean mustFence(final long nowNs)
    {
        return leaseExpired(nowNs) && holdsAnything();
    }

    /**
     * Before polling egress: the lease, and the answers of asynchronous opens.
     *
     * @return work done.
     */
    int beforePoll(final long nowNs)
    {
        if (State.CLOSED == state)
        {
            return 0;
        }
        if (mustFence(nowNs))
        {
            fence(nowNs);
            return 1;
        }
        return processAnswers();
    }

    /**
     * After polling egress: a fence noticed during the poll, answers, register and heartbeat, user duty cycle.
     *
     * @param ingress where to send; null while disconnected.
     * @return work done.
     */
    int afterPoll(final long nowNs, final GatewayProxy.Ingress ingress)
    {
        if (State.CLOSED == state)
        {
            return null != ingress && !proxy.flush(ingress) ? 1 : 0; // e.g. the Deregister of a refused lease
        }
        int work = 0;
        if (fenceRequested || mustFence(nowNs))
        {
            fence(nowNs);
            work++;
        }
        work += processAnswers();
        if (null == ingress || State.DISCONNECTED == state || State.CLOSED == state)
        {
            return work;
        }
        if (!holdsAnything() && nowNs - lastArrivalNs > (arrivedOnSession ? leaseNs : quietNs))
        {
            lastArrivalNs = nowNs; // the session went quiet: try a new one (holding nothing, nothing to fence)
            reconnectRequested = true;
            return work + 1;
        }
        if (resyncAfterRenewal && State.REGISTERED == state && !leaseExpired(nowNs))
        {
            resyncAfterRenewal = false; // the directives dropped while the lease was out: the cluster sends them again
            requestResync(nowNs);
            work++;
        }
        if (State.REGISTERING == state && nowNs - nextRegisterNs >= 0)
        {
            registerSendNs = nowNs;
            final long id = ++correlationId;
            final boolean holds = holdsAnything();
            if (holds)
            {
                // a resume pushes the whole assignment under this correlation id: treat it as a resync
                resyncCorrelationId = id;
                resyncSendNs = nowNs;
                mentionedInResync.clear();
            }
            proxy.register(id, ctx, nowNs, holds);
            nextRegisterNs = nowNs + 10 * keepaliveNs;
            work++;
        }
        if (nowNs - nextHeartbeatNs >= 0)
        {
            proxy.heartbeat(++correlationId, nowNs);
            nextHeartbeatNs = nowNs + keepaliveNs;
            work++;
        }
        proxy.flush(ingress);
        if (State.REGISTERED == state)
        {
            work += listener.onDutyCycle(nowNs);
        }
        return work;
    }

    void onNewLeader()
    {
        requestResync(now());
    }

    long release(final GatewayProxy.Ingress ingress, final String task, final long epoch)
    {
        final long result = proxy.offerRelease(ingress, epoch, handleOf(task), task);
        if (result > 0)
        {
            handles.remove(task);
            final Long current = held.get(task);
            if (null != current && current == epoch)
            {
                held.remove(task);
            }
        }
        return result;
    }

    /**
     * Graceful stop: close every task locally, queue a Deregister.
     *
     * @return the Deregister's correlation id.
     */
    long closeAllAndDeregister()
    {
        closeAllLocally();
        deregisterCorrelationId = ++correlationId;
        proxy.deregister(deregisterCorrelationId);
        return deregisterCorrelationId;
    }

    boolean deregisterAnswered()
    {
        return 0 == deregisterCorrelationId;
    }

    void closed()
    {
        registeredNow = false;
        state = State.CLOSED;
    }

    /**
     * One egress message. Directives and application messages are handed over only while the lease holds; a reply
     * that answers a request (and so renews the lease) is always read.
     */
    void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH || State.CLOSED == state)
        {
            return;
        }
        lastArrivalNs = now();
        arrivedOnSession = true;
        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        final boolean ours = Protocol.SCHEMA_ID == header.schemaId();
        final boolean renewal = ours && (RegisteredDecoder.TEMPLATE_ID == templateId ||
            HeartbeatReplyDecoder.TEMPLATE_ID == templateId || AdminAckDecoder.TEMPLATE_ID == templateId);
        if (!renewal && (fenceRequested || leaseExpired(now())))
        {
            if (holdsAnything() || fenceRequested)
            {
                fenceRequested = true;
            }
            else
            {
                resyncAfterRenewal = true; // not acted on; holding nothing, nothing to fence
                resyncCorrelationId = 0; // an answer to an earlier resync may be among what is dropped
            }
            return;
        }
        if (!ours)
        {
            if (State.REGISTERED == state)
            {
                listener.onApplicationMessage(buffer, offset, length);
            }
            return;
        }
        final int at = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (templateId)
        {
            case RegisteredDecoder.TEMPLATE_ID -> onRegistered(buffer, at, blockLength, version);
            case RejectedDecoder.TEMPLATE_ID -> onRejected(buffer, at, blockLength, version);
            case OpenDecoder.TEMPLATE_ID ->
            {
                open.wrap(buffer, at, blockLength, version);
                if (State.REGISTERED == state)
                {
                    onOpen(open.seq(), open.epoch(), open.taskHandle(), open.task());
                }
            }
            case CloseDecoder.TEMPLATE_ID ->
            {
                close.wrap(buffer, at, blockLength, version);
                if (State.REGISTERED == state)
                {
                    onClose(close.seq(), close.epoch(), close.taskHandle(), close.task());
                }
            }
            case HeartbeatReplyDecoder.TEMPLATE_ID ->
            {
                heartbeatReply.wrap(buffer, at, blockLength, version);
                answered(heartbeatReply.sendTimeNs());
                if (State.REGISTERED == state && heartbeatReply.directiveSeq() > lastSeq)
                {
                    requestResync(now());
                }
            }
            case ResyncDoneDecoder.TEMPLATE_ID -> onResyncDone(buffer, at, blockLength, version);
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

    private void onRegistered(final DirectBuffer buffer, final int at, final int blockLength, final int version)
    {
        registered.wrap(buffer, at, blockLength, version);
        if (State.REGISTERING != state)
        {
            return;
        }
        final boolean echoes = version >= 3 && registered.sendTimeNs() > 0;
        answered(echoes ? registered.sendTimeNs() : registerSendNs);
        final long sessionTimeoutNs = version >= 3 ? registered.sessionTimeoutNs() : 0;
        if (sessionTimeoutNs > 0 && leaseNs > sessionTimeoutNs - marginNs)
        {
            refuse("lease of " + TimeUnit.NANOSECONDS.toMillis(leaseNs) + " ms does not fit the cluster's session " +
                "timeout of " + TimeUnit.NANOSECONDS.toMillis(sessionTimeoutNs) + " ms minus the margin of " +
                TimeUnit.NANOSECONDS.toMillis(marginNs) + " ms: set sessionTimeoutMs to the cluster's");
            return;
        }
        final boolean resumed = registered.resumed() == BooleanType.TRUE;
        lastSeq = registered.directiveSeq();
        if (!resumed)
        {
            resyncCorrelationId = 0;
            if (holdsAnything())
            {
                closeAllLocally(); // a new worker to the cluster: nothing held belongs to it
            }
        }
        state = State.REGISTERED;
        registeredNow = true;
        registeredCount++;
        listener.onRegistered(resumed);
    }

    private void refuse(final String text)
    {
        refusal = text;
        closeAllLocally();
        if (State.REGISTERING == state || State.REGISTERED == state)
        {
            deregisterCorrelationId = ++correlationId;
            proxy.deregister(deregisterCorrelationId);
        }
        state = State.CLOSED;
        registeredNow = false;
        listener.onRejected(AdapterRejection.LEASE_DOES_NOT_FIT, RegisteredDecoder.TEMPLATE_ID, text);
    }

    private void onOpen(final long seq, final long epoch, final int handle, final String task)
    {
        noteSeq(seq);
        mentionedInResync.add(task);
        remember(task, handle);
        final Long current = held.get(task);
        if (null != current && current == epoch)
        {
            proxy.ack(TaskOpenedDecoder.TEMPLATE_ID, epoch, handleOf(task), task);
            return;
        }
        final PendingOpen waiting = pending.get(task);
        if (null != waiting && waiting.done.epoch() == epoch && !waiting.closeRequested)
        {
            return;
        }
        held.remove(task);
        final OpenCompletion done = new OpenCompletion(task, epoch, answers);
        pending.put(task, new PendingOpen(done)); // a pending open under another epoch is dropped: see processAnswers
        listener.onOpen(task, epoch, done);
    }

    private void onClose(final long seq, final long epoch, final int handle, final String task)
    {
        noteSeq(seq);
        mentionedInResync.add(task);
        remember(task, handle);
        final PendingOpen waiting = pending.get(task);
        if (null != waiting)
        {
            waiting.closeRequested = true;
            waiting.closeEpoch = epoch;
            return; // acknowledged once the open is answered (and closed if it opened)
        }
        final Long current = held.remove(task);
        if (null != current)
        {
            listener.onClose(task, current);
        }
        proxy.ack(TaskClosedDecoder.TEMPLATE_ID, epoch, handleOf(task), task);
        handles.remove(task);
    }

    /**
     * Keep the handle a directive carried for its task, to echo it (a resend carries none: echo none).
     */
    private void remember(final String task, final int handle)
    {
        if (Protocol.NO_TASK_HANDLE == handle)
        {
            handles.remove(task);
        }
        else
        {
            handles.put(task, handle);
        }
    }

    private int handleOf(final String task)
    {
        final Integer handle = handles.get(task);
        return null == handle ? Protocol.NO_TASK_HANDLE : handle;
    }

    /**
     * Directive sequence numbers are consecutive per worker; any gap (a directive lost on the way) asks for a resync.
     * Re-sent directives carry 0.
     */
    private void noteSeq(final long seq)
    {
        if (seq <= 0)
        {
            return;
        }
        if (seq > lastSeq + 1)
        {
            requestResync(now());
        }
        lastSeq = Math.max(lastSeq, seq);
    }

    private void onResyncDone(final DirectBuffer buffer, final int at, final int blockLength, final int version)
    {
        resyncDone.wrap(buffer, at, blockLength, version);
        if (resyncDone.correlationId() == resyncCorrelationId && 0 != resyncCorrelationId)
        {
            answered(resyncSendNs);
            final Iterator<Map.Entry<String, Long>> it = held.entrySet().iterator();
            while (it.hasNext())
            {
                final Map.Entry<String, Long> e = it.next();
                if (!mentionedInResync.contains(e.getKey()))
                {
                    it.remove();
                    listener.onClose(e.getKey(), e.getValue());
                }
            }
            pending.keySet().removeIf((task) -> !mentionedInResync.contains(task));
            handles.keySet().removeIf((task) -> !held.containsKey(task) && !pending.containsKey(task));
            resyncCorrelationId = 0;
        }
        lastSeq = Math.max(lastSeq, resyncDone.directiveSeq());
    }

    private void onRejected(final DirectBuffer buffer, final int at, final int blockLength, final int version)
    {
        rejected.wrap(buffer, at, blockLength, version);
        final int code = rejected.code();
        final int templateId = rejected.templateId();
        final String text = rejected.text();
        final long nowNs = now();
        if (RegisterDecoder.TEMPLATE_ID == templateId)
        {
            if (State.REGISTERING == state)
            {
                answered(registerSendNs);
                final long backoff = RejectionCode.DUPLICATE_WORKER.value() == code ? 2 * keepaliveNs :
                    TimeUnit.SECONDS.toNanos(1);
                nextRegisterNs = nowNs + backoff;
            }
        }
        else if (TaskOpenedDecoder.TEMPLATE_ID == templateId || TaskClosedDecoder.TEMPLATE_ID == templateId ||
            TaskReleasedDecoder.TEMPLATE_ID == templateId)
        {
            if (AdapterRejection.NOT_REGISTERED == code)
            {
                // the cluster no longer knows this worker on this session: whatever it holds is not its own
                fenceRequested = true;
            }
            else
            {
                requestResync(nowNs);
            }
        }
        listener.onRejected(code, templateId, text);
    }

    private int processAnswers()
    {
        int work = 0;
        OpenCompletion done;
        while (null != (done = answers.poll()))
        {
            work++;
            final String task = done.task();
            final long epoch = done.epoch();
            final PendingOpen waiting = pending.get(task);
            if (null == waiting || waiting.done != done)
            {
                if (done.wasOpened())
                {
                    listener.onClose(task, epoch); // given up meanwhile (closed, superseded, or fenced)
                }
                continue;
            }
            pending.remove(task);
            final boolean registeredHere = State.REGISTERED == state;
            if (waiting.closeRequested)
            {
                if (done.wasOpened())
                {
                    listener.onClose(task, epoch);
                }
                if (registeredHere)
                {
                    proxy.ack(TaskClosedDecoder.TEMPLATE_ID, waiting.closeEpoch, handleOf(task), task);
                }
                handles.remove(task);
            }
            else if (done.wasOpened())
            {
                held.put(task, epoch);
                if (registeredHere)
                {
                    proxy.ack(TaskOpenedDecoder.TEMPLATE_ID, epoch, handleOf(task), task);
                }
            }
            else
            {
                if (registeredHere)
                {
                    proxy.release(epoch, handleOf(task), task);
                }
                handles.remove(task);
            }
        }
        return work;
    }

    private void fence(final long nowNs)
    {
        fenceRequested = false;
        maxSilenceNs = Math.max(maxSilenceNs, nowNs - lastAnsweredSendNs);
        final boolean heldSomething = holdsAnything();
        closeAllLocally();
        fencedCount++;
        listener.onFenced();
        registeredNow = false;
        resyncCorrelationId = 0;
        lastAnsweredSendNs = nowNs; // a new attempt: register again and wait a lease for the answer
        if (State.REGISTERED == state || State.REGISTERING == state)
        {
            if (heldSomething)
            {
                state = State.REGISTERING; // on the same session, saying it holds nothing: new epochs follow
                nextRegisterNs = nowNs;
                proxy.clear();
            }
            else
            {
                reconnectRequested = true; // nothing answers on this session: a new one
            }
        }
    }

    private void closeAllLocally()
    {
        for (final Map.Entry<String, Long> e : held.entrySet())
        {
            listener.onClose(e.getKey(), e.getValue());
        }
        held.clear();
        handles.clear();
        pending.clear(); // their answers find nothing waiting: an open that completes is closed at once
    }

    private void requestResync(final long nowNs)
    {
        if (0 == resyncCorrelationId && State.REGISTERED == state)
        {
            resyncCorrelationId = ++correlationId;
            resyncSendNs = nowNs;
            resyncCount++;
            mentionedInResync.clear();
            proxy.resync(resyncCorrelationId);
        }
    }

    private void answered(final long sendNs)
    {
        if (sendNs > lastAnsweredSendNs)
        {
            if (State.REGISTERED == state)
            {
                final long silenceNs = now() - lastAnsweredSendNs;
                if (silenceNs > maxSilenceNs)
                {
                    maxSilenceNs = silenceNs;
                }
            }
            lastAnsweredSendNs = sendNs;
        }
    }

    private long now()
    {
        return ctx.nanoClock().nanoTime();
    }
}
