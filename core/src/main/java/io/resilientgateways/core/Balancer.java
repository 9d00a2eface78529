package io.resilientgateways.core;

import io.resilientgateways.core.spi.DirectiveSink;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.Timers;

import java.util.Collection;
import java.util.List;

/**
 * The engine: a deterministic state machine that decides which worker owns which task.
 * <p>
 * Inputs are method calls, each with the cluster time of the log entry that carries it; outputs are directives to
 * a {@link DirectiveSink} and timers on {@link Timers}. Given the same inputs it produces the same outputs and the
 * same {@link #snapshot()} bytes, on every replica and after snapshot and replay. Whatever the policy proposes, it
 * guarantees:
 * <ol>
 *   <li>at most one holder per task: a move between two live workers is close, close ack, then open;</li>
 *   <li>a task whose holder left is placed again at once, or held for it during the grace period;</li>
 *   <li>tasks go only to eligible workers with every required capability, else wait PENDING with a reason;</li>
 *   <li>every grant takes a new epoch, greater than any issued before;</li>
 *   <li>a task its holder released is not given back to it within the release backoff;</li>
 *   <li>an invalid input is rejected with a {@link RejectionCode} and changes nothing.</li>
 * </ol>
 * <pre>{@code
 * Balancer balancer = new Balancer(new BalancerConfig(), Strategies.sticky(), sink, timers); // any RebalancePolicy
 * balancer.registerWorker(now, WorkerSpec.of("gw-1", "API_GATEWAY"));
 * balancer.addTask(now, TaskSpec.of("PARTY-1", "API_GATEWAY"));   // sink.open(gw-1, PARTY-1, 1)
 * balancer.taskOpened(now, WorkerId.of("gw-1"), TaskId.of("PARTY-1"), 1);
 * }</pre>
 * Time: each accepted input advances the engine's clock to {@code max(previous, now)}, so it never goes backwards
 * even when cluster time does (a new leader's clock); a rejected input changes nothing, not even the clock.
 * <p>
 * Queries ({@link BalancerQueries}) answer with copies and immutable values; nothing live leaves the engine.
 * <p>
 * Inside, one {@code EngineState} holds the state, one {@code Reconciler} makes every grant, move, close,
 * allocation and removal, and one {@code TimerRegistry} issues every timer id and dispatches fired timers; this
 * class validates inputs and answers queries.
 * <p>
 * Not thread-safe: call it from the one thread that applies the log.
 */
public final class Balancer extends BalancerQueryFacade
{
    private final BalancerConfig config;
    private final RebalancePolicy policy;
    private final EngineState s;
    private final TimerRegistry timers;
    private final EngineView view;
    private final Reconciler reconciler;
    private final RebalanceRounds rounds;
    private final Members members;
    private final Queries queries;
    private final TaskInputs tasks;

    /**
     * Create an empty engine.
     *
     * @param config settings; concluded here, and frozen from then on.
     * @param policy decides targets; one instance per engine.
     * @param sink   receives open and close directives.
     * @param timers schedules the engine's timers.
     */
    public Balancer(
        final BalancerConfig config, final RebalancePolicy policy, final DirectiveSink sink, final Timers timers)
    {
        this.config = config.conclude();
        this.policy = policy;
        this.s = new EngineState(this.config);
        this.timers = new TimerRegistry(timers);
        this.view = new EngineView(s);
        this.reconciler = new Reconciler(s, policy, sink, view, this.timers);
        this.rounds = new RebalanceRounds(s, this.timers, reconciler, this.config);
        this.members = new Members(s, reconciler, rounds, this.timers, view);
        this.queries = new Queries(s, view, reconciler.backoff, policy.name());
        this.tasks = new TaskInputs(s, reconciler, rounds);
    }

    /**
     * Rebuild an engine from {@link #snapshot()} bytes. Nothing is sent and no timer is scheduled: the cluster
     * restores its own timers, and workers resync their assignment.
     *
     * @param config   settings, equal to those in force when the snapshot was taken.
     * @param policy   a policy of the same name and version as the one in the snapshot.
     * @param sink     receives directives from now on.
     * @param timers   schedules timers from now on.
     * @param snapshot bytes from {@link #snapshot()}, of this format or an earlier one.
     * @return the engine.
     * @throws IllegalStateException if the bytes are corrupt or were written under another format, policy or config.
     */
    public static Balancer restore(
        final BalancerConfig config,
        final RebalancePolicy policy,
        final DirectiveSink sink,
        final Timers timers,
        final byte[] snapshot)
    {
        return restore(config, policy, sink, timers, snapshot, true);
    }

    /**
     * This engine's state under another policy and/or settings, as a new engine that takes over from this input on:
     * the way to change them without a clean start. Call it at one log entry (an admin command) on every replica,
     * and use the returned engine from then on; this one must not be used again. Tasks, owners, epochs, history,
     * timers and backoffs are carried over unchanged; nothing is sent and no timer is scheduled (timers already
     * scheduled keep their ids and deadlines and fire into the new engine). The new policy places every task
     * placed from now on and proposes the next rebalance round's moves; the new settings apply from their next use.
     * Its {@link #snapshot()} records the new policy and settings, so a restore needs them.
     * <pre>{@code
     * balancer = balancer.reconfigure(new BalancerConfig().handoffTimeout(5_000), Strategies.leastLoaded(), sink, timers);
     * }</pre>
     *
     * @param config settings (concluded here); {@code maxWorkers} and {@code maxTasks} at least the current counts.
     * @param policy a new policy instance, not one another engine uses.
     * @param sink   receives directives from now on.
     * @param timers schedules timers from now on.
     * @return the engine to use from now on.
     * @throws IllegalArgumentException for an invalid setting, or limits below the current counts; nothing changes.
     */
    public Balancer reconfigure(
        final BalancerConfig config, final RebalancePolicy policy, final DirectiveSink sink, final Timers timers)
    {
        config.conclude();
        if (config.maxWorkers() < s.workers.size() || config.maxTasks() < s.tasks.size())
        {
            throw new IllegalArgumentException("limits below the current counts: maxWorkers " + config.maxWorkers() +
                " for " + s.workers.size() + " workers, maxTasks " + config.maxTasks() + " for " + s.tasks.size() +
                " tasks");
        }
        return restore(config, policy, sink, timers, snapshot(), false);
    }

    private static Balancer restore(
        final BalancerConfig config,
        final RebalancePolicy policy,
        final DirectiveSink sink,
        final Timers timers,
        final byte[] snapshot,
        final boolean checkSettings)
    {
        final Balancer b = new Balancer(config, policy, sink, timers);
        SnapshotCodec.read(
            snapshot, b.policy, b.s, b.timers, b.rounds, b.reconciler.handoff, b.reconciler.backoff, checkSettings);
        for (final WorkerState worker : b.s.workers.values())
        {
            if (worker.mode == WorkerStatus.DEPARTED && 0 != worker.graceTimerId)
            {
                b.timers.restore(worker.graceTimerId, b.members.graceTimer(worker));
            }
        }
        b.view.invalidate();
        return b;
    }

    @Override
    EngineState state()
    {
        return s;
    }

    @Override
    Queries queries()
    {
        return queries;
    }

    /**
     * @return the whole state as bytes; equal states give equal bytes.
     */
    public byte[] snapshot()
    {
        return SnapshotCodec.write(policy, s, timers, rounds, reconciler.handoff, reconciler.backoff);
    }

    /**
     * Resolve a task's name from the wire (one byte per character, as the adapter's codecs carry it) to the id the
     * engine holds, without building a String: an adapter decoding an acknowledgement passes the answer to
     * {@link #taskOpened}, {@link #taskClosed} or {@link #taskReleased}, which then find the task by reference. Not
     * an input: it changes nothing. O(1), allocates nothing.
     * <pre>{@code
     * TaskId task = balancer.taskId(nameBytes, 0, nameLength);   // null: no such task (reject UNKNOWN_TASK)
     * }</pre>
     *
     * @param name   the bytes holding the name.
     * @param offset where the name starts.
     * @param length its length in bytes.
     * @return the engine's id of the task with exactly this name, or null if it holds none.
     */
    public TaskId taskId(final byte[] name, final int offset, final int length)
    {
        final TaskState task = s.tasks.find(name, offset, length);
        return null == task ? null : task.id;
    }

    /**
     * {@link #taskId(byte[], int, int)} with the handle the directive carried ({@link DirectiveSink}) and the ack
     * echoed: if it still names the task with exactly this name, no lookup by name; else (none: negative, stale,
     * forged) the name is looked up. Never another task's id. Not an input; O(1), allocates nothing.
     *
     * @param handle the handle echoed by the worker; negative for none.
     * @param name   the bytes holding the name.
     * @param offset where the name starts.
     * @param length its length in bytes.
     * @return the engine's id of the task with exactly this name, or null if it holds none.
     */
    public TaskId taskId(final int handle, final byte[] name, final int offset, final int length)
    {
        final TaskState task = s.tasks.find(handle, name, offset, length);
        return null == task ? null : task.id;
    }

    // ------------------------------------------------------------------------------------------------ inputs

    /**
     * A worker registered, or re-registered within its grace period (then it gets its reserved tasks back under new
     * epochs).
     *
     * @param now  cluster time.
     * @param spec name, capabilities, capacity.
     * @return accepted, or DUPLICATE_WORKER, LIMIT_REACHED.
     */
    public Result registerWorker(final long now, final WorkerSpec spec)
    {
        final WorkerState worker = s.workers.get(spec.id());
        if (null != worker && worker.connected())
        {
            return Result.rejected(RejectionCode.DUPLICATE_WORKER, "worker " + spec.id() + " is already registered");
        }
        if (null == worker && s.workers.size() >= config.maxWorkers())
        {
            return Result.rejected(RejectionCode.LIMIT_REACHED,
                "worker " + spec.id() + " refused: " + config.maxWorkers() + " workers known already");
        }
        s.advance(now);
        if (null == worker)
        {
            members.joined(spec);
        }
        else
        {
            members.returned(worker, spec);
        }
        return Result.ACCEPTED;
    }

    /**
     * A worker left. Tasks it was closing count as closed; tasks it held are reserved for it during the grace
     * period (not when it deregistered or was draining), or placed elsewhere at once.
     *
     * @param now    cluster time.
     * @param id     the worker.
     * @param reason why, from the session event.
     * @return accepted, or UNKNOWN_WORKER if it is not connected.
     */
    public Result workerLeft(final long now, final WorkerId id, final LeaveReason reason)
    {
        final WorkerState worker = s.connected(id);
        if (null == worker)
        {
            return EngineState.notRegistered(id);
        }
        s.advance(now);
        members.left(worker, reason);
        return Result.ACCEPTED;
    }

    /**
     * Start draining a worker: it gets no new tasks, and its tasks move off it (close, ack, open), within the
     * per-round move limit. Tasks no other worker can run stay where they are.
     *
     * @param now cluster time.
     * @param id  the worker.
     * @return accepted (also when already draining), or UNKNOWN_WORKER.
     */
    public Result drainWorker(final long now, final WorkerId id)
    {
        final WorkerState worker = s.connected(id);
        if (null == worker)
        {
            return EngineState.notRegistered(id);
        }
        if (worker.mode != WorkerStatus.DRAINING)
        {
            s.advance(now);
            members.draining(worker);
        }
        return Result.ACCEPTED;
    }

    /**
     * The worker's process is unreachable but may come back under the same name and incarnation (the adapter's
     * restart reconnect window): it keeps its tasks and their epochs, receives NO new tasks, is no allocation or
     * rebalance target, and its directives are still emitted (the adapter decides whether to deliver them). Its tasks
     * are not moved by rebalancing or draining while it is detached; an admin move or a removal still sends it a
     * close. Idempotent. It ends with {@link #workerReattached(long, WorkerId, boolean)}, {@link #workerLeft(long,
     * WorkerId, LeaveReason)} (then its tasks are handled as for any leaving worker), or a re-registration after it
     * left.
     * <pre>{@code
     * balancer.workerDetached(now, WorkerId.of("gw-1"));                // gw-1 keeps PARTY-1 under epoch 7
     * balancer.workerReattached(now, WorkerId.of("gw-1"), false);       // sink.open(gw-1, PARTY-1, 12)
     * }</pre>
     *
     * @param now cluster time.
     * @param id  the worker.
     * @return accepted (also when already detached), or UNKNOWN_WORKER if it is not connected.
     */
    public Result workerDetached(final long now, final WorkerId id)
    {
        final WorkerState worker = s.connected(id);
        if (null == worker)
        {
            return EngineState.notRegistered(id);
        }
        if (!worker.detached)
        {
            s.advance(now);
            members.detached(worker);
        }
        return Result.ACCEPTED;
    }

    /**
     * The worker speaks again, no longer detached. {@code heldTasks == true}: it still holds what it was granted (it
     * resumed within its lease): its tasks and epochs are unchanged (the adapter re-sends its directives, see
     * {@link #assignmentsOf(WorkerId)}). {@code heldTasks == false}: it closed everything locally (fenced itself, or
     * restarted under the same incarnation): every task it owned (OPENING or OPEN) is granted to it again under a
     * NEW epoch (an open directive; a resumed worker is never handed an epoch it has already closed), and every task
     * it was CLOSING completes its close as if acknowledged (goes to its target, or is removed). Then pending tasks
     * are placed and a rebalance may run, as after any membership change. Also valid for a worker that was not
     * detached (a resume the adapter could not prove safe): then {@code heldTasks == true} changes nothing.
     *
     * @param now       cluster time.
     * @param id        the worker.
     * @param heldTasks whether it still holds every task it was granted, under the same epochs.
     * @return accepted, or UNKNOWN_WORKER if it is not connected.
     */
    public Result workerReattached(final long now, final WorkerId id, final boolean heldTasks)
    {
        final WorkerState worker = s.connected(id);
        if (null == worker)
        {
            return EngineState.notRegistered(id);
        }
        if (worker.detached || !heldTasks)
        {
            s.advance(now);
            members.reattached(worker, heldTasks);
        }
        return Result.ACCEPTED;
    }

    /**
     * Raise the epoch floor: every epoch granted from now on is above {@code floor} (epochs come from one counter,
     * which this lifts; it never lowers it, and the snapshot carries it). Use it after a clean start, so that a remote
     * side that remembers an earlier deployment's epochs (the highest it saw, or a backup's {@link #lastEpoch()})
     * never refuses the new owners as stale. Tasks already granted keep their epochs.
     *
     * @param now   cluster time (the input's time, as for every input).
     * @param floor the highest epoch an earlier deployment may have granted; at least 0.
     * @return accepted (also when the counter is already at or above the floor), or INVALID_NUMBER.
     */
    public Result raiseEpochFloor(final long now, final long floor)
    {
        if (floor < 0)
        {
            return Result.rejected(RejectionCode.INVALID_NUMBER, "epoch floor must be at least 0: " + floor);
        }
        s.advance(now);
        s.epochCounter = Math.max(s.epochCounter, floor);
        return Result.ACCEPTED;
    }

    /**
     * Add a task; it is placed at once if a capable worker is eligible.
     *
     * @param now  cluster time.
     * @param spec id, required capabilities, weight.
     * @return accepted, or DUPLICATE_TASK, LIMIT_REACHED.
     */
    public Result addTask(final long now, final TaskSpec spec)
    {
        return tasks.addTask(now, spec);
    }

    /**
     * Add many tasks as one input (one logged command), e.g. the initial placement: all or none. Equivalent to
     * {@link #addTask(long, TaskSpec)} for each, in the given order, at the same time, except that a rejection adds
     * none of them.
     * <pre>{@code
     * balancer.addTasks(now, List.of(TaskSpec.of("PARTY-1"), TaskSpec.of("PARTY-2")));
     * }</pre>
     *
     * @param now   cluster time.
     * @param specs the tasks, in the order they are placed.
     * @return accepted, or DUPLICATE_TASK (an existing id, or one twice in the batch), LIMIT_REACHED.
     */
    public Result addTasks(final long now, final Collection<TaskSpec> specs)
    {
        return tasks.addTasks(now, specs);
    }

    /**
     * Remove a task. An open or opening task is closed first and removed when its holder acknowledges (or leaves);
     * a pending or reserved one goes at once.
     *
     * @param now cluster time.
     * @param id  the task.
     * @return accepted, or UNKNOWN_TASK, TASK_IN_HANDOFF (it is closing: retry once it settles).
     */
    public Result removeTask(final long now, final TaskId id)
    {
        return tasks.removeTask(now, id);
    }

    /**
     * Move a task to a chosen worker (an admin action), as close, ack, open. A later rebalance may move it again if
     * the policy finds the result unbalanced.
     *
     * @param now cluster time.
     * @param id  the task.
     * @param to  the new owner.
     * @return accepted, or UNKNOWN_TASK, UNKNOWN_WORKER, WORKER_NOT_ELIGIBLE, NOT_CAPABLE, NOT_ASSIGNED,
     * TASK_IN_HANDOFF, ALREADY_ASSIGNED.
     */
    public Result moveTask(final long now, final TaskId id, final WorkerId to)
    {
        return tasks.moveTask(now, id, to);
    }

    /**
     * The holder reports it has opened the task under {@code epoch}. A repeat, or an ack overtaken by a close, is
     * accepted and changes nothing.
     *
     * @param now    cluster time.
     * @param worker who acknowledges.
     * @param id     the task.
     * @param epoch  the epoch from the open directive.
     * @return accepted, or UNKNOWN_WORKER, UNKNOWN_TASK, STALE_EPOCH, UNKNOWN_EPOCH, NOT_OWNER, UNEXPECTED_ACK.
     */
    public Result taskOpened(final long now, final WorkerId worker, final TaskId id, final long epoch)
    {
        return tasks.taskOpened(now, worker, id, epoch);
    }

    /**
     * The holder reports it has closed the task. Completes a move (the new owner is told to open), a removal, or
     * frees the task to be placed again.
     *
     * @param now    cluster time.
     * @param worker who acknowledges.
     * @param id     the task.
     * @param epoch  the epoch from the close directive.
     * @return accepted, or UNKNOWN_WORKER, UNKNOWN_TASK, STALE_EPOCH, UNKNOWN_EPOCH, NOT_OWNER, UNEXPECTED_ACK (a
     * close nobody asked for).
     */
    public Result taskClosed(final long now, final WorkerId worker, final TaskId id, final long epoch)
    {
        return tasks.taskClosed(now, worker, id, epoch);
    }

    /**
     * The holder hands the task back: it could not open it, or lost it (the remote side refused its epoch, the
     * connection failed or broke). The worker has already let go of it, so no close is sent. The task is placed
     * again at once, but not on this worker for {@link BalancerConfig#releaseBackoff()}: if the policy proposes it,
     * the least loaded (load per unit of capacity, then name) other eligible capable worker takes it; if there is
     * none, the task waits PENDING ({@code "released by gw-1; retried at T"}) and is placed again, possibly on this
     * worker, when the backoff ends. Releasing a task that is being closed is its close acknowledgement.
     * <pre>{@code
     * balancer.taskReleased(now, WorkerId.of("gw-1"), TaskId.of("PARTY-1"), 7);   // sink.open(gw-2, PARTY-1, 9)
     * }</pre>
     *
     * @param now    cluster time.
     * @param worker who releases it.
     * @param id     the task.
     * @param epoch  the epoch it holds the task under.
     * @return accepted, or UNKNOWN_WORKER, UNKNOWN_TASK, STALE_EPOCH, UNKNOWN_EPOCH, NOT_OWNER, UNEXPECTED_ACK (the
     * task is pending: nobody holds it).
     */
    public Result taskReleased(final long now, final WorkerId worker, final TaskId id, final long epoch)
    {
        return tasks.taskReleased(now, worker, id, epoch);
    }

    /**
     * A timer scheduled by this engine fired.
     *
     * @param now           cluster time.
     * @param correlationId the id it was scheduled with.
     * @return accepted, or UNKNOWN_TIMER (nothing changes).
     */
    public Result onTimer(final long now, final long correlationId)
    {
        if (!timers.isLive(correlationId))
        {
            return Result.rejected(RejectionCode.UNKNOWN_TIMER, "no timer with correlation id " + correlationId);
        }
        s.advance(now);
        timers.fire(correlationId);
        return Result.ACCEPTED;
    }
}
