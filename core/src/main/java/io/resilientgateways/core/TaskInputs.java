package io.resilientgateways.core;

import java.util.Collection;

/**
 * Task inputs, validated, then applied through the {@link Reconciler}: add, remove, move, and the holders'
 * acknowledgements. A rejected input changes nothing; an accepted one advances the clock first.
 */
final class TaskInputs
{
    private final EngineState s;
    private final Reconciler reconciler;
    private final RebalanceRounds rounds;

    TaskInputs(final EngineState state, final Reconciler reconciler, final RebalanceRounds rounds)
    {
        this.s = state;
        this.reconciler = reconciler;
        this.rounds = rounds;
    }

    Result addTask(final long now, final TaskSpec spec)
    {
        if (null != s.tasks.get(spec.id()))
        {
            return Result.rejected(RejectionCode.DUPLICATE_TASK, "task " + spec.id() + " exists already");
        }
        if (s.tasks.size() >= s.config.maxTasks())
        {
            return Result.rejected(RejectionCode.LIMIT_REACHED,
                "task " + spec.id() + " refused: " + s.config.maxTasks() + " tasks held already");
        }
        s.advance(now);
        final TaskState task = new TaskState(spec.id(), spec.requires(), spec.weight());
        s.addTask(task);
        task.since = s.now;
        reconciler.allocate(task, Cause.TASK_ADDED, null, null);
        return Result.ACCEPTED;
    }

    Result addTasks(final long now, final Collection<TaskSpec> specs)
    {
        if (specs.isEmpty())
        {
            return Result.ACCEPTED; // like no addTask at all: not even the clock moves
        }
        if (s.tasks.size() + (long)specs.size() > s.config.maxTasks())
        {
            return Result.rejected(RejectionCode.LIMIT_REACHED, specs.size() + " tasks refused: " +
                s.tasks.size() + " held already, at most " + s.config.maxTasks());
        }
        // the batch goes into the table as it is checked (no set on the side)
        final TaskState[] added = new TaskState[specs.size()];
        final int n = added.length;
        if (!s.tasks.putAllAbsent(specs, added))
        {
            return duplicate(added, n);
        }
        s.advance(now);
        s.unadmitted = n;
        reconciler.allocateNew(added, n);
        return Result.ACCEPTED;
    }

    /**
     * The batch holds an id that exists already (or twice): find the first, in the batch's order, to name it.
     */
    private Result duplicate(final TaskState[] added, final int count)
    {
        for (int n = 0; n < count; n++)
        {
            final TaskState task = added[n];
            final TaskState existing = s.tasks.putIfAbsent(task);
            if (null != existing)
            {
                final boolean inBatch = isIn(added, n, existing);
                for (int i = 0; i < n; i++)
                {
                    s.tasks.remove(added[i].id);
                }
                return Result.rejected(RejectionCode.DUPLICATE_TASK, "task " + task.id + " exists already" +
                    (inBatch ? " in this batch" : "") + "; none of the batch added");
            }
        }
        throw new IllegalStateException("no duplicate in a batch the task table refused");
    }

    private static boolean isIn(final TaskState[] added, final int n, final TaskState task)
    {
        for (int i = n - 1; i >= 0; i--)
        {
            if (added[i] == task)
            {
                return true;
            }
        }
        return false;
    }

    Result removeTask(final long now, final TaskId id)
    {
        final TaskState task = s.tasks.get(id);
        if (null == task)
        {
            return Result.rejected(RejectionCode.UNKNOWN_TASK, "task " + id + " does not exist");
        }
        if (task.status == TaskStatus.CLOSING)
        {
            return Result.rejected(RejectionCode.TASK_IN_HANDOFF,
                "task " + id + " is closing on " + task.holder.id + "; retry once it settles");
        }
        s.advance(now);
        if (reconciler.remove(task))
        {
            rounds.request(Cause.TASK_REMOVED, null, null);
        }
        return Result.ACCEPTED;
    }

    Result moveTask(final long now, final TaskId id, final WorkerId to)
    {
        final TaskState task = s.tasks.get(id);
        if (null == task)
        {
            return Result.rejected(RejectionCode.UNKNOWN_TASK, "task " + id + " does not exist");
        }
        final WorkerState target = s.connected(to);
        if (null == target)
        {
            return EngineState.notRegistered(to);
        }
        if (!target.eligible())
        {
            return Result.rejected(RejectionCode.WORKER_NOT_ELIGIBLE,
                "worker " + to + " is " + (target.detached ? "detached" : "draining"));
        }
        if (!target.canRun(task.requires))
        {
            return Result.rejected(RejectionCode.NOT_CAPABLE,
                "worker " + to + " " + target.capabilities + " lacks capabilities " + task.requires + " of " + id);
        }
        if (task.status == TaskStatus.PENDING || task.status == TaskStatus.RESERVED)
        {
            return Result.rejected(RejectionCode.NOT_ASSIGNED, "task " + id + " is " + task.status + ", not open");
        }
        if (task.status == TaskStatus.CLOSING)
        {
            return Result.rejected(RejectionCode.TASK_IN_HANDOFF, "task " + id + " is closing on " + task.holder.id);
        }
        if (task.holder == target)
        {
            return Result.rejected(RejectionCode.ALREADY_ASSIGNED, "task " + id + " is on " + to + " already");
        }
        s.advance(now);
        reconciler.startMove(task, target, Cause.ADMIN_MOVE, null, null, null);
        return Result.ACCEPTED;
    }

    Result taskOpened(final long now, final WorkerId worker, final TaskId id, final long epoch)
    {
        final TaskState task = s.tasks.get(id);
        final Result invalid = checkAck(worker, id, task, epoch, "open");
        if (null != invalid)
        {
            return invalid;
        }
        switch (task.status)
        {
            case OPENING -> {
                s.advance(now);
                reconciler.opened(task);
                return Result.ACCEPTED;
            }
            case OPEN, CLOSING -> {
                return Result.ACCEPTED;
            }
            default -> {
                return Result.rejected(RejectionCode.UNEXPECTED_ACK, "open ack for " + id + " in " + task.status);
            }
        }
    }

    Result taskClosed(final long now, final WorkerId worker, final TaskId id, final long epoch)
    {
        final TaskState task = s.tasks.get(id);
        final Result invalid = checkAck(worker, id, task, epoch, "close");
        if (null != invalid)
        {
            return invalid;
        }
        if (task.status != TaskStatus.CLOSING)
        {
            return Result.rejected(RejectionCode.UNEXPECTED_ACK,
                "close ack for " + id + " from " + worker + " but it is " + task.status + ", not CLOSING");
        }
        s.advance(now);
        closed(task);
        return Result.ACCEPTED;
    }

    Result taskReleased(final long now, final WorkerId worker, final TaskId id, final long epoch)
    {
        final TaskState task = s.tasks.get(id);
        final Result invalid = checkAck(worker, id, task, epoch, "release");
        if (null != invalid)
        {
            if (invalid.code() == RejectionCode.NOT_OWNER && task.status == TaskStatus.PENDING)
            {
                return Result.rejected(RejectionCode.UNEXPECTED_ACK,
                    "release of " + id + " from " + worker + " but it is PENDING: nobody holds it");
            }
            return invalid;
        }
        s.advance(now);
        if (task.status == TaskStatus.CLOSING)
        {
            closed(task);
        }
        else
        {
            reconciler.released(task);
        }
        return Result.ACCEPTED;
    }


    private void closed(final TaskState task)
    {
        reconciler.completeClose(task, Cause.CLOSE_ACK, task.holder.id, null);
        if (reconciler.idle())
        {
            rounds.maybeRun();
        }
    }

    private Result checkAck(
        final WorkerId worker, final TaskId id, final TaskState task, final long epoch, final String what)
    {
        // the usual ack: from the task's holder under its current epoch. A holder is always the registered state
        // of its id (a worker's tasks lose their holder before it leaves the map), so this answers as the lookup
        // below would, without hashing the name
        final WorkerState holder = null == task ? null : task.holder;
        if (null != holder && epoch == task.epoch && holder.connected() && holder.id.equals(worker))
        {
            return null;
        }
        final WorkerState sender = s.connected(worker);
        if (null == sender)
        {
            return Result.rejected(RejectionCode.UNKNOWN_WORKER,
                what + " ack for " + id + " from unregistered worker " + worker);
        }
        if (null == task)
        {
            return Result.rejected(RejectionCode.UNKNOWN_TASK, what + " ack from " + worker + " for unknown task " + id);
        }
        if (epoch < task.epoch)
        {
            return Result.rejected(RejectionCode.STALE_EPOCH,
                what + " ack from " + worker + " for " + id + " epoch " + epoch + " < current " + task.epoch);
        }
        if (epoch > task.epoch)
        {
            return Result.rejected(RejectionCode.UNKNOWN_EPOCH,
                what + " ack from " + worker + " for " + id + " epoch " + epoch + " never issued (current " +
                task.epoch + ")");
        }
        if (task.holder != sender)
        {
            return Result.rejected(RejectionCode.NOT_OWNER, what + " ack from " + worker + " for " + id +
                " held by " + (null == task.holder ? "nobody" : task.holder.id.name()));
        }
        return null;
    }
}
