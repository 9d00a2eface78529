package io.resilientgateways.aeron.node;

import io.aeron.cluster.ClusterMember;
import io.aeron.cluster.ClusterMembership;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leader keeps the log its followers still need: the lowest position of a follower heard from within the hold,
 * its own position aside; a follower silent for longer, and any answer from a member that does not lead, do not
 * count.
 */
class FollowerLogsTest
{
    private static final long HOLD_NS = 10_000_000_000L;
    private static final long NOW_NS = 100_000_000_000L;

    @Test
    void theLaggingFollowerHeardFromWithinTheHoldSetsTheLimit()
    {
        final ClusterMembership m = membership(0, 0,
            member(0, 900_000, NOW_NS),
            member(1, 880_000, NOW_NS - 1_000_000),
            member(2, 327_680, NOW_NS - 9_000_000_000L));
        assertThat(FollowerLogs.lowestNeeded(m, HOLD_NS)).isEqualTo(327_680);
    }

    @Test
    void aFollowerSilentForLongerThanTheHoldNoLongerHoldsTheLog()
    {
        final ClusterMembership m = membership(0, 0,
            member(0, 900_000, NOW_NS),
            member(1, 880_000, NOW_NS - 1_000_000),
            member(2, 327_680, NOW_NS - HOLD_NS));
        assertThat(FollowerLogs.lowestNeeded(m, HOLD_NS)).isEqualTo(880_000);
    }

    @Test
    void aMemberThatDoesNotLeadHasNoSayAndNeitherHasTheLeadersOwnPosition()
    {
        final ClusterMembership follower = membership(1, 0,
            member(0, 900_000, NOW_NS), member(1, 10, NOW_NS), member(2, 20, NOW_NS));
        assertThat(FollowerLogs.lowestNeeded(follower, HOLD_NS)).isEqualTo(Long.MAX_VALUE);

        final ClusterMembership alone = membership(0, 0, member(0, 5, NOW_NS));
        assertThat(FollowerLogs.lowestNeeded(alone, HOLD_NS)).isEqualTo(Long.MAX_VALUE);

        final ClusterMembership unknown = membership(0, 0,
            member(0, 900_000, NOW_NS), member(1, -1, NOW_NS));
        assertThat(FollowerLogs.lowestNeeded(unknown, HOLD_NS)).as("no position yet").isEqualTo(Long.MAX_VALUE);
    }

    private static ClusterMembership membership(final int memberId, final int leaderId, final ClusterMember... members)
    {
        final ClusterMembership m = new ClusterMembership();
        m.memberId = memberId;
        m.leaderMemberId = leaderId;
        m.currentTimeNs = NOW_NS;
        m.activeMembers = List.of(members);
        return m;
    }

    private static ClusterMember member(final int id, final long logPosition, final long lastAppendNs)
    {
        return new ClusterMember(id, "i", "c", "l", "cu", "a", "e")
            .logPosition(logPosition)
            .timeOfLastAppendPositionNs(lastAppendNs);
    }
}
