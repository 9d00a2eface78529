package io.resilientgateways.aeron.node;

import io.aeron.cluster.ClusterMember;
import io.aeron.cluster.ClusterMembership;
import io.aeron.cluster.ClusterTool;
import io.aeron.cluster.ConsensusModule;

import java.util.concurrent.TimeUnit;

/**
 * The leader's view of its followers' logs, for log retention: the lowest position a follower heard from within the
 * hold has appended, which the leader must keep so that follower can catch up (Aeron replays a lagging follower's
 * missing log from the leader's archive, and from nowhere else). A follower that lags under load, or that dropped off
 * the live log and is catching up, keeps sending its position and so keeps its log; one silent for longer than the
 * hold is left to {@link RecentLog}'s time rule. Asked with {@link ClusterTool#queryClusterMembers} (the consensus
 * module's own answer, through its mark file's control channel), once per purge, on the leader only: a follower's
 * figures for its peers are not kept up to date.
 */
final class FollowerLogs
{
    private static final long QUERY_TIMEOUT_MS = 2_000;

    private FollowerLogs()
    {
    }

    /**
     * @param cm     this member's consensus module.
     * @param holdMs how recently a follower must have been heard from for its position to count.
     * @return the lowest position a follower still needs, {@link Long#MAX_VALUE} if none does or this member does not
     * lead, or -1 if the consensus module did not answer (then keep everything until the next purge).
     */
    static long lowestNeeded(final ConsensusModule.Context cm, final long holdMs)
    {
        final ClusterMembership membership = new ClusterMembership();
        if (!ClusterTool.queryClusterMembers(cm.clusterMarkFile(), QUERY_TIMEOUT_MS, membership))
        {
            return -1;
        }
        return lowestNeeded(membership, TimeUnit.MILLISECONDS.toNanos(holdMs));
    }

    /**
     * The rule, on an answer as the consensus module gives it.
     */
    static long lowestNeeded(final ClusterMembership membership, final long holdNs)
    {
        if (null == membership.activeMembers || membership.memberId != membership.leaderMemberId)
        {
            return Long.MAX_VALUE;
        }
        long lowest = Long.MAX_VALUE;
        for (final ClusterMember member : membership.activeMembers)
        {
            if (member.id() != membership.memberId && member.logPosition() >= 0 &&
                membership.currentTimeNs - member.timeOfLastAppendPositionNs() < holdNs)
            {
                lowest = Math.min(lowest, member.logPosition());
            }
        }
        return lowest;
    }
}
