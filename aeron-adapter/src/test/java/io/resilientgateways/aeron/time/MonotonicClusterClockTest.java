package io.resilientgateways.aeron.time;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

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
}
