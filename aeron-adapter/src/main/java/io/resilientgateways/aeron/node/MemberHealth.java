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
 *   the leader); a follower's catch-up refused because this member's log no longer reaches back to its position
 *   (retention deleted it: the follower must be seeded, logged once per position); and every other consensus
 *   error.</li>
 * </ul>
 */
final class MemberHealth
{
    static final int REPLICATION_FAILURES_FOR_STALL = 3;
    static final String REPLICATION_NOT_PROGRESSED = "log replication has not progressed";
    static final String QUORUM_BACKWARDS = "quorum position went backwards";
    // the leader's archive refusing to replay a follower's catch-up from a position it no longer has
    static final String REPLAY_BEFORE_LOG_START = "is less than recording start position";

    private final long stallTimeoutMs;
    private volatile String lastStallReason = "";
    private final Consumer<String> log;
    private final AtomicLong replicationFailures = new AtomicLong();
    private final AtomicLong quorumBackwards = new AtomicLong();
    private final AtomicLong otherErrors = new AtomicLong();
    private final AtomicLong strandedCatchups = new AtomicLong();
    private volatile String lastStrandedCatchup = "";
    private long reportedStrandedCatchups;
    private String reportedStrandedCatchup = "";
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
        else if (message.contains(REPLAY_BEFORE_LOG_START))
        {
            // from "requested replay start position=..." on: without the correlation id, which each retry changes
            final int at = message.indexOf("requested replay start position");
            lastStrandedCatchup = at >= 0 ? message.substring(at) : message;
            strandedCatchups.incrementAndGet();
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
        final long stranded = strandedCatchups.get();
        final String strandedMessage = lastStrandedCatchup;
        if (stranded != reportedStrandedCatchups && !strandedMessage.equals(reportedStrandedCatchup))
        {
            // once per refused position: the follower retries with the same one every few seconds
            log.accept("WARN retention: a follower cannot catch up, this member's log no longer reaches back to it " +
                "(" + strandedMessage + "); seed it from a peer's data (docs/operations.md, log retention)");
            reportedStrandedCatchup = strandedMessage;
        }
        reportedStrandedCatchups = stranded;
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

    /**
     * @return catch-ups this member's archive refused because the log they asked for was deleted.
     */
    long strandedCatchups()
    {
        return strandedCatchups.get();
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
