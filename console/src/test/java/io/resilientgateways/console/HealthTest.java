package io.resilientgateways.console;

import io.resilientgateways.aeron.client.AdminClient;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health verdict that {@code rgctl health} exits with and the page shows.
 */
class HealthTest
{
    private static AdminClient.ClusterInfo info(final int live, final int pending, final int stuck)
    {
        return new AdminClient.ClusterInfo(1, 0, 3, live, 12, pending, stuck, 20, 40, 0, 4096, 0, "basic");
    }

    private static MemberCounters.Member member(final int id, final String election)
    {
        return new MemberCounters.Member(id, "/dev/shm/m" + id, true, 0 == id ? "LEADER" : "FOLLOWER", election, 100,
            0, 1, 0, 0, 0, 0, "");
    }

    @Test
    void unreachableWithoutASessionOrALeader()
    {
        assertThat(Health.verdict(false, 0, null, List.of()).code()).isEqualTo(2);
        assertThat(Health.verdict(true, -1, info(3, 0, 0), List.of()).state()).isEqualTo("UNREACHABLE");
    }

    @Test
    void healthyOnlyWithLiveWorkersNothingPendingOrStuckAndClosedElections()
    {
        assertThat(Health.verdict(true, 0, info(3, 0, 0), List.of(member(0, "CLOSED"), member(1, "CLOSED"))).code())
            .isZero();
        assertThat(Health.verdict(true, 0, info(0, 0, 0), List.of()).reasons()).containsExactly("no live worker");
        assertThat(Health.verdict(true, 0, info(3, 2, 1), List.of()).reasons())
            .containsExactly("2 task(s) pending", "1 task(s) stuck (ack overdue)");
        final Health.Verdict electing = Health.verdict(true, 0, info(3, 0, 0), List.of(member(1, "CANVASS")));
        assertThat(electing.code()).isEqualTo(1);
        assertThat(electing.reasons()).containsExactly("member 1 in election state CANVASS");
        final MemberCounters.Member gone = new MemberCounters(List.of("/nonexistent")).read().get(0);
        assertThat(Health.verdict(true, 0, info(3, 0, 0), List.of(gone)).code()).isEqualTo(1);
    }
}
