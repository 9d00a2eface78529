package io.resilientgateways.aeron.node;

import io.aeron.archive.codecs.mark.MarkFileHeaderDecoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Clears the mark files a {@code kill -9}ed member leaves behind, so that it restarts at once.
 * <p>
 * Aeron's archive, consensus module and service container each keep a mark file whose activity timestamp the running
 * component refreshes every second; a new component refuses to start while that timestamp is younger than
 * {@code LIVENESS_TIMEOUT_MS} (10 s: "active mark file detected"), in case another process still uses the directory.
 * The mark file also records the pid and start time of the process that wrote it. When that process is gone (no such
 * pid, a process that started after the mark file was written, or this very process before it launched anything),
 * nobody can be using the directory: this class zeroes the activity timestamp, which is what the liveness check
 * reads, and leaves everything else (the candidate term id an election relies on, the error log Aeron saves) as it
 * was. A mark file of a live process is left alone, so two members can still never share a directory.
 */
final class StaleMarkFiles
{
    /** Slack between the mark file's start time and the start time of the process that wrote it. */
    private static final long START_SLACK_MS = 2_000;
    private static final int MESSAGE_HEADER_LENGTH = 8;

    private StaleMarkFiles()
    {
    }

    /**
     * Clear the stale mark files of a member's directories.
     *
     * @param clusterDir the consensus module's and service container's directory.
     * @param archiveDir the archive's directory.
     * @param log        told about every file cleared.
     * @return the files cleared.
     */
    static List<File> clear(final File clusterDir, final File archiveDir, final Consumer<String> log)
    {
        final List<File> cleared = new ArrayList<>();
        final File[] clusterFiles = clusterDir.listFiles((dir, name) ->
            name.startsWith("cluster-mark") && name.endsWith(".dat"));
        if (null != clusterFiles)
        {
            for (final File file : clusterFiles)
            {
                clearIfStale(file, Layout.CLUSTER, log, cleared);
            }
        }
        clearIfStale(new File(archiveDir, "archive-mark.dat"), Layout.ARCHIVE, log, cleared);
        return cleared;
    }

    /**
     * @param pid              the pid a mark file names.
     * @param startTimestampMs the mark file's start time (epoch ms).
     * @return true if a process other than this one with that pid is alive and started before the mark file.
     */
    static boolean ownerAlive(final long pid, final long startTimestampMs)
    {
        if (pid <= 0 || pid == ProcessHandle.current().pid())
        {
            return false;
        }
        final Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive())
        {
            return false;
        }
        return process.get().info().startInstant()
            .map((started) -> started.toEpochMilli() <= startTimestampMs + START_SLACK_MS)
            .orElse(true);
    }

    private static void clearIfStale(
        final File file, final Layout layout, final Consumer<String> log, final List<File> cleared)
    {
        if (!file.isFile() || file.length() < MESSAGE_HEADER_LENGTH + layout.blockLength)
        {
            return;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw"); FileChannel channel = raf.getChannel())
        {
            final MappedByteBuffer mapped =
                channel.map(FileChannel.MapMode.READ_WRITE, 0, MESSAGE_HEADER_LENGTH + layout.blockLength);
            final UnsafeBuffer buffer = new UnsafeBuffer(mapped);
            final int templateId = buffer.getShort(2) & 0xFFFF;
            final int schemaId = buffer.getShort(4) & 0xFFFF;
            if (templateId != layout.templateId || schemaId != layout.schemaId)
            {
                return; // an older layout: Aeron's own check decides
            }
            final long activity = buffer.getLongVolatile(MESSAGE_HEADER_LENGTH + layout.activityOffset);
            final long started = buffer.getLong(MESSAGE_HEADER_LENGTH + layout.startOffset);
            final long pid = buffer.getLong(MESSAGE_HEADER_LENGTH + layout.pidOffset);
            if (activity <= 0 || ownerAlive(pid, started))
            {
                return; // cleared already, or closed cleanly (Aeron then writes -1): nothing to clear
            }
            buffer.putLongVolatile(MESSAGE_HEADER_LENGTH + layout.activityOffset, 0);
            mapped.force();
            cleared.add(file);
            log.accept("cleared the mark file " + file + " of process " + pid + ", which is gone (activity " +
                (System.currentTimeMillis() - activity) + " ms ago)");
        }
        catch (final IOException ex)
        {
            log.accept("could not check the mark file " + file + ": " + ex);
        }
    }

    private enum Layout
    {
        CLUSTER(
            io.aeron.cluster.codecs.mark.MarkFileHeaderDecoder.SCHEMA_ID,
            io.aeron.cluster.codecs.mark.MarkFileHeaderDecoder.TEMPLATE_ID,
            io.aeron.cluster.codecs.mark.MarkFileHeaderDecoder.BLOCK_LENGTH,
            io.aeron.cluster.codecs.mark.MarkFileHeaderDecoder.activityTimestampEncodingOffset(),
            io.aeron.cluster.codecs.mark.MarkFileHeaderDecoder.startTimestampEncodingOffset(),
            io.aeron.cluster.codecs.mark.MarkFileHeaderDecoder.pidEncodingOffset()),
        ARCHIVE(
            MarkFileHeaderDecoder.SCHEMA_ID,
            MarkFileHeaderDecoder.TEMPLATE_ID,
            MarkFileHeaderDecoder.BLOCK_LENGTH,
            MarkFileHeaderDecoder.activityTimestampEncodingOffset(),
            MarkFileHeaderDecoder.startTimestampEncodingOffset(),
            MarkFileHeaderDecoder.pidEncodingOffset());

        final int schemaId;
        final int templateId;
        final int blockLength;
        final int activityOffset;
        final int startOffset;
        final int pidOffset;

        Layout(
            final int schemaId,
            final int templateId,
            final int blockLength,
            final int activityOffset,
            final int startOffset,
            final int pidOffset)
        {
            this.schemaId = schemaId;
            this.templateId = templateId;
            this.blockLength = blockLength;
            this.activityOffset = activityOffset;
            this.startOffset = startOffset;
            this.pidOffset = pidOffset;
        }
    }
}
