package io.resilientgateways.aeron;

import io.resilientgateways.aeron.codecs.MessageHeaderEncoder;
import io.resilientgateways.aeron.codecs.RegisterEncoder;
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
    void randomBytesOfOurSchemaNeverEscapeAsExceptions(@ForAll @Size(max = 200) final byte[] body)
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[body.length + 8]);
        new MessageHeaderEncoder().wrap(b, 0).blockLength(body.length % 40).templateId(body.length % 30)
            .schemaId(Protocol.SCHEMA_ID).version(1);
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
    void leavesOtherSchemasAlone()
    {
        new MessageHeaderEncoder().wrap(buffer, 0).blockLength(0).templateId(1).schemaId(7).version(1);
        assertThat(decoder.decode(buffer, 0, 8)).isEqualTo(IngressDecoder.NOT_OURS);
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
