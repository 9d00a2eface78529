package io.resilientgateways.benchmarks.aeron;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.logbuffer.Header;
import io.resilientgateways.aeron.service.BalancerServiceContext;
import io.resilientgateways.aeron.protocol.Protocol;
import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.codecs.AdminAckDecoder;
import io.resilientgateways.aeron.codecs.DeregisterEncoder;
import io.resilientgateways.aeron.codecs.HeartbeatEncoder;
import io.resilientgateways.aeron.codecs.HeartbeatReplyDecoder;
import io.resilientgateways.aeron.codecs.MessageHeaderDecoder;
import io.resilientgateways.aeron.codecs.MessageHeaderEncoder;
import io.resilientgateways.aeron.codecs.OpenDecoder;
import io.resilientgateways.aeron.codecs.RegisterEncoder;
import io.resilientgateways.aeron.codecs.RegisteredDecoder;
import io.resilientgateways.aeron.codecs.TaskOpenedEncoder;
import io.resilientgateways.aeron.node.LocalCluster;
import io.resilientgateways.aeron.security.CredentialsTable;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;

/**
 * Command throughput through a 3-node cluster on loopback: acknowledgements ({@code TaskOpened}, each a log entry
 * applied by the engine) and registrations ({@code Register} + {@code Deregister}, each answered). One client
 * session pipelines the commands under Aeron's back pressure; the clock stops when the reply to a final heartbeat
 * (or the last deregistration) arrives, so every command has been replicated, committed and applied. Not JMH: the
 * unit of work is a replicated log entry. Usage: {@code java <agrona flags> -cp benchmarks.jar
 * io.resilientgateways.benchmarks.aeron.ThroughputBenchmark [acks=1000000] [registrations=200000] [rounds=3]}.
 */
public final class ThroughputBenchmark
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private AeronCluster client;
    private long lastHeartbeatReply;
    private long lastAdminAck;
    private long registeredCount;
    private long sent;
    private long rejected;
    private String lastRejection;
    private long openEpoch;
    private String openTask;

    private ThroughputBenchmark()
    {
    }

    /**
     * @param args acks, registrations, rounds.
     */
    public static void main(final String[] args)
    {
        final long acks = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        final long registrations = args.length > 1 ? Long.parseLong(args[1]) : 200_000;
        final int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        final CredentialsTable credentials = CredentialsTable.of("gateway:*:pw-g", "admin:bench:pw-a");
        try (LocalCluster cluster = new LocalCluster(3, 22500, 10_000, 1_000, credentials,
            BalancerServiceContext::new))
        {
            cluster.start();
            cluster.awaitLeader(10_000);
            new ThroughputBenchmark().run(cluster, acks, registrations, rounds);
        }
    }

    private void run(final LocalCluster cluster, final long acks, final long registrations, final int rounds)
    {
        client = AeronCluster.connect(cluster.clientContext("gateway:*:pw-g").egressListener(new Listener()));
        try (AdminClient admin = AdminClient.connect(cluster.clientContext("admin:bench:pw-a")))
        {
            sendRegister("bench-gw", 1);
            awaitUntil(() -> registeredCount == 1);
            admin.addTask("PARTY-1", 1);
            awaitUntil(() -> null != openTask);
            send(new TaskOpenedEncoder().wrapAndApplyHeader(buffer, 0, header).epoch(openEpoch).task(openTask)
                .encodedLength());
            for (int round = 0; round < rounds; round++)
            {
                final long start = System.nanoTime();
                final TaskOpenedEncoder ack = new TaskOpenedEncoder();
                for (long i = 0; i < acks; i++)
                {
                    send(ack.wrapAndApplyHeader(buffer, 0, header).epoch(openEpoch).task(openTask).encodedLength());
                }
                final long marker = round + 1;
                send(new HeartbeatEncoder().wrapAndApplyHeader(buffer, 0, header).correlationId(marker)
                    .sendTimeNs(System.nanoTime()).encodedLength());
                awaitUntil(() -> lastHeartbeatReply == marker);
                final double secs = (System.nanoTime() - start) / 1e9;
                System.out.printf("RESULT acks round %d: %d acks in %.3f s = %.0f acks/s%n",
                    round + 1, acks, secs, acks / secs);
                admin.poll();
            }
            send(new DeregisterEncoder().wrapAndApplyHeader(buffer, 0, header).correlationId(-1).encodedLength());
            awaitUntil(() -> lastAdminAck == -1);
            for (int round = 0; round < rounds; round++)
            {
                final long start = System.nanoTime();
                final long base = registeredCount;
                for (long i = 0; i < registrations; i++)
                {
                    sendRegister("bench-" + (i & 1023), i + 1);
                    send(new DeregisterEncoder().wrapAndApplyHeader(buffer, 0, header).correlationId(i + 1)
                        .encodedLength());
                }
                awaitUntil(() -> lastAdminAck == registrations && registeredCount - base == registrations);
                final double secs = (System.nanoTime() - start) / 1e9;
                System.out.printf("RESULT registrations round %d: %d register+deregister pairs in %.3f s = " +
                    "%.0f commands/s%n", round + 1, registrations, secs, 2 * registrations / secs);
                lastAdminAck = 0;
                admin.poll();
            }
        }
        finally
        {
            client.close();
        }
    }

    private void sendRegister(final String name, final long correlationId)
    {
        final RegisterEncoder e = new RegisterEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId).incarnation(1).capacity(1).protocolVersion(Protocol.PROTOCOL_VERSION);
        e.capabilitiesCount(0);
        e.name(name);
        send(e.encodedLength());
    }

    private void send(final int bodyLength)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + bodyLength;
        long spins = 0;
        while (client.offer(buffer, 0, length) < 0)
        {
            client.pollEgress();
            if (++spins % 100_000 == 0)
            {
                client.sendKeepAlive();
            }
        }
        if ((++sent & 63) == 0)
        {
            client.pollEgress();
        }
    }

    private void awaitUntil(final java.util.function.BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long nextHeartbeat = System.nanoTime();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - nextHeartbeat > 0)
            {
                // like a gateway's keepalive: each heartbeat is a log event on which the leader drains its egress
                client.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + new HeartbeatEncoder()
                    .wrapAndApplyHeader(buffer, 0, header).correlationId(0).sendTimeNs(0).encodedLength());
                nextHeartbeat = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
            }
            if (0 == client.pollEgress())
            {
                Thread.onSpinWait();
            }
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("timed out: registered=" + registeredCount + " lastAdminAck=" +
                    lastAdminAck + " rejected=" + rejected + " lastRejection=" + lastRejection);
            }
        }
    }

    private final class Listener implements EgressListener
    {
        public void onMessage(
            final long sessionId, final long timestamp, final DirectBuffer b, final int offset, final int length,
            final Header h)
        {
            headerDecoder.wrap(b, offset);
            if (headerDecoder.schemaId() != Protocol.SCHEMA_ID)
            {
                return;
            }
            switch (headerDecoder.templateId())
            {
                case HeartbeatReplyDecoder.TEMPLATE_ID ->
                {
                    final long id = new HeartbeatReplyDecoder().wrapAndApplyHeader(b, offset, headerDecoder)
                        .correlationId();
                    lastHeartbeatReply = 0 == id ? lastHeartbeatReply : id;
                }
                case AdminAckDecoder.TEMPLATE_ID ->
                    lastAdminAck = new AdminAckDecoder().wrapAndApplyHeader(b, offset, headerDecoder).correlationId();
                case RegisteredDecoder.TEMPLATE_ID -> registeredCount++;
                case io.resilientgateways.aeron.codecs.RejectedDecoder.TEMPLATE_ID ->
                {
                    rejected++;
                    lastRejection = new io.resilientgateways.aeron.codecs.RejectedDecoder()
                        .wrapAndApplyHeader(b, offset, headerDecoder).text();
                }
                case OpenDecoder.TEMPLATE_ID ->
                {
                    final OpenDecoder d = new OpenDecoder().wrapAndApplyHeader(b, offset, headerDecoder);
                    openEpoch = d.epoch();
                    openTask = d.task();
                }
                default ->
                {
                }
            }
        }
    }
}
