package io.resilientgateways.aeron.node;

import io.aeron.archive.client.AeronArchive;
import io.aeron.archive.client.ArchiveException;
import io.aeron.archive.client.RecordingDescriptorConsumer;
import io.aeron.archive.status.RecordingPos;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.RecordingLog;
import org.agrona.CloseHelper;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Keeps a member's archive bounded: after each snapshot, deletes the log below the oldest of the newest
 * {@code retainSnapshots} snapshots (whole segment files, {@link AeronArchive#purgeSegments}) and the recordings of
 * the snapshots older than it ({@link AeronArchive#purgeRecording}).
 * <p>
 * Why this is safe for Aeron 1.51 (read from its source): a restart plans its recovery from the latest valid snapshot
 * in the recording log and replays the log from that snapshot's position only ({@code RecordingLog.planRecovery}),
 * so no member ever reads its own log below its newest snapshot; keeping {@code retainSnapshots} of them leaves
 * {@code retainSnapshots - 1} fallbacks for {@code ClusterTool invalidate-latest-snapshot}. The archive refuses to
 * detach a segment that a replay is reading (a leader catching a follower up) or that is still being written, and we
 * retry at the next snapshot. The snapshot entries whose recordings we delete are then invalidated by the consensus
 * module itself ({@code NodeControl.ToggleState.VALIDATE_RECORDING_LOG}), never by editing its file.
 * <p>
 * Log committed within the member's hold ({@link RecentLog}) is never deleted, whatever the snapshots allow, nor, on
 * the leader, log that a follower heard from within the hold still needs ({@link FollowerLogs}): Aeron catches a
 * follower up only from the leader's log, so with snapshots a second apart a follower that fell behind for a few
 * seconds (a pause, a log image stalled under load) would otherwise find the log it needs deleted, for good.
 * <p>
 * What it costs: a member that was stopped (or cut off) for longer than the hold while the others went past its
 * position by more than the retained snapshots cannot be caught up from the log any more (the leader no longer has
 * it) and must be seeded from another member's data; see {@code docs/operations.md}. Not thread-safe: the member's
 * health thread owns it.
 */
final class LogRetention implements AutoCloseable
{
    private final int memberId;
    private final int retainSnapshots;
    private final File clusterDir;
    private final AeronArchive.Context archiveContext;
    private final Consumer<String> eventLog;
    private AeronArchive archive;
    private long purgedSegments;
    private long purgedSnapshotRecordings;
    private long logStartPosition;

    /**
     * @param memberId        this member's id (named in the event log).
     * @param retainSnapshots snapshots to keep (at least 1).
     * @param clusterDir      the consensus module's directory (its recording log).
     * @param archiveContext  to reach this member's own archive; connected on first use.
     * @param eventLog        told about each purge.
     */
    LogRetention(
        final int memberId,
        final int retainSnapshots,
        final File clusterDir,
        final AeronArchive.Context archiveContext,
        final Consumer<String> eventLog)
    {
        if (retainSnapshots < 1)
        {
            throw new IllegalArgumentException("retainSnapshots must be at least 1: " + retainSnapshots);
        }
        this.memberId = memberId;
        this.retainSnapshots = retainSnapshots;
        this.clusterDir = clusterDir;
        this.archiveContext = archiveContext;
        this.eventLog = eventLog;
    }

    /**
     * What to delete, read from a recording log: pure, so it can be checked on a log written by hand.
     *
     * @param logRecordingId       the log's recording id, or {@link RecordingPos#NULL_RECORDING_ID} if none yet.
     * @param keepFromPosition     the log position from which the log must stay (the oldest retained snapshot's), or
     *                             -1 if fewer snapshots than retained exist (nothing to delete).
     * @param snapshotRecordingIds recordings of the valid snapshots older than that position, every service's.
     */
    record Plan(long logRecordingId, long keepFromPosition, List<Long> snapshotRecordingIds)
    {
        static Plan of(final RecordingLog recordingLog, final int retainSnapshots)
        {
            final TreeSet<Long> positions = new TreeSet<>();
            for (final RecordingLog.Entry entry : recordingLog.entries())
            {
                if (isSnapshot(entry) && ConsensusModule.Configuration.SERVICE_ID == entry.serviceId)
                {
                    positions.add(entry.logPosition);
                }
            }
            final long logRecordingId = recordingLog.findLastTermRecordingId();
            if (positions.size() < retainSnapshots)
            {
                return new Plan(logRecordingId, -1, List.of());
            }
            final long keepFrom = positions.descendingSet().stream().skip(retainSnapshots - 1).findFirst().orElseThrow();
            final List<Long> olderSnapshots = new ArrayList<>();
            for (final RecordingLog.Entry entry : recordingLog.entries())
            {
                if (isSnapshot(entry) && entry.logPosition < keepFrom)
                {
                    olderSnapshots.add(entry.recordingId);
                }
            }
            return new Plan(logRecordingId, keepFrom, List.copyOf(olderSnapshots));
        }

        private static boolean isSnapshot(final RecordingLog.Entry entry)
        {
            return RecordingLog.ENTRY_TYPE_SNAPSHOT == entry.type && entry.isValid;
        }
    }

    /**
     * Delete what the newest snapshots no longer need, but no log at or above {@code deletableBelow} (see
     * {@link RecentLog} and {@link FollowerLogs}). Errors (an archive that refuses because a replay is reading the
     * segment, or that is not reachable yet) are logged and retried at the next snapshot.
     *
     * @param deletableBelow the log from this position on is kept whatever the snapshots allow; -1 keeps all of it.
     * @param heldFor        what the log from {@code deletableBelow} is kept for, named in the event log.
     * @return true if snapshot recordings were deleted (their recording log entries are now stale: ask the consensus
     * module to validate its recording log).
     */
    boolean purge(final long deletableBelow, final String heldFor)
    {
        final Plan plan;
        try (RecordingLog recordingLog = new RecordingLog(clusterDir, false))
        {
            plan = Plan.of(recordingLog, retainSnapshots);
        }
        if (plan.keepFromPosition() < 0 || RecordingPos.NULL_RECORDING_ID == plan.logRecordingId())
        {
            return false;
        }
        try
        {
            if (null == archive)
            {
                archive = AeronArchive.connect(archiveContext.clone());
            }
            purgeLog(plan, deletableBelow, heldFor);
            int deleted = 0;
            for (final long recordingId : plan.snapshotRecordingIds())
            {
                try
                {
                    archive.purgeRecording(recordingId);
                    deleted++;
                }
                catch (final ArchiveException ex)
                {
                    if (ArchiveException.UNKNOWN_RECORDING != ex.errorCode())
                    {
                        throw ex;
                    }
                    deleted++; // already gone (an earlier run deleted it before the entry was invalidated)
                }
            }
            purgedSnapshotRecordings += deleted;
            if (deleted > 0)
            {
                eventLog.accept("RETENTION member " + memberId + " deleted " + deleted + " snapshot recordings older than log position " +
                    plan.keepFromPosition() + " " + plan.snapshotRecordingIds());
            }
            return deleted > 0;
        }
        catch (final RuntimeException ex)
        {
            eventLog.accept("RETENTION member " + memberId + " skipped until the next snapshot: " + ex);
            CloseHelper.quietClose(archive);
            archive = null;
            return false;
        }
    }

    private void purgeLog(final Plan plan, final long deletableBelow, final String heldFor)
    {
        final long[] extent = new long[4]; // start position, stop position, term length, segment length
        final RecordingDescriptorConsumer consumer = (controlSessionId, correlationId, recordingId, startTimestamp,
            stopTimestamp, startPosition, stopPosition, initialTermId, segmentFileLength, termBufferLength, mtuLength,
            sessionId, streamId, strippedChannel, originalChannel, sourceIdentity) ->
        {
            extent[0] = startPosition;
            extent[1] = stopPosition;
            extent[2] = termBufferLength;
            extent[3] = segmentFileLength;
        };
        if (0 == archive.listRecording(plan.logRecordingId(), consumer))
        {
            throw new IllegalStateException("log recording " + plan.logRecordingId() + " not in the archive");
        }
        final long startPosition = extent[0];
        final int segmentLength = (int)extent[3];
        logStartPosition = startPosition;
        final long keepFrom = Math.min(plan.keepFromPosition(), deletableBelow);
        if (keepFrom < 0)
        {
            return; // keep it all: nothing committed long enough ago, or the followers' positions not known
        }
        final long newStart = AeronArchive.segmentFileBasePosition(
            startPosition, Math.max(startPosition, keepFrom), (int)extent[2], segmentLength);
        // the archive deletes whole segments, and never the first one a recording starts in unless it is full
        final long lowerBound = AeronArchive.segmentFileBasePosition(
            startPosition, startPosition, (int)extent[2], segmentLength) + segmentLength;
        if (newStart >= lowerBound)
        {
            final long segments = archive.purgeSegments(plan.logRecordingId(), newStart);
            purgedSegments += segments;
            logStartPosition = newStart;
            eventLog.accept("RETENTION member " + memberId + " log recording " + plan.logRecordingId() + " now starts at " + newStart +
                " (" + segments + " segment files deleted; oldest retained snapshot at " + plan.keepFromPosition() +
                (keepFrom < plan.keepFromPosition() ? ", " + heldFor + " " + keepFrom : "") + ")");
        }
    }

    /**
     * @return log segment files deleted so far.
     */
    long purgedSegments()
    {
        return purgedSegments;
    }

    /**
     * @return snapshot recordings deleted so far.
     */
    long purgedSnapshotRecordings()
    {
        return purgedSnapshotRecordings;
    }

    /**
     * @return the log recording's start position as last seen (0 before the first purge).
     */
    long logStartPosition()
    {
        return logStartPosition;
    }

    public void close()
    {
        CloseHelper.quietClose(archive);
        archive = null;
    }
}
