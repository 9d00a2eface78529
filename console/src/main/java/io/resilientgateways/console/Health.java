package io.resilientgateways.console;

import io.resilientgateways.aeron.client.AdminClient;

import java.util.ArrayList;
import java.util.List;

/**
 * One verdict on the cluster's health, shared by the page, {@code /api/health} and {@code rgctl health} (whose exit
 * code it is): 0 healthy; 1 degraded (no live worker, tasks pending or stuck, a readable member that is not in a
 * closed election or counts errors); 2 unreachable (no admin session, or no leader known).
 */
final class Health
{
    /**
     * @param code    0 healthy, 1 degraded, 2 unreachable.
     * @param state   {@code HEALTHY}, {@code DEGRADED} or {@code UNREACHABLE}.
     * @param reasons why it is not healthy.
     */
    record Verdict(int code, String state, List<String> reasons)
    {
    }

    private Health()
    {
    }

    static Verdict verdict(
        final boolean connected, final int leaderMemberId, final AdminClient.ClusterInfo info,
        final List<MemberCounters.Member> members)
    {
        final List<String> reasons = new ArrayList<>();
        if (!connected || leaderMemberId < 0)
        {
            reasons.add(connected ? "no leader known" : "cluster unreachable");
            return new Verdict(2, "UNREACHABLE", reasons);
        }
        if (null != info)
        {
            if (info.liveWorkers() == 0)
            {
                reasons.add("no live worker");
            }
            if (info.pending() > 0)
            {
                reasons.add(info.pending() + " task(s) pending");
            }
            if (info.stuck() > 0)
            {
                reasons.add(info.stuck() + " task(s) stuck (ack overdue)");
            }
        }
        for (final MemberCounters.Member m : members)
        {
            if (!m.readable())
            {
                reasons.add("member " + m.memberId() + " unreadable: " + m.problem());
            }
            else if (!m.electionState().isEmpty() && !"CLOSED".equals(m.electionState()))
            {
                reasons.add("member " + m.memberId() + " in election state " + m.electionState());
            }
        }
        return reasons.isEmpty() ? new Verdict(0, "HEALTHY", reasons) : new Verdict(1, "DEGRADED", reasons);
    }
}
