package io.resilientgateways.aeron.node;

import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.RecordingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What log retention deletes, read from a real recording log written with Aeron's own API: the log below the oldest
 * retained snapshot, every service's recordings of the older snapshots, nothing while there are too few snapshots,
 * and an invalidated snapshot (ClusterTool invalidate-latest-snapshot) neither counts nor is deleted.
 */
class LogRetentionTest
{
    private static final int CM = ConsensusModule.Configuration.SERVICE_ID;

    @TempDir
    File dir;

    @Test
    void keepsTheNewestSnapshotsAndTheLogFromTheOldestOfThem()
    {
        try (RecordingLog log = new RecordingLog(dir, true))
        {
            log.appendTerm(7, 0, 0, 0);
            snapshot(log, 100, 0, 0, 1_000);
            snapshot(log, 102, 0, 0, 2_000);
            log.appendTerm(7, 1, 2_500, 10);
            snapshot(log, 104, 1, 2_500, 3_000);
            snapshot(log, 106, 1, 2_500, 4_000);

            final LogRetention.Plan two = LogRetention.Plan.of(log, 2);
            assertThat(two.logRecordingId()).isEqualTo(7);
            assertThat(two.keepFromPosition()).isEqualTo(3_000);
            assertThat(two.snapshotRecordingIds()).containsExactly(100L, 101L, 102L, 103L);

            final LogRetention.Plan three = LogRetention.Plan.of(log, 3);
            assertThat(three.keepFromPosition()).isEqualTo(2_000);
            assertThat(three.snapshotRecordingIds()).containsExactly(100L, 101L);

            final LogRetention.Plan five = LogRetention.Plan.of(log, 5);
            assertThat(five.keepFromPosition()).as("fewer snapshots than retained: nothing").isEqualTo(-1);
            assertThat(five.snapshotRecordingIds()).isEmpty();
        }
    }

    @Test
    void anInvalidatedSnapshotIsNotRetainedInsteadOfAValidOne()
    {
        try (RecordingLog log = new RecordingLog(dir, true))
        {
            log.appendTerm(7, 0, 0, 0);
            snapshot(log, 100, 0, 0, 1_000);
            snapshot(log, 102, 0, 0, 2_000);
            snapshot(log, 104, 0, 0, 3_000);
            assertThat(log.invalidateLatestSnapshot()).isTrue();

            final LogRetention.Plan plan = LogRetention.Plan.of(log, 2);
            assertThat(plan.keepFromPosition()).as("the restart would load 2000, the fallback is 1000").isEqualTo(1_000);
            assertThat(plan.snapshotRecordingIds()).isEmpty();
        }
    }

    @Test
    void noLogYetMeansNothingToPurge()
    {
        try (RecordingLog log = new RecordingLog(dir, true))
        {
            final LogRetention.Plan plan = LogRetention.Plan.of(log, 2);
            assertThat(plan.keepFromPosition()).isEqualTo(-1);
        }
    }

    @Test
    void retainingFewerThanOneSnapshotIsRefused()
    {
        assertThatThrownBy(() -> new LogRetention(0, 0, dir, null, (line) -> {}))
            .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A snapshot as the consensus module writes it: the service's recording first, then its own.
     */
    private static void snapshot(
        final RecordingLog log, final long firstRecordingId, final long term, final long termBase, final long pos)
    {
        log.appendSnapshot(firstRecordingId, term, termBase, pos, pos, 0);
        log.appendSnapshot(firstRecordingId + 1, term, termBase, pos, pos, CM);
    }
}
