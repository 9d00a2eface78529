package io.resilientgateways.aeron.node;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotScheduleTest
{
    @Test
    void leaderAsksOneIntervalAfterStartThenAfterEachSnapshot()
    {
        final SnapshotSchedule schedule = new SnapshotSchedule(1_000, 5_000);
        assertThat(schedule.due(5_000, 0, true)).isFalse();
        assertThat(schedule.due(5_999, 0, true)).isFalse();
        assertThat(schedule.due(6_000, 0, true)).isTrue();
        schedule.requested();
        assertThat(schedule.due(6_100, 0, true)).as("asked, not taken yet: no second request").isFalse();
        assertThat(schedule.due(6_300, 1, true)).as("taken at 6300").isFalse();
        assertThat(schedule.due(7_299, 1, true)).isFalse();
        assertThat(schedule.due(7_300, 1, true)).isTrue();
    }

    @Test
    void followerNeverAsksButCountsSnapshotsTheLeaderTook()
    {
        final SnapshotSchedule schedule = new SnapshotSchedule(1_000, 0);
        assertThat(schedule.due(2_000, 0, false)).isFalse();
        assertThat(schedule.due(2_500, 1, false)).isFalse();
        assertThat(schedule.due(3_000, 1, true)).as("became leader 500 ms after the last snapshot").isFalse();
        assertThat(schedule.due(3_500, 1, true)).isTrue();
    }

    @Test
    void restoredCountIsNotANewSnapshot()
    {
        final SnapshotSchedule schedule = new SnapshotSchedule(1_000, 0);
        assertThat(schedule.due(900, 7, true)).isFalse();
        assertThat(schedule.due(1_000, 7, true)).isTrue();
    }

    @Test
    void zeroIntervalNeverAsks()
    {
        final SnapshotSchedule schedule = new SnapshotSchedule(0, 0);
        assertThat(schedule.due(Long.MAX_VALUE / 2, 0, true)).isFalse();
    }
}
