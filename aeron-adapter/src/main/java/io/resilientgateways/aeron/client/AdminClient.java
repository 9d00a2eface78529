package io.resilientgateways.aeron.client;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.logbuffer.Header;
import io.resilientgateways.aeron.protocol.Protocol;
import io.resilientgateways.aeron.codecs.AddTaskEncoder;
import io.resilientgateways.aeron.codecs.AdminAckDecoder;
import io.resilientgateways.aeron.codecs.AdminDoneDecoder;
import io.resilientgateways.aeron.codecs.AssignmentInfoDecoder;
import io.resilientgateways.aeron.codecs.BooleanType;
import io.resilientgateways.aeron.codecs.DrainWorkerEncoder;
import io.resilientgateways.aeron.codecs.HistoryEntryDecoder;
import io.resilientgateways.aeron.codecs.MessageHeaderDecoder;
import io.resilientgateways.aeron.codecs.MessageHeaderEncoder;
import io.resilientgateways.aeron.codecs.MoveTaskEncoder;
import io.resilientgateways.aeron.codecs.QueryAssignmentEncoder;
import io.resilientgateways.aeron.codecs.QueryHistoryEncoder;
import io.resilientgateways.aeron.codecs.RejectedDecoder;
import io.resilientgateways.aeron.codecs.RemoveTaskEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Blocking client for the admin commands: add, remove and move tasks, drain workers, read assignments and history.
 * Needs an admin principal. Each call sends one command and polls egress until its reply (or the timeout).
 * <pre>{@code
 * try (AdminClient admin = AdminClient.connect(clusterContext))     // credentials "admin:ops:secret"
 * {
 *     Reply reply = admin.addTask("PARTY-1", 1, "API_GATEWAY");
 *     List<AssignmentRecord> all = admin.assignments();
 * }
 * }</pre>
 * Not thread-safe.
 */
public final class AdminClient implements AutoCloseable
{
    /**
     * The answer to a command: accepted, or refused with a code.
     *
     * @param accepted true if applied.
     * @param code     0, or a {@code core.RejectionCode} value or {@code AdapterRejection} code.
     * @param text     detail of a refusal.
     */
    public record Reply(boolean accepted, int code, String text)
    {
    }

    /**
     * One task's assignment as the cluster reports it.
     *
     * @param task   the task.
     * @param status {@code TaskStatus} name.
     * @param owner  the owner, or empty.
     * @param target where it moves next, or empty.
     * @param epoch  its epoch.
     * @param stuck  true if an ack is overdue.
     */
    public record AssignmentRecord(String task, String status, String owner, String target, long epoch, boolean stuck)
    {
    }

    /**
     * One transition from the cluster's history.
     *
     * @param time   cluster time.
     * @param task   the task.
     * @param from   status before.
     * @param to     status after ({@code NONE}: removed).
     * @param worker the worker concerned, or empty.
     * @param epoch  epoch after.
     * @param cause  why, as a sentence.
     */
    public record HistoryRecord(long time, String task, String from, String to, String worker, long epoch, String cause)
    {
    }

    private final AeronCluster cluster;
    private final long timeoutNs;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final List<AssignmentRecord> assignments = new ArrayList<>();
    private final List<HistoryRecord> history = new ArrayList<>();
    private long correlationId;
    private long awaited;
    private Reply reply;

    private AdminClient(final AeronCluster.Context ctx, final long timeoutNs)
    {
        this.timeoutNs = timeoutNs;
        this.cluster = AeronCluster.connect(ctx.egressListener(new Listener()));
    }

    /**
     * @param ctx cluster client settings (ingress endpoints, egress channel, credentials, Aeron directory).
     * @return a connected client; each call waits at most 5 s for its reply.
     */
    public static AdminClient connect(final AeronCluster.Context ctx)
    {
        return new AdminClient(ctx, TimeUnit.SECONDS.toNanos(5));
    }

    /**
     * @return the underlying cluster client (e.g. for keepalives while idle).
     */
    public AeronCluster cluster()
    {
        return cluster;
    }

    /**
     * @param task     the task id.
     * @param weight   its weight.
     * @param requires capabilities it needs.
     * @return the reply.
     */
    public Reply addTask(final String task, final int weight, final String... requires)
    {
        final AddTaskEncoder e = new AddTaskEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(++correlationId).weight(weight);
        final AddTaskEncoder.RequiredCapabilitiesEncoder group = e.requiredCapabilitiesCount(requires.length);
        for (final String cap : requires)
        {
            group.next().capability(cap);
        }
        e.task(task);
        return call(e.encodedLength());
    }

    /**
     * @param task the task id.
     * @return the reply.
     */
    public Reply removeTask(final String task)
    {
        return call(new RemoveTaskEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(++correlationId).task(task).encodedLength());
    }

    /**
     * @param worker the worker name.
     * @return the reply.
     */
    public Reply drainWorker(final String worker)
    {
        return call(new DrainWorkerEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(++correlationId).worker(worker).encodedLength());
    }

    /**
     * @param task   the task id.
     * @param worker the new owner.
     * @return the reply.
     */
    public Reply moveTask(final String task, final String worker)
    {
        return call(new MoveTaskEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(++correlationId).task(task).worker(worker).encodedLength());
    }

    /**
     * @return every task's assignment, sorted by task id.
     * @throws IllegalStateException if the query was refused or timed out.
     */
    public List<AssignmentRecord> assignments()
    {
        assignments.clear();
        final Reply r = call(new QueryAssignmentEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(++correlationId).task("").encodedLength());
        if (!r.accepted())
        {
            throw new IllegalStateException("query refused: " + r);
        }
        return List.copyOf(assignments);
    }

    /**
     * @param task    a task, or empty for all.
     * @param maxEntries newest entries to return, 0 for all kept.
     * @return the transitions, oldest first.
     * @throws IllegalStateException if the query was refused or timed out.
     */
    public List<HistoryRecord> history(final String task, final int maxEntries)
    {
        history.clear();
        final Reply r = call(new QueryHistoryEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(++correlationId).maxEntries(maxEntries).task(task).encodedLength());
        if (!r.accepted())
        {
            throw new IllegalStateException("query refused: " + r);
        }
        return List.copyOf(history);
    }

    /**
     * Keep the session alive while idle; call at least every keepalive interval between commands.
     */
    public void poll()
    {
        cluster.pollEgress();
        cluster.sendKeepAlive();
    }

    /**
     * Disconnect.
     */
    public void close()
    {
        cluster.close();
    }

    private Reply call(final int bodyLength)
    {
        awaited = correlationId;
        reply = null;
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + bodyLength;
        final long deadline = System.nanoTime() + timeoutNs;
        while (cluster.offer(buffer, 0, length) < 0)
        {
            timeoutCheck(deadline);
            cluster.pollEgress();
            Thread.onSpinWait();
        }
        while (null == reply)
        {
            timeoutCheck(deadline);
            if (0 == cluster.pollEgress())
            {
                Thread.onSpinWait();
            }
        }
        return reply;
    }

    private void timeoutCheck(final long deadline)
    {
        if (System.nanoTime() - deadline > 0)
        {
            throw new IllegalStateException("no reply within " + TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms");
        }
    }

    private void onMessage(final DirectBuffer b, final int offset)
    {
        header.wrap(b, offset);
        if (Protocol.SCHEMA_ID != header.schemaId())
        {
            return;
        }
        final int at = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int bl = header.blockLength();
        final int v = header.version();
        switch (header.templateId())
        {
            case AdminAckDecoder.TEMPLATE_ID ->
            {
                if (new AdminAckDecoder().wrap(b, at, bl, v).correlationId() == awaited)
                {
                    reply = new Reply(true, 0, "");
                }
            }
            case AdminDoneDecoder.TEMPLATE_ID ->
            {
                if (new AdminDoneDecoder().wrap(b, at, bl, v).correlationId() == awaited)
                {
                    reply = new Reply(true, 0, "");
                }
            }
            case RejectedDecoder.TEMPLATE_ID ->
            {
                final RejectedDecoder d = new RejectedDecoder().wrap(b, at, bl, v);
                if (d.correlationId() == awaited)
                {
                    final int code = d.code();
                    d.templateId();
                    reply = new Reply(false, code, d.text());
                }
            }
            case AssignmentInfoDecoder.TEMPLATE_ID ->
            {
                final AssignmentInfoDecoder d = new AssignmentInfoDecoder().wrap(b, at, bl, v);
                if (d.correlationId() == awaited)
                {
                    final long epoch = d.epoch();
                    final String status = d.status().name();
                    final boolean stuck = d.stuck() == BooleanType.TRUE;
                    assignments.add(new AssignmentRecord(d.task(), status, d.owner(), d.target(), epoch, stuck));
                }
            }
            case HistoryEntryDecoder.TEMPLATE_ID ->
            {
                final HistoryEntryDecoder d = new HistoryEntryDecoder().wrap(b, at, bl, v);
                if (d.correlationId() == awaited)
                {
                    final long time = d.time();
                    final long epoch = d.epoch();
                    final String from = d.fromStatus().name();
                    final String to = d.toStatus().name();
                    history.add(new HistoryRecord(time, d.task(), from, to, d.worker(), epoch, d.cause()));
                }
            }
            default ->
            {
            }
        }
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
            AdminClient.this.onMessage(buffer, offset);
        }
    }
}
