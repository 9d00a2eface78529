package io.resilientgateways.aeron.service;

import io.resilientgateways.aeron.protocol.AdapterRejection;
import io.resilientgateways.aeron.protocol.Protocol;
import io.resilientgateways.aeron.codecs.MessageHeaderEncoder;
import io.resilientgateways.aeron.codecs.RegisterDecoder;
import io.resilientgateways.aeron.codecs.RegisterEncoder;
import io.resilientgateways.aeron.codecs.TaskOpenedEncoder;
import io.resilientgateways.aeron.codecs.TaskReleasedDecoder;
import io.resilientgateways.aeron.codecs.TaskReleasedEncoder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IngressAdapterTest
{
    private final RecordingHandler handler = new RecordingHandler();
    private final IngressAdapter adapter = new IngressAdapter(handler);
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);

    @Test
    void decodesAValidRegistration()
    {
        final int length = register("gw-1", List.of("API_GATEWAY", "zone=ldn"));
        assertThat(decode(buffer, 0, length)).isEqualTo(IngressAdapter.OK);
        assertThat(handler.request.name).isEqualTo("gw-1");
        assertThat(handler.request.capabilities).containsExactly("API_GATEWAY", "zone=ldn");
        assertThat(handler.request.incarnation).isEqualTo(77);
    }

    @Property(tries = 300)
    void everyTruncationIsRejectedNeverThrown(@ForAll @IntRange(min = 0, max = 60) final int cut)
    {
        final int length = register("gw-1", List.of("API_GATEWAY", "zone=ldn"));
        final int truncated = Math.max(0, length - 1 - cut);
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[truncated]);
        copy.putBytes(0, buffer, 0, truncated);
        assertThat(decode(copy, 0, truncated))
            .isIn(AdapterRejection.MALFORMED, IngressAdapter.NOT_OURS);
    }

    @Property(tries = 1000)
    void randomBytesOfOurSchemaNeverEscapeAsExceptions(
        @ForAll @Size(max = 200) final byte[] body,
        @ForAll @IntRange(min = 0, max = 64) final int blockLength,
        @ForAll @IntRange(min = 0, max = 40) final int templateId,
        @ForAll @IntRange(min = 0, max = 3) final int version)
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[body.length + 8]);
        new MessageHeaderEncoder().wrap(b, 0).blockLength(blockLength).templateId(templateId)
            .schemaId(Protocol.SCHEMA_ID).version(version);
        b.putBytes(8, body);
        final int result = decode(b, 0, b.capacity());
        assertThat(result).isGreaterThanOrEqualTo(IngressAdapter.OK);
    }

    @Test
    void rejectsOversizedNamesAndTooManyCapabilities()
    {
        assertThat(decode(buffer, 0, register("x".repeat(65), List.of())))
            .isEqualTo(AdapterRejection.FIELD_TOO_LONG);
        assertThat(decode(buffer, 0, register("gw-1", java.util.Collections.nCopies(17, "c"))))
            .isEqualTo(AdapterRejection.FIELD_TOO_LONG);
        assertThat(decode(buffer, 0, register("bad name", List.of())))
            .isEqualTo(io.resilientgateways.core.RejectionCode.INVALID_NAME.value());
    }

    @Test
    void decodesARelease()
    {
        final int length = release("PARTY-7", 42);
        assertThat(decode(buffer, 0, length)).isEqualTo(IngressAdapter.OK);
        assertThat(handler.ackTemplateId).isEqualTo(TaskReleasedDecoder.TEMPLATE_ID);
        assertThat(handler.ackName).isEqualTo("PARTY-7");
        assertThat(handler.ackEpoch).isEqualTo(42);
        assertThat(handler.ackHandle).isEqualTo(17);
        assertThat(Protocol.SCHEMA_VERSION).isEqualTo(7);
    }

    @Test
    void aVersionFiveAckWithoutAHandleIsWholeAndCarriesNone()
    {
        // as a version-5 gateway encodes it: the epoch alone in the fixed block, then the name
        new MessageHeaderEncoder().wrap(buffer, 0).blockLength(Long.BYTES).templateId(TaskOpenedEncoder.TEMPLATE_ID)
            .schemaId(Protocol.SCHEMA_ID).version(5);
        final int at = MessageHeaderEncoder.ENCODED_LENGTH;
        buffer.putLong(at, 9, java.nio.ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(at + Long.BYTES, (short)7, java.nio.ByteOrder.LITTLE_ENDIAN);
        buffer.putStringWithoutLengthAscii(at + Long.BYTES + Short.BYTES, "PARTY-5");
        assertThat(decode(buffer, 0, at + Long.BYTES + Short.BYTES + 7)).isEqualTo(IngressAdapter.OK);
        assertThat(handler.ackName).isEqualTo("PARTY-5");
        assertThat(handler.ackEpoch).isEqualTo(9);
        assertThat(handler.ackHandle).isEqualTo(Protocol.NO_TASK_HANDLE);
        // the same block from a version-6 gateway lacks its handle
        new MessageHeaderEncoder().wrap(buffer, 0).version(6);
        assertThat(decode(buffer, 0, at + Long.BYTES + Short.BYTES + 7)).isEqualTo(AdapterRejection.MALFORMED);
    }

    @Test
    void rejectsBadReleases()
    {
        assertThat(decode(buffer, 0, release("x".repeat(65), 1))).isEqualTo(AdapterRejection.FIELD_TOO_LONG);
        // an ack's name is handed over as bytes; the component validates it only if it is not a known task's
        assertThat(decode(buffer, 0, release("bad name", 1))).isEqualTo(IngressAdapter.OK);
        assertThat(handler.ackName).isEqualTo("bad name");
        final int length = release("PARTY-7", 42);
        assertThat(decode(buffer, 0, length - 3)).isEqualTo(AdapterRejection.MALFORMED);
        new MessageHeaderEncoder().wrap(buffer, 0).blockLength(TaskReleasedDecoder.BLOCK_LENGTH - 1);
        assertThat(decode(buffer, 0, length)).isEqualTo(AdapterRejection.MALFORMED);
    }

    @Test
    void stillDecodesVersionOneMessages()
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new TaskOpenedEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).epoch(5).task("PARTY-1").encodedLength();
        new MessageHeaderEncoder().wrap(buffer, 0).version(1);
        assertThat(decode(buffer, 0, length)).isEqualTo(IngressAdapter.OK);
        assertThat(handler.ackName).isEqualTo("PARTY-1");
        assertThat(handler.ackEpoch).isEqualTo(5);

        final int registration = register("gw-1", List.of("API_GATEWAY"));
        new MessageHeaderEncoder().wrap(buffer, 0).version(1);
        assertThat(decode(buffer, 0, registration)).isEqualTo(IngressAdapter.OK);
        assertThat(handler.request.name).isEqualTo("gw-1");

        new MessageHeaderEncoder().wrap(buffer, 0).version(Protocol.SCHEMA_VERSION + 1);
        assertThat(decode(buffer, 0, registration)).isEqualTo(AdapterRejection.WRONG_SCHEMA_VERSION);
    }

    @Test
    void leavesOtherSchemasAlone()
    {
        new MessageHeaderEncoder().wrap(buffer, 0).blockLength(0).templateId(1).schemaId(7).version(1);
        assertThat(decode(buffer, 0, 8)).isEqualTo(IngressAdapter.NOT_OURS);
    }

    @Test
    void authorisesOnTheTemplateBeforeReadingAnyField()
    {
        handler.authorised = false;
        // an invalid name and a bad version: refused as unauthorised all the same, nothing decoded
        final int length = register("bad name", List.of("API_GATEWAY"));
        assertThat(decode(buffer, 0, length)).isEqualTo(AdapterRejection.UNAUTHORISED);
        new MessageHeaderEncoder().wrap(buffer, 0).version(Protocol.SCHEMA_VERSION + 1);
        assertThat(decode(buffer, 0, length)).isEqualTo(AdapterRejection.UNAUTHORISED);
        assertThat(handler.authorisedAsked).containsExactly(RegisterDecoder.TEMPLATE_ID, RegisterDecoder.TEMPLATE_ID);
        assertThat(handler.request).isNull();
        handler.authorised = true;
        new MessageHeaderEncoder().wrap(buffer, 0).version(Protocol.SCHEMA_VERSION);
        assertThat(decode(buffer, 0, length)).isEqualTo(io.resilientgateways.core.RejectionCode.INVALID_NAME.value());
    }

    @Test
    void refusesUnknownTemplatesBeforeAuthorising()
    {
        new MessageHeaderEncoder().wrap(buffer, 0).blockLength(8).templateId(8).schemaId(Protocol.SCHEMA_ID)
            .version(Protocol.SCHEMA_VERSION);
        assertThat(decode(buffer, 0, 16)).isEqualTo(AdapterRejection.UNKNOWN_TEMPLATE);
        assertThat(handler.authorisedAsked).isEmpty();
    }

    @Test
    void registerCarriesSendTimeAndHoldsTasks()
    {
        final RegisterEncoder e = new RegisterEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .correlationId(1).incarnation(77).capacity(1).protocolVersion(1).sendTimeNs(123_456)
            .holdsTasks(io.resilientgateways.aeron.codecs.BooleanType.TRUE);
        e.capabilitiesCount(0);
        e.name("gw-1");
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
        assertThat(decode(buffer, 0, length)).isEqualTo(IngressAdapter.OK);
        assertThat(handler.request.sendTimeNs).isEqualTo(123_456);
        assertThat(handler.request.holdsTasks).isTrue();
    }

    @Test
    void aRegisterWhoseHoldsTasksIsNeitherTrueNorFalseIsMalformedNotThrown()
    {
        final int length = register("gw-1", List.of("API_GATEWAY"));
        buffer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + RegisterEncoder.holdsTasksEncodingOffset(), (byte)7);
        assertThat(decode(buffer, 0, length)).isEqualTo(AdapterRejection.MALFORMED);
        assertThat(handler.request).isNull();
    }

    private int decode(final org.agrona.DirectBuffer b, final int offset, final int length)
    {
        handler.request = null;
        return adapter.onMessage(null, 1, b, offset, length);
    }

    private static final class RecordingHandler implements IngressHandler
    {
        boolean authorised = true;
        final List<Integer> authorisedAsked = new java.util.ArrayList<>();
        IngressRequest request;
        int ackTemplateId;
        long ackEpoch;
        int ackHandle;
        String ackName;

        public boolean isAuthorised(final io.aeron.cluster.service.ClientSession session, final int templateId)
        {
            authorisedAsked.add(templateId);
            return authorised;
        }

        public void onUnauthorised(final io.aeron.cluster.service.ClientSession session, final int templateId)
        {
        }

        public void onInvalid(final io.aeron.cluster.service.ClientSession session, final int code, final int templateId)
        {
        }

        public void onHeartbeat(
            final io.aeron.cluster.service.ClientSession session, final long timestamp, final long correlationId,
            final long sendTimeNs)
        {
        }

        public void onAck(
            final io.aeron.cluster.service.ClientSession session, final long timestamp, final int templateId,
            final long epoch, final int handle, final org.agrona.DirectBuffer buffer, final int nameOffset,
            final int nameLength)
        {
            ackTemplateId = templateId;
            ackEpoch = epoch;
            ackHandle = handle;
            ackName = buffer.getStringWithoutLengthAscii(nameOffset, nameLength);
        }

        public void onRequest(
            final io.aeron.cluster.service.ClientSession session, final long timestamp, final IngressRequest request)
        {
            this.request = request;
        }
    }

    private int release(final String task, final long epoch)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new TaskReleasedEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).epoch(epoch).taskHandle(17).task(task)
            .encodedLength();
    }

    private int register(final String name, final List<String> caps)
    {
        final RegisterEncoder e = new RegisterEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .correlationId(1).incarnation(77).capacity(1).protocolVersion(1);
        final RegisterEncoder.CapabilitiesEncoder g = e.capabilitiesCount(caps.size());
        caps.forEach((c) -> g.next().capability(c));
        e.name(name);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }
}
