package io.resilientgateways.comparison;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HolderLogTest
{
    private final HolderLog log = new HolderLog(List.of("P1", "P2"), 0);

    @Test
    void darkTimeIsTheTimeWithoutAHolderInsideTheWindow()
    {
        log.observe("P1", 10, "gw-1");
        log.observe("P1", 50, null);
        log.observe("P1", 80, "gw-2");
        log.observe("P2", 5, "gw-1");

        assertThat(log.darkNs(20, 100)).isEqualTo(Map.of("P1", 30L, "P2", 0L));
        assertThat(log.darkNs(0, 100)).isEqualTo(Map.of("P1", 40L, "P2", 5L));
        assertThat(log.darkNs(60, 70)).isEqualTo(Map.of("P1", 10L, "P2", 0L));
    }

    @Test
    void firstHeldElsewhereSkipsTheOldHolderAndTheDarkGap()
    {
        log.observe("P1", 10, "gw-1");
        log.observe("P1", 50, null);
        log.observe("P1", 60, "gw-1");
        log.observe("P1", 90, "gw-3");

        assertThat(log.firstHeldElsewhere("P1", "gw-1", 20)).isEqualTo(90);
        assertThat(log.firstHeldElsewhere("P1", "gw-3", 95)).isEqualTo(-1);
        assertThat(log.firstHeldElsewhere("P1", "gw-2", 95)).isEqualTo(95);
        assertThat(log.firstHeldElsewhere("P2", "gw-1", 0)).isEqualTo(-1);
    }

    @Test
    void onlyChangesAreRecordedAndSpreadCountsDarkPartiesAsNone()
    {
        assertThat(log.observe("P1", 10, "gw-1")).isTrue();
        assertThat(log.observe("P1", 20, "gw-1")).isFalse();
        assertThat(log.lastChangeNs()).isEqualTo(10);
        assertThat(log.changesSince(10)).isEqualTo(1);
        assertThat(log.spreadAt(15)).isEqualTo(Map.of("gw-1", 1, "none", 1));
        assertThat(log.holderAt("P1", 9)).isNull();
    }
}
