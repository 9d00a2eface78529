package io.resilientgateways.aeron.time;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MonotonicClusterClockTest
{
    private long wallMs = 1_800_000_000_000L;
    private long nanos = 42;

    @Test
    void aWallClockStepDoesNotMoveTheClusterClock()
    {
        final MonotonicClusterClock clock = new MonotonicClusterClock(() -> wallMs, () -> nanos);
        assertThat(clock.time()).isEqualTo(wallMs);
        wallMs += TimeUnit.HOURS.toMillis(1);        // NTP steps the leader's wall clock forward
        nanos += TimeUnit.MILLISECONDS.toNanos(10);  // while 10 ms pass
        assertThat(clock.time()).isEqualTo(1_800_000_000_010L);
        assertThat(clock.timeNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1_800_000_000_000L) + 10_000_000L);
        wallMs -= TimeUnit.HOURS.toMillis(2);        // and back
        assertThat(clock.timeMillis()).isEqualTo(1_800_000_000_010L);
        assertThat(clock.timeUnit()).isEqualTo(TimeUnit.MILLISECONDS);
    }

    @Test
    void aSessionTimeoutMeasuredOnItCannotFireEarlyAfterAStep()
    {
        final MonotonicClusterClock clock = new MonotonicClusterClock(() -> wallMs, () -> nanos);
        final long lastActivityNs = clock.timeNanos();
        final long sessionTimeoutNs = TimeUnit.SECONDS.toNanos(1);
        wallMs += 500;                              // a 500 ms step, larger than a 200 ms fence margin
        nanos += TimeUnit.MILLISECONDS.toNanos(700); // 700 ms pass: a gateway's 800 ms lease still holds
        assertThat(clock.timeNanos() - lastActivityNs).isLessThan(sessionTimeoutNs);
    }

    @Test
    void aPauseCountsAsOneStepOnlySoAWokenLeaderDoesNotTimeSessionsOut()
    {
        final long maxStepNs = TimeUnit.MILLISECONDS.toNanos(250);
        final MonotonicClusterClock clock = new MonotonicClusterClock(() -> wallMs, () -> nanos, maxStepNs);
        final long sessionTimeoutNs = TimeUnit.SECONDS.toNanos(2);
        final long lastActivityNs = clock.timeNanos();
        for (int i = 0; i < 100; i++)               // a running member reads its clock every duty cycle: all counts
        {
            nanos += TimeUnit.MILLISECONDS.toNanos(10);
            clock.timeNanos();
        }
        assertThat(clock.timeNanos() - lastActivityNs).isEqualTo(TimeUnit.SECONDS.toNanos(1));
        nanos += TimeUnit.SECONDS.toNanos(5);       // SIGSTOP for 5 s, 2.5 session timeouts
        assertThat(clock.timeNanos() - lastActivityNs).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1_250))
            .isLessThan(sessionTimeoutNs);
        assertThat(clock.excludedNs()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(4_750));
        nanos += TimeUnit.MILLISECONDS.toNanos(200); // running again: time counts again
        assertThat(clock.timeNanos() - lastActivityNs).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1_450));
    }

    @Test
    void withoutACapAPauseCountsInFullAndTheSessionTimesOut()
    {
        final MonotonicClusterClock clock = new MonotonicClusterClock(() -> wallMs, () -> nanos);
        final long lastActivityNs = clock.timeNanos();
        nanos += TimeUnit.SECONDS.toNanos(5);
        assertThat(clock.timeNanos() - lastActivityNs).isGreaterThan(TimeUnit.SECONDS.toNanos(2));
        assertThat(clock.excludedNs()).isZero();
    }

    @Test
    void neverGoesBackwardsAndRefusesANonPositiveCap()
    {
        final MonotonicClusterClock clock = new MonotonicClusterClock(() -> wallMs, () -> nanos, 1_000);
        final long first = clock.timeNanos();
        nanos -= 5_000;                             // a reader on another thread with an older reading
        assertThat(clock.timeNanos()).isEqualTo(first);
        nanos += 5_500;
        assertThat(clock.timeNanos()).isEqualTo(first + 500);
        assertThatThrownBy(() -> new MonotonicClusterClock(() -> wallMs, () -> nanos, 0))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
