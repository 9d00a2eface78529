package io.resilientgateways.aeron.node;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The log retention hold: nothing committed within the hold may be deleted, the answer is the newest position at
 * least that old, and the samples stay few however long the member runs.
 */
class RecentLogTest
{
    @Test
    void nothingIsDeletableUntilTheFirstSampleIsAsOldAsTheHold()
    {
        final RecentLog log = new RecentLog(1_000);
        log.sample(0, 500);
        assertThat(log.deletableBelow(0)).isEqualTo(-1);
        log.sample(999, 900);
        assertThat(log.deletableBelow(999)).as("the first sample is 999 ms old").isEqualTo(-1);
        assertThat(log.deletableBelow(1_000)).isEqualTo(500);
    }

    @Test
    void answersTheNewestPositionCommittedAtLeastTheHoldAgo()
    {
        final RecentLog log = new RecentLog(1_000);
        for (long t = 0; t <= 5_000; t += 100)
        {
            log.sample(t, 10 * t); // 10 bytes per ms
        }
        assertThat(log.deletableBelow(5_000)).isEqualTo(40_000);
        assertThat(log.deletableBelow(5_050)).as("4,050 ms was not sampled: the sample before it").isEqualTo(40_000);
        // a member that stopped at position 45,000 half a second ago still finds its log
        assertThat(log.deletableBelow(5_000)).isLessThan(45_000);
    }

    @Test
    void aSilentPeriodDoesNotLetRecentLogGo()
    {
        final RecentLog log = new RecentLog(1_000);
        log.sample(0, 100);
        log.sample(5_000, 100); // nothing committed for five seconds
        log.sample(5_100, 700);
        assertThat(log.deletableBelow(5_100)).isEqualTo(100);
        assertThat(log.deletableBelow(6_100)).isEqualTo(700);
    }

    @Test
    void keepsAFewDozenSamplesWhateverTheRunTime()
    {
        final RecentLog log = new RecentLog(600_000);
        for (long t = 0; t <= 3_600_000; t += 100)
        {
            log.sample(t, t);
        }
        assertThat(log.size()).isLessThanOrEqualTo(64 + 2);
        assertThat(log.deletableBelow(3_600_000)).isBetween(3_000_000L - 600_000 / 64, 3_000_000L);
    }

    @Test
    void noHoldDeletesWhatTheSnapshotsAllow()
    {
        final RecentLog log = new RecentLog(0);
        assertThat(log.deletableBelow(0)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> new RecentLog(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
