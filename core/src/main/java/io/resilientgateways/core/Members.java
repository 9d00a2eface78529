package io.resilientgateways.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Membership inputs, once validated: workers join, return within their grace period, leave, drain, detach and
 * reattach. Tasks change hands through the {@link Reconciler}; a rebalance round is requested after each change.
 */
final class Members
{
    private final EngineState s;
    private final Reconciler reconciler;
    private final RebalanceRounds rounds;
    private final Scheduler scheduler;
    private final EngineView view;

    Members(
        final EngineState state,
        final Reconciler reconciler,
        final RebalanceRounds rounds,
        final Scheduler scheduler,
        final EngineView view)
    {
        this.s = state;
        this.reconciler = reconciler;
        this.rounds = rounds;
        this.scheduler = scheduler;
        this.view = view;
    }

    void joined(final WorkerSpec spec)
    {
        final WorkerState worker = new WorkerState(spec, s.loads);
        s.workers.put(spec.id(), worker);
        membershipChanged();
        reconciler.placePending(Cause.WORKER_JOINED, worker.id);
        rounds.request(Cause.WORKER_JOINED, worker.id, null);
    }

    /**
     * A departed worker re-registered within its grace period: it gets its reserved tasks back (new epochs), those
     * it can still run.
     */
    void returned(final WorkerState worker, final WorkerSpec spec)
    {
        scheduler.cancel(worker.graceTimerId);
        worker.graceTimerId = 0;
        worker.leaveReason = null;
        worker.capabilities = spec.capabilities();
        worker.capacity = spec.capacity();
        worker.mode = WorkerStatus.LIVE;
        worker.detached = false;
        membershipChanged();
        final List<TaskState> orphans = new ArrayList<>();
        for (final TaskState task : worker.assignedSorted())
        {
            if (worker.canRun(task.requires))
            {
                reconciler.grant(task, worker, Cause.WORKER_RETURNED, worker.id, null);
            }
            else
            {
                worker.removeAssigned(task);
                orphans.add(task);
            }
        }
        for (final TaskState task : orphans)
        {
            reconciler.allocate(task, Cause.WORKER_RETURNED, worker.id, null);
        }
        reconciler.placePending(Cause.WORKER_RETURNED, worker.id);
        rounds.request(Cause.WORKER_RETURNED, worker.id, null);
    }

    void left(final WorkerState worker, final LeaveReason reason)
    {
        final WorkerId id = worker.id;
        final boolean reserve = s.config.gracePeriod() > 0 && reason != LeaveReason.DEREGISTERED &&
            worker.mode == WorkerStatus.LIVE;
        worker.mode = WorkerStatus.DEPARTED;
        worker.detached = false;
        worker.leaveReason = reason;
        membershipChanged();

        for (final TaskState task : worker.outgoing.sorted())
        {
            reconciler.completeClose(task, Cause.WORKER_LEFT, id, reason);
        }
        if (reserve)
        {
            for (final TaskState task : worker.assignedSorted())
            {
                if (task.holder != worker)
                {
                    worker.removeAssigned(task); // it was on its way here; placed again once its holder closes it
                }
                else
                {
                    reconciler.reserve(task, reason);
                }
            }
            worker.graceTimerId = scheduler.schedule(graceTimer(worker), s.now + s.config.gracePeriod());
            rounds.request(Cause.WORKER_LEFT, id, reason);
            return;
        }
        // gone for good: every task leaves its list at once; those it held are placed again, in id order, and those
        // on their way to it are placed once their holders close them
        final TaskState[] orphans = worker.takeAll();
        int n = 0;
        for (final TaskState task : orphans)
        {
            if (task.holder == worker)
            {
                task.holder = null;
                orphans[n++] = task;
            }
        }
        s.workers.remove(id);
        reconciler.expectHandoffs(n);
        // each orphan records exactly one entry (granted, or pending from a held state): when they are more than the
        // history keeps, the first ones are overwritten within this input, so they are only counted
        final History history = s.history;
        history.keepLastOf(n);
        try
        {
            for (int i = 0; i < n; i++)
            {
                reconciler.allocate(orphans[i], Cause.WORKER_LEFT, id, reason);
            }
        }
        finally
        {
            history.endSkip();
        }
        rounds.request(Cause.WORKER_LEFT, id, reason);
    }

    void draining(final WorkerState worker)
    {
        worker.mode = WorkerStatus.DRAINING;
        membershipChanged();
        rounds.request(Cause.WORKER_DRAINING, worker.id, null);
    }

    void detached(final WorkerState worker)
    {
        worker.detached = true;
        membershipChanged();
    }

    void reattached(final WorkerState worker, final boolean heldTasks)
    {
        final WorkerId id = worker.id;
        if (worker.detached)
        {
            worker.detached = false;
            membershipChanged();
        }
        if (!heldTasks)
        {
            for (final TaskState task : worker.outgoing.sorted())
            {
                reconciler.completeClose(task, Cause.WORKER_REATTACHED, id, null);
            }
            for (final TaskState task : worker.assignedSorted())
            {
                if (task.holder == worker)
                {
                    reconciler.grant(task, worker, Cause.WORKER_REATTACHED, id, null);
                }
            }
        }
        reconciler.placePending(Cause.WORKER_REATTACHED, id);
        rounds.request(Cause.WORKER_REATTACHED, id, null);
    }

    /**
     * @return the owner of a departed worker's grace timer; also used to re-register it on restore.
     */
    TimerOwner graceTimer(final WorkerState worker)
    {
        return timerId -> graceExpired(worker);
    }

    private void graceExpired(final WorkerState worker)
    {
        worker.graceTimerId = 0;
        s.workers.remove(worker.id);
        membershipChanged();
        for (final TaskState task : worker.assignedSorted())
        {
            worker.removeAssigned(task);
            reconciler.allocate(task, Cause.GRACE_EXPIRED, worker.id, null);
        }
        rounds.request(Cause.GRACE_EXPIRED, worker.id, null);
    }

    private void membershipChanged()
    {
        s.membershipVersion++;
        view.invalidate();
    }
}
