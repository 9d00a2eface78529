package io.resilientgateways.aeron.service;

import io.aeron.logbuffer.ControlledFragmentHandler;
import io.resilientgateways.aeron.codecs.MessageHeaderDecoder;
import io.resilientgateways.aeron.codecs.SnapshotAdminActionDecoder;
import io.resilientgateways.aeron.codecs.SnapshotBeginDecoder;
import io.resilientgateways.aeron.codecs.SnapshotChunkDecoder;
import io.resilientgateways.aeron.codecs.SnapshotEndDecoder;
import io.resilientgateways.aeron.codecs.SnapshotSettingsDecoder;
import io.resilientgateways.aeron.codecs.SnapshotWorkerDecoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A component's snapshot section without Aeron: taken into a list of messages, split from the bytes
 * {@code lastSnapshotBytes()} returns (as golden files keep them), and read back as a {@link ComponentSnapshot.Source}.
 */
final class SnapshotFrames
{
    private SnapshotFrames()
    {
    }

    static List<byte[]> take(final BalancerServiceComponent component)
    {
        final List<byte[]> frames = new ArrayList<>();
        component.takeSnapshot((buffer, offset, length) ->
        {
            final byte[] frame = new byte[length];
            buffer.getBytes(offset, frame);
            frames.add(frame);
            return frames.size();
        });
        return frames;
    }

    static byte[] join(final List<byte[]> frames)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /**
     * Split concatenated snapshot messages at their boundaries, read from each message's header and body (of any
     * schema version: fields a version lacks are skipped as absent).
     */
    static List<byte[]> split(final byte[] bytes)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final List<byte[]> frames = new ArrayList<>();
        int offset = 0;
        while (offset < bytes.length)
        {
            header.wrap(buffer, offset);
            final int at = offset + MessageHeaderDecoder.ENCODED_LENGTH;
            final int bl = header.blockLength();
            final int v = header.version();
            final int body = switch (header.templateId())
            {
                case SnapshotBeginDecoder.TEMPLATE_ID -> new SnapshotBeginDecoder().wrap(buffer, at, bl, v)
                    .sbeSkip().encodedLength();
                case SnapshotChunkDecoder.TEMPLATE_ID -> new SnapshotChunkDecoder().wrap(buffer, at, bl, v)
                    .sbeSkip().encodedLength();
                case SnapshotWorkerDecoder.TEMPLATE_ID -> new SnapshotWorkerDecoder().wrap(buffer, at, bl, v)
                    .sbeSkip().encodedLength();
                case SnapshotAdminActionDecoder.TEMPLATE_ID -> new SnapshotAdminActionDecoder().wrap(buffer, at, bl, v)
                    .sbeSkip().encodedLength();
                case SnapshotSettingsDecoder.TEMPLATE_ID -> new SnapshotSettingsDecoder().wrap(buffer, at, bl, v)
                    .sbeSkip().encodedLength();
                case SnapshotEndDecoder.TEMPLATE_ID -> new SnapshotEndDecoder().wrap(buffer, at, bl, v)
                    .sbeSkip().encodedLength();
                default -> throw new IllegalArgumentException("template " + header.templateId() + " at " + offset);
            };
            final int length = MessageHeaderDecoder.ENCODED_LENGTH + body;
            final byte[] frame = new byte[length];
            buffer.getBytes(offset, frame);
            frames.add(frame);
            offset += length;
        }
        return frames;
    }

    /**
     * @return the frames as an image would deliver them, one fragment each, honouring ABORT and BREAK.
     */
    static ComponentSnapshot.Source source(final List<byte[]> frames)
    {
        return new ComponentSnapshot.Source()
        {
            private int next;

            public int poll(final ControlledFragmentHandler handler, final int fragmentLimit)
            {
                int delivered = 0;
                while (delivered < fragmentLimit && next < frames.size())
                {
                    final byte[] frame = frames.get(next);
                    final ControlledFragmentHandler.Action action =
                        handler.onFragment(new UnsafeBuffer(frame), 0, frame.length, null);
                    if (ControlledFragmentHandler.Action.ABORT == action)
                    {
                        break;
                    }
                    next++;
                    delivered++;
                    if (ControlledFragmentHandler.Action.BREAK == action)
                    {
                        break;
                    }
                }
                return delivered;
            }

            public boolean ended()
            {
                return next >= frames.size();
            }
        };
    }
}
