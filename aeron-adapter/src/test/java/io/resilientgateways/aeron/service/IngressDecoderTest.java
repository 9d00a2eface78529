package io.resilientgateways.aeron.service;

import io.resilientgateways.aeron.protocol.AdapterRejection;
import io.resilientgateways.aeron.protocol.Protocol;
import io.resilientgateways.aeron.codecs.MessageHeaderEncoder;
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

class IngressDecoderTest
{
    private final IngressDecoder decoder = new IngressDecoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);

    @Test
    void decodesAValidRegistration()
    {
        final int length = register("gw-1", List.of("API_GATEWAY", "zone=ldn"));
        assertThat(decoder.decode(buffer, 0, length)).isEqualTo(IngressDecoder.OK);
        assertThat(decoder.request().name).isEqualTo("gw-1");
        assertThat(decoder.request().capabilities).containsExactly("API_GATEWAY", "zone=ldn");
        assertThat(decoder.request().incarnation).isEqualTo(77);
    }

    @Property(tries = 300)
    void everyTruncationIsRejectedNeverThrown(@ForAll @IntRange(min = 0, max = 60) final int cut)
    {
        final int length = register("gw-1", List.of("API_GATEWAY", "zone=ldn"));
        final int truncated = Math.max(0, length - 1 - cut);
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[truncated]);
        copy.putBytes(0, buffer, 0, truncated);
        assertThat(decoder.decode(copy, 0, truncated))
            .isIn(AdapterRejection.MALFORMED, IngressDecoder.NOT_OURS);
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
        final int result = decoder.decode(b, 0, b.capacity());
        assertThat(result).isGreaterThanOrEqualTo(IngressDecoder.OK);
    }

    @Test
    void rejectsOversizedNamesAndTooManyCapabilities()
    {
        assertThat(decoder.decode(buffer, 0, register("x".repeat(65), List.of())))
            .isEqualTo(AdapterRejection.FIELD_TOO_LONG);
        assertThat(decoder.decode(buffer, 0, register("gw-1", java.util.Collections.nCopies(17, "c"))))
            .isEqualTo(AdapterRejection.FIELD_TOO_LONG);
        assertThat(decoder.decode(buffer, 0, register("bad name", List.of())))
            .isEqualTo(io.resilientgateways.core.RejectionCode.INVALID_NAME.value());
    }

    @Test
    void decodesARelease()
    {
        final int length = release("PARTY-7", 42);
        assertThat(decoder.decode(buffer, 0, length)).isEqualTo(IngressDecoder.OK);
        assertThat(decoder.request().templateId).isEqualTo(TaskReleasedDecoder.TEMPLATE_ID);
        assertThat(decoder.request().task).isEqualTo("PARTY-7");
        assertThat(decoder.request().epoch).isEqualTo(42);
        assertThat(Protocol.SCHEMA_VERSION).isEqualTo(2);
    }

    @Test
    void rejectsBadReleases()
    {
        assertThat(decoder.decode(buffer, 0, release("x".repeat(65), 1))).isEqualTo(AdapterRejection.FIELD_TOO_LONG);
        assertThat(decoder.decode(buffer, 0, release("bad name", 1)))
            .isEqualTo(io.resilientgateways.core.RejectionCode.INVALID_NAME.value());
        final int length = release("PARTY-7", 42);
        assertThat(decoder.decode(buffer, 0, length - 3)).isEqualTo(AdapterRejection.MALFORMED);
        new MessageHeaderEncoder().wrap(buffer, 0).blockLength(TaskReleasedDecoder.BLOCK_LENGTH - 1);
        assertThat(decoder.decode(buffer, 0, length)).isEqualTo(AdapterRejection.MALFORMED);
    }

    @Test
    void stillDecodesVersionOneMessages()
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new TaskOpenedEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).epoch(5).task("PARTY-1").encodedLength();
        new MessageHeaderEncoder().wrap(buffer, 0).version(1);
        assertThat(decoder.decode(buffer, 0, length)).isEqualTo(IngressDecoder.OK);
        assertThat(decoder.request().task).isEqualTo("PARTY-1");
        assertThat(decoder.request().epoch).isEqualTo(5);

        final int registration = register("gw-1", List.of("API_GATEWAY"));
        new MessageHeaderEncoder().wrap(buffer, 0).version(1);
        assertThat(decoder.decode(buffer, 0, registration)).isEqualTo(IngressDecoder.OK);
        assertThat(decoder.request().name).isEqualTo("gw-1");

        new MessageHeaderEncoder().wrap(buffer, 0).version(Protocol.SCHEMA_VERSION + 1);
        assertThat(decoder.decode(buffer, 0, registration)).isEqualTo(AdapterRejection.WRONG_SCHEMA_VERSION);
    }

    @Test
    void leavesOtherSchemasAlone()
    {
        new MessageHeaderEncoder().wrap(buffer, 0).blockLength(0).templateId(1).schemaId(7).version(1);
        assertThat(decoder.decode(buffer, 0, 8)).isEqualTo(IngressDecoder.NOT_OURS);
    }

    private int release(final String task, final long epoch)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new TaskReleasedEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).epoch(epoch).task(task).encodedLength();
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
