package io.resilientgateways.aeron.node;

import io.aeron.cluster.ElectionState;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Watches one member for the ways a member stops taking part without dying: stuck outside a completed election
 * (no leader reachable, or looping on log replication as a woken ex-leader can after it truncated its log), and
 * Aeron's consensus warnings. Fed from the consensus module's error handler ({@link #onError}, any agent thread) and
 * polled by one watcher thread ({@link #poll}); reports a stall once per episode to the log, and counts it.
 * <ul>
 *   <li>stall: the election state was not {@code CLOSED} for longer than the stall timeout, or Aeron reported
 *   "log replication has not progressed" {@value #REPLICATION_FAILURES_FOR_STALL} times since the last completed
 *   election;</li>
 *   <li>warning (counted, logged, not a stall): "quorum position went backwards" (a peer's log went back, seen by
 *   the leader) and every other consensus error.</li>
 * </ul>
 */
final class MemberHealth
{
    static final int REPLICATION_FAILURES_FOR_STALL = 3;
    static final String REPLICATION_NOT_PROGRESSED = "log replication has not progressed";
    static final String QUORUM_BACKWARDS = "quorum position went backwards";

    private final long stallTimeoutMs;
    private volatile String lastStallReason = "";
    private final Consumer<String> log;
    private final AtomicLong replicationFailures = new AtomicLong();
    private final AtomicLong quorumBackwards = new AtomicLong();
    private final AtomicLong otherErrors = new AtomicLong();
    private final AtomicLong stalls = new AtomicLong();
    private long replicationFailuresAtLastClose;
    private long notClosedSinceMs = Long.MIN_VALUE;
    private boolean stallReported;
    private long reportedQuorumBackwards;

    MemberHealth(final long stallTimeoutMs, final long previousStalls, final Consumer<String> log)
    {
        this.stallTimeoutMs = stallTimeoutMs;
        stalls.set(previousStalls);
        this.log = log;
    }

    /**
     * @param ex an error the consensus module, archive or container reported.
     */
    void onError(final Throwable ex)
    {
        final String message = String.valueOf(ex.getMessage());
        if (message.contains(REPLICATION_NOT_PROGRESSED))
        {
            replicationFailures.incrementAndGet();
        }
        else if (message.contains(QUORUM_BACKWARDS))
        {
            quorumBackwards.incrementAndGet();
        }
        else
        {
            otherErrors.incrementAndGet();
        }
    }

    /**
     * @param nowMs         a monotonic time in milliseconds.
     * @param electionState the election state counter's value.
     * @return true if a stall was reported by this call.
     */
    boolean poll(final long nowMs, final long electionState)
    {
        final long backwards = quorumBackwards.get();
        if (backwards != reportedQuorumBackwards)
        {
            log.accept("WARN consensus: quorum position went backwards " + (backwards - reportedQuorumBackwards) +
                " time(s) (a follower's log went back; see the member's error log)");
            reportedQuorumBackwards = backwards;
        }
        final long failures = replicationFailures.get();
        if (ElectionState.CLOSED.code() == electionState)
        {
            notClosedSinceMs = Long.MIN_VALUE;
            replicationFailuresAtLastClose = failures;
            stallReported = false;
            return false;
        }
        if (Long.MIN_VALUE == notClosedSinceMs)
        {
            notClosedSinceMs = nowMs;
        }
        if (stallReported)
        {
            return false;
        }
        final long inElectionMs = nowMs - notClosedSinceMs;
        final long failuresSinceClose = failures - replicationFailuresAtLastClose;
        final String reason;
        if (failuresSinceClose >= REPLICATION_FAILURES_FOR_STALL)
        {
            reason = "log replication has not progressed " + failuresSinceClose + " times since the last election " +
                "closed (election state " + stateName(electionState) + " for " + inElectionMs + " ms)";
        }
        else if (inElectionMs > stallTimeoutMs)
        {
            reason = "no completed election for " + inElectionMs + " ms (election state " +
                stateName(electionState) + ", stall timeout " + stallTimeoutMs + " ms)";
        }
        else
        {
            return false;
        }
        stallReported = true;
        lastStallReason = reason;
        stalls.incrementAndGet();
        log.accept("STALLED " + reason);
        return true;
    }

    String lastStallReason()
    {
        return lastStallReason;
    }

    long stalls()
    {
        return stalls.get();
    }

    long replicationFailures()
    {
        return replicationFailures.get();
    }

    long quorumBackwards()
    {
        return quorumBackwards.get();
    }

    long otherErrors()
    {
        return otherErrors.get();
    }

    private static String stateName(final long code)
    {
        for (final ElectionState state : ElectionState.values())
        {
            if (state.code() == code)
            {
                return state.name();
            }
        }
        return Long.toString(code);
    }
}
