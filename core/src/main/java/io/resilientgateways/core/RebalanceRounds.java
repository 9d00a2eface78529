package io.resilientgateways.core;

import io.resilientgateways.core.spi.Move;

import java.util.List;

/**
 * Rebalance rounds, one at a time. A membership change requests a round (at once, or after the rebalance delay); a
 * round first moves tasks off draining workers, then applies the policy's valid proposals, at most
 * {@link BalancerConfig#maxMovesPerRound()} in all. The next round waits until every move of this one is revoked, and
 * runs only if this one hit the limit or another change was requested meanwhile.
 */
final class RebalanceRounds
{
    private final Balancer b;
    boolean requested;
    Cause trigger;
    WorkerId triggerWorker;
    LeaveReason triggerReason;
    long timerId;
    long deadline;

    RebalanceRounds(final Balancer balancer)
    {
        this.b = balancer;
    }

    void request(final Cause why, final WorkerId worker, final LeaveReason reason)
    {
        requested = true;
        trigger = why;
        triggerWorker = worker;
        triggerReason = reason;
        if (b.config.rebalanceDelay() > 0)
        {
            if (0 == timerId)
            {
                timerId = ++b.timerCounter;
                deadline = b.now + b.config.rebalanceDelay();
                b.timers.schedule(timerId, deadline);
            }
            return;
        }
        maybeRun();
    }

    boolean onTimer(final long correlationId)
    {
        if (0 == correlationId || correlationId != timerId)
        {
            return false;
        }
        timerId = 0;
        deadline = 0;
        maybeRun();
        return true;
    }

    void maybeRun()
    {
        if (requested && b.closingMoves == 0 && 0 == timerId)
        {
            run();
        }
    }

    private void run()
    {
        requested = false;
        final int budget = b.config.maxMovesPerRound();
        int started = drainMoves(budget);
        if (started < budget)
        {
            started += policyMoves(budget - started);
        }
        if (started == budget)
        {
            requested = true; // more may be needed: ask again once these moves are revoked
        }
    }

    private int drainMoves(final int budget)
    {
        int started = 0;
        for (final WorkerState worker : b.workers.values().toArray(new WorkerState[0]))
        {
            if (worker.mode != WorkerState.Mode.DRAINING || worker.detached)
            {
                continue;
            }
            for (final TaskState task : worker.assignedSorted())
            {
                if (started == budget)
                {
                    return started;
                }
                if (task.holder == worker && !task.removing &&
                    (task.status == TaskStatus.OPEN || task.status == TaskStatus.OPENING))
                {
                    final WorkerState target = b.askAllocate(task);
                    if (null != target)
                    {
                        b.startMove(task, target, Cause.WORKER_DRAINING, null, worker.id, null);
                        started++;
                    }
                }
            }
        }
        return started;
    }

    private int policyMoves(final int budget)
    {
        List<Move> moves;
        try
        {
            moves = b.policy.rebalance(b.view, budget);
        }
        catch (final RuntimeException ex)
        {
            moves = List.of(); // a policy bug must not stop the cluster; it fails the same way on every replica
            b.policyProposalsRejected++;
        }
        int started = 0;
        for (final Move move : moves)
        {
            final TaskState task = null == move ? null : b.tasks.get(move.task());
            final WorkerState target = null == move ? null : b.workers.get(move.to());
            if (started == budget || null == task || null == target || !task.movable() || !target.eligible() ||
                !target.canRun(task.requires) || task.assignee == target)
            {
                b.policyProposalsRejected++;
                continue;
            }
            if (b.backoff.avoids(task.id, target.id))
            {
                continue; // the target released it lately; the policy cannot know, so this is no policy fault
            }
            b.startMove(task, target, Cause.REBALANCE, trigger, triggerWorker, triggerReason);
            started++;
        }
        return started;
    }
}
