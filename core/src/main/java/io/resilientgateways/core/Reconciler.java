package io.resilientgateways.core;

import io.resilientgateways.core.spi.DirectiveSink;
import io.resilientgateways.core.spi.Move;
import io.resilientgateways.core.spi.RebalancePolicy;

import java.util.Arrays;
import java.util.List;

/**
 * The one place tasks change hands: grant, start a move (or a removal), complete a close, allocate, forget. Every
 * transition is recorded in the history and every directive sent from here. The policy only proposes; what it
 * proposes is checked here before it is applied.
 */
final class Reconciler implements RebalanceRounds.Mover, ReleaseBackoff.Retry, HandoffTracker.StuckListener
{
    private final EngineState s;
    private final RebalancePolicy policy;
    private final DirectiveSink sink;
    private final EngineView view;
    final HandoffTracker handoff;
    final ReleaseBackoff backoff;
    // the tasks a round's moves send to their targets, put on the targets' lists at the end of the round in id order
    // (a target's list then needs no sort when it is read, however many donors the tasks came from)
    private TaskState[] arriving = new TaskState[16];
    private int arrivingCount;

    Reconciler(
        final EngineState state,
        final RebalancePolicy policy,
        final DirectiveSink sink,
        final EngineView view,
        final Scheduler scheduler)
    {
        this.s = state;
        this.policy = policy;
        this.sink = sink;
        this.view = view;
        this.handoff = new HandoffTracker(state, scheduler, this, state.config.handoffTimeout());
        this.backoff = new ReleaseBackoff(state, scheduler, this, view, state.config.releaseBackoff());
    }

    void grant(
        final TaskState task, final WorkerState worker, final Cause cause, final WorkerId causeWorker,
        final LeaveReason reason)
    {
        final TaskStatus from = task.status;
        if (from == TaskStatus.PENDING)
        {
            s.pending.remove(task.id);
        }
        if (task.assignee != worker)
        {
            if (null != task.assignee)
            {
                task.assignee.removeAssigned(task);
            }
            worker.addAssigned(task);
        }
        task.holder = worker;
        task.epoch = ++s.epochCounter;
        handoff.enter(task, TaskStatus.OPENING);
        record(task, from, worker.id, cause, causeWorker, reason, null);
        sink.open(worker.id, task.id, task.handle, task.epoch);
    }

    void allocate(final TaskState task, final Cause cause, final WorkerId causeWorker, final LeaveReason reason)
    {
        final WorkerState target = askAllocate(task);
        if (null != target)
        {
            grant(task, target, cause, causeWorker, reason);
            return;
        }
        final TaskStatus from = task.status;
        task.status = TaskStatus.PENDING;
        task.holder = null;
        task.stuck = false;
        s.pending.put(task.id, task);
        if (from != TaskStatus.PENDING || cause == Cause.TASK_ADDED)
        {
            task.since = s.now;
            record(task, from, null, cause, causeWorker, reason, null);
        }
    }

    /**
     * About this many tasks are to enter a handoff state in this input: make room in the handoff queue once.
     */
    void expectHandoffs(final int count)
    {
        handoff.reserve(count);
    }

    /**
     * Place the new tasks of one {@code addTasks} input (in the task table, not yet admitted) with one
     * {@link RebalancePolicy#allocateAll} call: the same as {@link #allocate} for each in order.
     */
    void allocateNew(final TaskState[] tasks, final int count)
    {
        handoff.reserve(count); // each granted task enters OPENING: one ring entry each, room made once
        new Placement(s, policy, view, this, tasks, count).run();
    }

    /**
     * A new task with the policy's answer already given, applied as {@link #allocate} applies the answer it asks for.
     *
     * @param proposed the answer (null: none, or one naming no known worker).
     * @param refused  the answer named no known worker (or the policy failed): a rejected proposal.
     * @return the worker the task was granted to, or null if it is pending.
     */
    WorkerState placeAnswered(final TaskState task, final WorkerState proposed, final boolean refused)
    {
        WorkerState target = null;
        if (refused)
        {
            s.policyProposalsRejected++;
        }
        else if (null != proposed)
        {
            if (proposed.eligible() && proposed.canRun(task.requires))
            {
                target = backoff.steer(task, proposed);
            }
            else
            {
                s.policyProposalsRejected++;
            }
        }
        if (null != target)
        {
            grant(task, target, Cause.TASK_ADDED, null, null);
            return target;
        }
        final TaskStatus from = task.status;
        task.status = TaskStatus.PENDING;
        task.holder = null;
        task.stuck = false;
        s.pending.put(task.id, task);
        task.since = s.now;
        record(task, from, null, Cause.TASK_ADDED, null, null, null);
        return null;
    }

    void placePending(final Cause cause, final WorkerId causeWorker)
    {
        if (s.pending.isEmpty())
        {
            return;
        }
        for (final TaskState task : s.pending.values().toArray(new TaskState[0]))
        {
            allocate(task, cause, causeWorker, null);
        }
    }

    void startMove(
        final TaskState task,
        final WorkerState target,
        final Cause cause,
        final Cause trigger,
        final WorkerId triggerWorker,
        final LeaveReason triggerReason)
    {
        startMove(task, target, cause, trigger, triggerWorker, triggerReason, false);
    }

    private void startMove(
        final TaskState task,
        final WorkerState target,
        final Cause cause,
        final Cause trigger,
        final WorkerId triggerWorker,
        final LeaveReason triggerReason,
        final boolean arriveLater)
    {
        final WorkerState holder = task.holder;
        final TaskStatus from = task.status;
        holder.removeAssigned(task);
        if (arriveLater)
        {
            task.assignee = target; // on its list at the end of the round (arrive)
            if (arrivingCount == arriving.length)
            {
                arriving = Arrays.copyOf(arriving, 2 * arrivingCount);
            }
            arriving[arrivingCount++] = task;
        }
        else
        {
            target.addAssigned(task);
        }
        holder.outgoing.add(task);
        s.closingMoves++;
        handoff.enter(task, TaskStatus.CLOSING);
        record(task, from, holder.id, cause, triggerWorker, triggerReason, trigger);
        sink.close(holder.id, task.id, task.handle, task.epoch);
    }

    /**
     * Remove a task: a pending or reserved one goes at once, an open or opening one is closed first.
     *
     * @return true if it is closing and goes when its holder acknowledges.
     */
    boolean remove(final TaskState task)
    {
        switch (task.status)
        {
            case PENDING -> {
                s.pending.remove(task.id);
                forget(task, null);
                return false;
            }
            case RESERVED -> {
                final WorkerState reservedFor = task.assignee;
                reservedFor.removeAssigned(task);
                forget(task, reservedFor.id);
                return false;
            }
            default -> {
                final WorkerState holder = task.holder;
                final TaskStatus from = task.status;
                holder.removeAssigned(task);
                holder.outgoing.add(task);
                task.removing = true;
                handoff.enter(task, TaskStatus.CLOSING);
                record(task, from, holder.id, Cause.TASK_REMOVED, null, null, null);
                sink.close(holder.id, task.id, task.handle, task.epoch);
                return true;
            }
        }
    }

    void completeClose(final TaskState task, final Cause cause, final WorkerId causeWorker, final LeaveReason reason)
    {
        final WorkerState holder = task.holder;
        holder.outgoing.remove(task);
        task.holder = null;
        handoff.acknowledged(); // CLOSING no more (an ack, or its holder left): its handoff entry is stale
        if (task.removing)
        {
            forget(task, holder.id);
            return;
        }
        s.closingMoves--;
        final WorkerState target = task.assignee;
        if (null != target && target.eligible() && target.canRun(task.requires))
        {
            grant(task, target, cause, causeWorker, reason);
        }
        else
        {
            if (null != target)
            {
                target.removeAssigned(task);
            }
            allocate(task, cause, causeWorker, reason);
        }
    }

    void opened(final TaskState task)
    {
        task.status = TaskStatus.OPEN; // its handoff entry is stale from now on
        handoff.acknowledged();
        task.since = s.now;
        task.stuck = false;
        record(task, TaskStatus.OPENING, task.holder.id, Cause.OPEN_ACK, task.holder.id, null, null);
    }

    void released(final TaskState task)
    {
        final WorkerState holder = task.holder;
        holder.removeAssigned(task);
        task.holder = null;
        backoff.avoid(task.id, holder.id);
        allocate(task, Cause.TASK_RELEASED, holder.id, null);
    }

    /**
     * Its holder left during its grace period: held for it, open nowhere.
     */
    void reserve(final TaskState task, final LeaveReason reason)
    {
        final WorkerState worker = task.holder;
        final TaskStatus from = task.status;
        task.status = TaskStatus.RESERVED;
        task.holder = null;
        task.since = s.now;
        task.stuck = false;
        record(task, from, worker.id, Cause.WORKER_LEFT, worker.id, reason, null);
    }

    private void forget(final TaskState task, final WorkerId lastWorker)
    {
        final TaskStatus from = task.status;
        s.removeTask(task);
        task.status = TaskStatus.PENDING; // marks any handoff-queue entry stale
        backoff.forget(task.id);
        s.history.record(s.now, task.id, from, null, lastWorker, task.epoch, Cause.TASK_REMOVED, null, null, null);
    }

    WorkerState askAllocate(final TaskState task)
    {
        WorkerId choice;
        try
        {
            choice = policy.allocate(task, view);
        }
        catch (final RuntimeException ex)
        {
            choice = null; // a policy bug must not stop the cluster; it fails the same way on every replica
            s.policyProposalsRejected++;
        }
        if (null == choice)
        {
            return null;
        }
        final WorkerState target = s.workers.get(choice);
        if (null == target || !target.eligible() || !target.canRun(task.requires))
        {
            s.policyProposalsRejected++;
            return null;
        }
        return backoff.steer(task, target);
    }

    @Override
    public boolean idle()
    {
        return 0 == s.closingMoves;
    }

    @Override
    public int drain(final int budget)
    {
        int started = 0;
        for (final WorkerState worker : s.workers.values().toArray(new WorkerState[0]))
        {
            if (worker.mode != WorkerStatus.DRAINING || worker.detached)
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
                    final WorkerState target = askAllocate(task);
                    if (null != target)
                    {
                        startMove(task, target, Cause.WORKER_DRAINING, null, worker.id, null);
                        started++;
                    }
                }
            }
        }
        return started;
    }

    @Override
    public int rebalance(final int budget, final Cause trigger, final WorkerId triggerWorker, final LeaveReason reason)
    {
        List<Move> moves;
        final ServedTasks served = s.loads.served;
        served.start();
        try
        {
            moves = policy.rebalance(view, budget);
        }
        catch (final RuntimeException ex)
        {
            moves = List.of(); // a policy bug must not stop the cluster; it fails the same way on every replica
            s.policyProposalsRejected++;
        }
        finally
        {
            served.stop();
        }
        try
        {
            return apply(moves, budget, trigger, triggerWorker, reason, served);
        }
        finally
        {
            served.clear();
        }
    }

    private int apply(
        final List<Move> moves,
        final int budget,
        final Cause trigger,
        final WorkerId triggerWorker,
        final LeaveReason reason,
        final ServedTasks served)
    {
        int started = 0;
        // each move enters the handoff queue twice (closing, then opening once closed): room made once, not grown on
        // the way (growing scans the queue, reading each task's state)
        handoff.reserve(2 * Math.min(Math.min(moves.size(), budget), s.tasks.size()));
        for (final Move move : moves)
        {
            final TaskState task = null == move ? null : resolve(move.task(), served);
            final WorkerState target = null == move ? null : s.workers.get(move.to());
            if (started == budget || null == task || null == target || !task.movable() || !target.eligible() ||
                !target.canRun(task.requires) || task.assignee == target)
            {
                s.policyProposalsRejected++;
                continue;
            }
            if (backoff.avoids(task.id, target.id))
            {
                continue; // the target released it lately; the policy cannot know, so this is no policy fault
            }
            startMove(task, target, Cause.REBALANCE, trigger, triggerWorker, reason, true);
            started++;
        }
        arrive();
        return started;
    }

    /**
     * Put the round's moved tasks on their targets' lists, in id order: nothing reads a list during a round, and the
     * order of directives and history stays the policy's.
     */
    private void arrive()
    {
        final TaskState[] arriving = this.arriving;
        final int n = arrivingCount;
        s.loads.order.sort(arriving, n);
        for (int i = 0; i < n; i++)
        {
            final TaskState task = arriving[i];
            task.assignee.addAssigned(task);
            arriving[i] = null;
        }
        arrivingCount = 0;
    }

    private TaskState resolve(final TaskId id, final ServedTasks served)
    {
        if (null == id)
        {
            return null;
        }
        final TaskState task = served.find(id);
        return null != task ? task : s.tasks.get(id);
    }

    @Override
    public void retryIfPending(final TaskId id, final WorkerId releasedBy)
    {
        final TaskState task = s.tasks.get(id);
        if (null != task && task.status == TaskStatus.PENDING)
        {
            allocate(task, Cause.RELEASE_RETRY, releasedBy, null);
        }
    }

    @Override
    public void onStuck(final TaskState task)
    {
        record(task, task.status, task.holder.id, Cause.HANDOFF_TIMEOUT, task.holder.id, null, null);
    }

    void record(
        final TaskState task,
        final TaskStatus from,
        final WorkerId worker,
        final Cause cause,
        final WorkerId causeWorker,
        final LeaveReason reason,
        final Cause trigger)
    {
        s.history.record(s.now, task.id, from, task.status, worker, task.epoch, cause, causeWorker, reason, trigger);
    }
}
