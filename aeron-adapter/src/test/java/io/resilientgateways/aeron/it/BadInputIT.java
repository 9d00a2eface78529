package io.resilientgateways.aeron.it;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.logbuffer.Header;
import io.resilientgateways.aeron.protocol.AdapterRejection;
import io.resilientgateways.aeron.protocol.Protocol;
import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.codecs.AddTaskEncoder;
import io.resilientgateways.aeron.codecs.MessageHeaderDecoder;
import io.resilientgateways.aeron.codecs.MessageHeaderEncoder;
import io.resilientgateways.aeron.codecs.RegisterEncoder;
import io.resilientgateways.aeron.codecs.RejectedDecoder;
import io.resilientgateways.aeron.codecs.TaskOpenedEncoder;
import io.resilientgateways.aeron.codecs.TaskReleasedEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Malformed and unauthorised input against a real cluster: each gets a typed rejection, is counted on every
 * replica, and leaves the snapshot bytes unchanged; unknown credentials cannot connect at all.
 */
class BadInputIT extends ClusterTestSupport
{
    private final List<Integer> codes = new CopyOnWriteArrayList<>();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void badInputIsRejectedAndChangesNothing()
    {
        startCluster(21600, 1_000, 1_000);
        final AdminClient admin = admin();
        addTasks(admin, 3);
        cluster.snapshot(10_000);
        final byte[] before = cluster.service(0).component().lastSnapshotBytes();

        final AeronCluster gateway = raw("gateway:gw-1:pw-1");
        int expected = 0;

        send(gateway, truncated());
        send(gateway, headerOnly(99, 1));
        send(gateway, headerOnly(5, 9));
        send(gateway, registerAs("x".repeat(100)));
        send(gateway, taskOpened());
        send(gateway, addTask());
        send(gateway, registerAs("gw-2"));
        send(gateway, lyingGroupCount());
        send(gateway, taskReleased());
        expected += 9;
        buffer.putShort(0, (short)0);
        buffer.putShort(4, (short)1234);
        gateway.offer(buffer, 0, 16);
        final AeronCluster adminSession = raw(ADMIN);
        send(adminSession, registerAs("ops"));
        expected++;

        final int total = expected;
        await(10_000, "all rejections", () ->
        {
            gateway.pollEgress();
            adminSession.pollEgress();
            return codes.size() >= total;
        });
        assertThat(codes).containsExactlyInAnyOrder(
            AdapterRejection.MALFORMED,
            AdapterRejection.UNKNOWN_TEMPLATE,
            AdapterRejection.WRONG_SCHEMA_VERSION,
            AdapterRejection.FIELD_TOO_LONG,
            AdapterRejection.NOT_REGISTERED,
            AdapterRejection.NOT_REGISTERED,
            AdapterRejection.UNAUTHORISED,
            AdapterRejection.UNAUTHORISED,
            AdapterRejection.MALFORMED,
            AdapterRejection.UNAUTHORISED);

        assertThatThrownBy(() -> raw("gateway:gw-1:wrong-secret")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> raw("gateway:nobody:pw")).isInstanceOf(RuntimeException.class);

        cluster.snapshot(10_000);
        for (int i = 0; i < 3; i++)
        {
            assertThat(cluster.service(i).component().lastSnapshotBytes()).isEqualTo(before);
            assertThat(cluster.service(i).component().malformedCount()).isEqualTo(5);
            assertThat(cluster.service(i).component().unauthorisedCount()).isEqualTo(3);
        }
        assertThat(admin.assignments()).hasSize(3);
    }

    private AeronCluster raw(final String credentials)
    {
        final AeronCluster client = AeronCluster.connect(cluster.clientContext(credentials).egressListener(
            new EgressListener()
            {
                public void onMessage(
                    final long sessionId, final long timestamp, final DirectBuffer b, final int offset,
                    final int length, final Header h)
                {
                    final MessageHeaderDecoder hd = new MessageHeaderDecoder().wrap(b, offset);
                    if (hd.schemaId() == Protocol.SCHEMA_ID && hd.templateId() == RejectedDecoder.TEMPLATE_ID)
                    {
                        codes.add(new RejectedDecoder().wrapAndApplyHeader(b, offset, hd).code());
                    }
                }
            }));
        closeables.add(client);
        return client;
    }

    private void send(final AeronCluster client, final int length)
    {
        await(5_000, "offer", () -> client.offer(buffer, 0, length) > 0);
    }

    private int truncated()
    {
        final int length = registerAs("gw-1");
        return length - 8;
    }

    private int headerOnly(final int templateId, final int version)
    {
        header.wrap(buffer, 0).blockLength(8).templateId(templateId).schemaId(Protocol.SCHEMA_ID).version(version);
        buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH, 42);
        return MessageHeaderEncoder.ENCODED_LENGTH + 8;
    }

    private int registerAs(final String name)
    {
        final RegisterEncoder e = new RegisterEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(7).incarnation(11).capacity(1).protocolVersion(Protocol.PROTOCOL_VERSION);
        e.capabilitiesCount(1).next().capability("API_GATEWAY");
        e.name(name);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    private int lyingGroupCount()
    {
        final RegisterEncoder e = new RegisterEncoder().wrapAndApplyHeader(buffer, 0, header)
            .correlationId(8).incarnation(11).capacity(1).protocolVersion(Protocol.PROTOCOL_VERSION);
        e.capabilitiesCount(3);
        return MessageHeaderEncoder.ENCODED_LENGTH + RegisterEncoder.BLOCK_LENGTH + 4;
    }

    private int taskOpened()
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new TaskOpenedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .epoch(1).task("PARTY-01").encodedLength();
    }

    private int taskReleased()
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new TaskReleasedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .epoch(1).task("PARTY-01").encodedLength();
    }

    private int addTask()
    {
        final AddTaskEncoder e = new AddTaskEncoder().wrapAndApplyHeader(buffer, 0, header).correlationId(9).weight(1);
        e.requiredCapabilitiesCount(0);
        e.task("PARTY-99");
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }
}
