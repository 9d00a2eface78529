package io.resilientgateways.aeron.client;

import io.aeron.Publication;
import io.resilientgateways.aeron.protocol.Protocol;
import io.resilientgateways.aeron.codecs.BooleanType;
import io.resilientgateways.aeron.codecs.DeregisterEncoder;
import io.resilientgateways.aeron.codecs.HeartbeatEncoder;
import io.resilientgateways.aeron.codecs.MessageHeaderEncoder;
import io.resilientgateways.aeron.codecs.RegisterEncoder;
import io.resilientgateways.aeron.codecs.ResyncEncoder;
import io.resilientgateways.aeron.codecs.TaskClosedEncoder;
import io.resilientgateways.aeron.codecs.TaskOpenedEncoder;
import io.resilientgateways.aeron.codecs.TaskReleasedEncoder;
import org.agrona.ExpandableRingBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

/**
 * Encodes a gateway's ingress and queues it until the cluster accepts it, so back pressure delays a message (an
 * ack above all) but never loses it while connected. The queue is cleared on disconnect: after reconnecting, the
 * resync re-sends the directives and the acks follow again.
 */
final class GatewayProxy
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final RegisterEncoder register = new RegisterEncoder();
    private final DeregisterEncoder deregister = new DeregisterEncoder();
    private final HeartbeatEncoder heartbeat = new HeartbeatEncoder();
    private final ResyncEncoder resync = new ResyncEncoder();
    private final TaskOpenedEncoder taskOpened = new TaskOpenedEncoder();
    private final TaskClosedEncoder taskClosed = new TaskClosedEncoder();
    private final TaskReleasedEncoder taskReleased = new TaskReleasedEncoder();
    private final ExpandableRingBuffer pending = new ExpandableRingBuffer();
    private Ingress target;

    /**
     * Where the proxy sends: the cluster session's ingress ({@code AeronCluster::offer}).
     */
    @FunctionalInterface
    interface Ingress
    {
        long offer(org.agrona.DirectBuffer buffer, int offset, int length);
    }

    void register(final long correlationId, final GatewayContext ctx, final long sendTimeNs, final boolean holdsTasks)
    {
        register.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId)
            .incarnation(ctx.incarnation())
            .capacity(ctx.capacity())
            .protocolVersion(Protocol.PROTOCOL_VERSION)
            .sendTimeNs(sendTimeNs)
            .holdsTasks(holdsTasks ? BooleanType.TRUE : BooleanType.FALSE);
        final List<String> caps = ctx.capabilities();
        final RegisterEncoder.CapabilitiesEncoder group = register.capabilitiesCount(caps.size());
        for (final String cap : caps)
        {
            group.next().capability(cap);
        }
        register.name(ctx.workerName());
        enqueue(register.encodedLength());
    }

    void deregister(final long correlationId)
    {
        deregister.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId);
        enqueue(deregister.encodedLength());
    }

    void heartbeat(final long correlationId, final long sendTimeNs)
    {
        if (pending.isEmpty())
        {
            heartbeat.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).sendTimeNs(sendTimeNs);
            enqueue(heartbeat.encodedLength());
        }
    }

    void resync(final long correlationId)
    {
        resync.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId);
        enqueue(resync.encodedLength());
    }

    void ack(final int templateId, final long epoch, final int handle, final String task)
    {
        if (TaskOpenedEncoder.TEMPLATE_ID == templateId)
        {
            taskOpened.wrapAndApplyHeader(buffer, 0, header).epoch(epoch).taskHandle(handle).task(task);
            enqueue(taskOpened.encodedLength());
        }
        else
        {
            taskClosed.wrapAndApplyHeader(buffer, 0, header).epoch(epoch).taskHandle(handle).task(task);
            enqueue(taskClosed.encodedLength());
        }
    }

    void release(final long epoch, final int handle, final String task)
    {
        enqueue(encodeRelease(epoch, handle, task));
    }

    /**
     * Send a release now, after everything queued, or not at all.
     *
     * @return the new position (&gt; 0), or a negative {@link Publication} code; nothing is queued.
     */
    long offerRelease(final Ingress cluster, final long epoch, final int handle, final String task)
    {
        if (!flush(cluster))
        {
            return Publication.BACK_PRESSURED;
        }
        final int bodyLength = encodeRelease(epoch, handle, task);
        return cluster.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + bodyLength);
    }

    private int encodeRelease(final long epoch, final int handle, final String task)
    {
        taskReleased.wrapAndApplyHeader(buffer, 0, header).epoch(epoch).taskHandle(handle).task(task);
        return taskReleased.encodedLength();
    }

    /**
     * @param cluster where to send.
     * @return true if nothing is left queued.
     */
    boolean flush(final Ingress cluster)
    {
        if (pending.isEmpty())
        {
            return true;
        }
        target = cluster;
        pending.consume(this::offer, Integer.MAX_VALUE);
        target = null;
        return pending.isEmpty();
    }

    void clear()
    {
        pending.reset(4096);
    }

    private boolean offer(
        final org.agrona.MutableDirectBuffer b, final int offset, final int length, final int headOffset)
    {
        return target.offer(b, offset, length) > 0;
    }

    private void enqueue(final int bodyLength)
    {
        pending.append(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + bodyLength);
    }
}
