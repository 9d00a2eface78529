package io.resilientgateways.core;

import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.DirectiveSink;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.TaskView;
import io.resilientgateways.core.spi.Timers;
import io.resilientgateways.core.spi.WorkerView;
import org.agrona.collections.Object2ObjectHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

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
 * Balancer balancer = new Balancer(new BalancerConfig(), new BasicPolicy(), sink, timers);
 * balancer.registerWorker(now, WorkerSpec.of("gw-1", "API_GATEWAY"));
 * balancer.addTask(now, TaskSpec.of("PARTY-1", "API_GATEWAY"));   // sink.open(gw-1, PARTY-1, 1)
 * balancer.taskOpened(now, WorkerId.of("gw-1"), TaskId.of("PARTY-1"), 1);
 * }</pre>
 * Not thread-safe: call it from the one thread that applies the log.
 */
public final class Balancer
{
    static final Comparator<TaskState> BY_ID = Comparator.comparing(t -> t.id);

    final BalancerConfig config;
    final RebalancePolicy policy;
    private final DirectiveSink sink;
    final Timers timers;
    final EngineView view = new EngineView(this);
    final HandoffTracker handoff = new HandoffTracker(this);
    final ReleaseBackoff backoff = new ReleaseBackoff(this);
    final RebalanceRounds rounds = new RebalanceRounds(this);

    final TreeMap<WorkerId, WorkerState> workers = new TreeMap<>();
    final Object2ObjectHashMap<TaskId, TaskState> tasks = new Object2ObjectHashMap<>();
    final TreeMap<TaskId, TaskState> pending = new TreeMap<>();
    TaskState[] sortedTasks;
    final History history;

    long now;
    long epochCounter;
    long timerCounter;
    long membershipVersion;
    long totalWeight;
    int closingMoves;
    long policyProposalsRejected;


    /**
     * Create an empty engine.
     *
     * @param config settings; concluded here.
     * @param policy decides targets; one instance per engine.
     * @param sink   receives open and close directives.
     * @param timers schedules the engine's timers.
     */
    public Balancer(
        final BalancerConfig config, final RebalancePolicy policy, final DirectiveSink sink, final Timers timers)
    {
        this.config = config.conclude();
        this.policy = policy;
        this.sink = sink;
        this.timers = timers;
        this.history = new History(config.historyCapacity());
    }

    /**
     * Rebuild an engine from {@link #snapshot()} bytes. Nothing is sent and no timer is scheduled: the cluster
     * restores its own timers, and workers resync their assignment.
     *
     * @param config   settings, equal to those in force when the snapshot was taken.
     * @param policy   a policy of the same name and version as the one in the snapshot.
     * @param sink     receives directives from now on.
     * @param timers   schedules timers from now on.
     * @param snapshot bytes from {@link #snapshot()}.
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
        final Balancer balancer = new Balancer(config, policy, sink, timers);
        SnapshotCodec.read(balancer, snapshot);
        return balancer;
    }

    /**
     * @return the whole state as bytes; equal states give equal bytes.
     */
    public byte[] snapshot()
    {
        return SnapshotCodec.write(this);
    }

    // ------------------------------------------------------------------------------------------------ inputs

    /**
     * A worker registered, or re-registered within its grace period (then it gets its reserved tasks back).
     *
     * @param now  cluster time.
     * @param spec name, capabilities, capacity.
     * @return accepted, or DUPLICATE_WORKER, LIMIT_REACHED.
     */
    public Result registerWorker(final long now, final WorkerSpec spec)
    {
        WorkerState worker = workers.get(spec.id());
        if (null != worker && worker.connected())
        {
            return Result.rejected(RejectionCode.DUPLICATE_WORKER, "worker " + spec.id() + " is already registered");
        }
        if (null == worker && workers.size() >= config.maxWorkers())
        {
            return Result.rejected(RejectionCode.LIMIT_REACHED,
                "worker " + spec.id() + " refused: " + config.maxWorkers() + " workers known already");
        }
        this.now = now;
        final Cause cause;
        if (null == worker)
        {
            worker = new WorkerState(spec);
            workers.put(spec.id(), worker);
            cause = Cause.WORKER_JOINED;
            membershipChanged();
        }
        else
        {
            cause = Cause.WORKER_RETURNED;
            timers.cancel(worker.graceTimerId);
            worker.graceTimerId = 0;
            worker.graceDeadline = 0;
            worker.leaveReason = null;
            worker.capabilities = spec.capabilities();
            worker.capacity = spec.capacity();
            worker.mode = WorkerState.Mode.LIVE;
            worker.detached = false;
            membershipChanged();
            final List<TaskState> orphans = new ArrayList<>();
            for (final TaskState task : worker.assignedSorted())
            {
                if (worker.canRun(task.requires))
                {
                    grant(task, worker, cause, worker.id, null);
                }
                else
                {
                    worker.removeAssigned(task);
                    orphans.add(task);
                }
            }
            for (final TaskState task : orphans)
            {
                allocate(task, cause, worker.id, null);
            }
        }
        placePending(cause, worker.id);
        rounds.request(cause, worker.id, null);
        return Result.ACCEPTED;
    }

    /**
     * Convenience for adapters: validate raw values, then {@link #registerWorker(long, WorkerSpec)}.
     *
     * @param now          cluster time.
     * @param name         the worker's name.
     * @param capabilities what it offers.
     * @param capacity     its capacity.
     * @return accepted, or the rejection for an invalid value or a refused registration.
     */
    public Result registerWorker(
        final long now, final String name, final Collection<String> capabilities, final int capacity)
    {
        final WorkerSpec spec;
        try
        {
            spec = new WorkerSpec(WorkerId.of(name), CapabilitySet.of(capabilities), capacity);
        }
        catch (final InvalidInputException ex)
        {
            return Result.rejected(ex.code(), ex.getMessage());
        }
        return registerWorker(now, spec);
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
        final WorkerState worker = workers.get(id);
        if (null == worker || !worker.connected())
        {
            return Result.rejected(RejectionCode.UNKNOWN_WORKER, "worker " + id + " is not registered");
        }
        this.now = now;
        final boolean reserve = config.gracePeriod() > 0 && reason != LeaveReason.DEREGISTERED &&
            worker.mode == WorkerState.Mode.LIVE;
        worker.mode = WorkerState.Mode.DEPARTED;
        worker.detached = false;
        worker.leaveReason = reason;
        membershipChanged();

        for (final TaskState task : worker.outgoingSorted())
        {
            completeClose(task, Cause.WORKER_LEFT, id, reason);
        }
        final List<TaskState> orphans = new ArrayList<>();
        for (final TaskState task : worker.assignedSorted())
        {
            if (task.holder != worker)
            {
                worker.removeAssigned(task); // it was on its way here; placed again once its holder closes it
            }
            else if (reserve)
            {
                final TaskStatus from = task.status;
                task.status = TaskStatus.RESERVED;
                task.holder = null;
                task.since = now;
                task.stuck = false;
                record(task, from, worker.id, Cause.WORKER_LEFT, id, reason, null);
            }
            else
            {
                worker.removeAssigned(task);
                task.holder = null;
                orphans.add(task);
            }
        }
        if (reserve)
        {
            worker.graceTimerId = ++timerCounter;
            worker.graceDeadline = now + config.gracePeriod();
            timers.schedule(worker.graceTimerId, worker.graceDeadline);
        }
        else
        {
            workers.remove(id);
        }
        for (final TaskState task : orphans)
        {
            allocate(task, Cause.WORKER_LEFT, id, reason);
        }
        rounds.request(Cause.WORKER_LEFT, id, reason);
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
        final WorkerState worker = workers.get(id);
        if (null == worker || !worker.connected())
        {
            return Result.rejected(RejectionCode.UNKNOWN_WORKER, "worker " + id + " is not registered");
        }
        if (worker.mode == WorkerState.Mode.DRAINING)
        {
            return Result.ACCEPTED;
        }
        this.now = now;
        worker.mode = WorkerState.Mode.DRAINING;
        membershipChanged();
        rounds.request(Cause.WORKER_DRAINING, id, null);
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
        final WorkerState worker = workers.get(id);
        if (null == worker || !worker.connected())
        {
            return Result.rejected(RejectionCode.UNKNOWN_WORKER, "worker " + id + " is not registered");
        }
        if (worker.detached)
        {
            return Result.ACCEPTED;
        }
        this.now = now;
        worker.detached = true;
        membershipChanged();
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
        final WorkerState worker = workers.get(id);
        if (null == worker || !worker.connected())
        {
            return Result.rejected(RejectionCode.UNKNOWN_WORKER, "worker " + id + " is not registered");
        }
        if (!worker.detached && heldTasks)
        {
            return Result.ACCEPTED;
        }
        this.now = now;
        if (worker.detached)
        {
            worker.detached = false;
            membershipChanged();
        }
        if (!heldTasks)
        {
            for (final TaskState task : worker.outgoingSorted())
            {
                completeClose(task, Cause.WORKER_REATTACHED, id, null);
            }
            for (final TaskState task : worker.assignedSorted())
            {
                if (task.holder == worker)
                {
                    grant(task, worker, Cause.WORKER_REATTACHED, id, null);
                }
            }
        }
        placePending(Cause.WORKER_REATTACHED, id);
        rounds.request(Cause.WORKER_REATTACHED, id, null);
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
        if (tasks.containsKey(spec.id()))
        {
            return Result.rejected(RejectionCode.DUPLICATE_TASK, "task " + spec.id() + " exists already");
        }
        if (tasks.size() >= config.maxTasks())
        {
            return Result.rejected(RejectionCode.LIMIT_REACHED,
                "task " + spec.id() + " refused: " + config.maxTasks() + " tasks held already");
        }
        this.now = now;
        final TaskState task = new TaskState(spec.id(), spec.requires(), spec.weight());
        tasks.put(spec.id(), task);
        sortedTasks = null;
        totalWeight += spec.weight();
        task.since = now;
        allocate(task, Cause.TASK_ADDED, null, null);
        return Result.ACCEPTED;
    }

    /**
     * Convenience for adapters: validate raw values, then {@link #addTask(long, TaskSpec)}.
     *
     * @param now      cluster time.
     * @param id       the task's id.
     * @param requires required capabilities.
     * @param weight   its weight.
     * @return accepted, or the rejection for an invalid value or a refused task.
     */
    public Result addTask(final long now, final String id, final Collection<String> requires, final int weight)
    {
        final TaskSpec spec;
        try
        {
            spec = new TaskSpec(TaskId.of(id), CapabilitySet.of(requires), weight);
        }
        catch (final InvalidInputException ex)
        {
            return Result.rejected(ex.code(), ex.getMessage());
        }
        return addTask(now, spec);
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
        final TaskState task = tasks.get(id);
        if (null == task)
        {
            return Result.rejected(RejectionCode.UNKNOWN_TASK, "task " + id + " does not exist");
        }
        if (task.status == TaskStatus.CLOSING)
        {
            return Result.rejected(RejectionCode.TASK_IN_HANDOFF,
                "task " + id + " is closing on " + task.holder.id + "; retry once it settles");
        }
        this.now = now;
        switch (task.status)
        {
            case PENDING -> {
                pending.remove(id);
                forget(task, null);
            }
            case RESERVED -> {
                final WorkerId reservedFor = task.assignee.id;
                task.assignee.removeAssigned(task);
                forget(task, reservedFor);
            }
            default -> {
                final WorkerState holder = task.holder;
                final TaskStatus from = task.status;
                holder.removeAssigned(task);
                holder.addOutgoing(task);
                task.removing = true;
                handoff.enter(task, TaskStatus.CLOSING);
                record(task, from, holder.id, Cause.TASK_REMOVED, null, null, null);
                sink.close(holder.id, task.id, task.epoch);
                rounds.request(Cause.TASK_REMOVED, null, null);
            }
        }
        return Result.ACCEPTED;
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
        final TaskState task = tasks.get(id);
        if (null == task)
        {
            return Result.rejected(RejectionCode.UNKNOWN_TASK, "task " + id + " does not exist");
        }
        final WorkerState target = workers.get(to);
        if (null == target || !target.connected())
        {
            return Result.rejected(RejectionCode.UNKNOWN_WORKER, "worker " + to + " is not registered");
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
        this.now = now;
        startMove(task, target, Cause.ADMIN_MOVE, null, null, null);
        return Result.ACCEPTED;
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
        final TaskState task = tasks.get(id);
        final Result invalid = checkAck(worker, id, task, epoch, "open");
        if (null != invalid)
        {
            return invalid;
        }
        switch (task.status)
        {
            case OPENING -> {
                this.now = now;
                task.status = TaskStatus.OPEN;
                task.since = now;
                task.stuck = false;
                record(task, TaskStatus.OPENING, task.holder.id, Cause.OPEN_ACK, worker, null, null);
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
        final TaskState task = tasks.get(id);
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
        this.now = now;
        completeClose(task, Cause.CLOSE_ACK, worker, null);
        if (closingMoves == 0)
        {
            rounds.maybeRun();
        }
        return Result.ACCEPTED;
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
        final TaskState task = tasks.get(id);
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
        if (task.status == TaskStatus.CLOSING)
        {
            return taskClosed(now, worker, id, epoch);
        }
        this.now = now;
        final WorkerState holder = task.holder;
        holder.removeAssigned(task);
        task.holder = null;
        backoff.avoid(id, holder.id);
        allocate(task, Cause.TASK_RELEASED, holder.id, null);
        return Result.ACCEPTED;
    }

    /**
     * A timer scheduled by this engine fired.
     *
     * @param now           cluster time.
     * @param correlationId the id it was scheduled with.
     * @return accepted, or UNKNOWN_TIMER.
     */
    public Result onTimer(final long now, final long correlationId)
    {
        final long previous = this.now;
        this.now = now;
        if (handoff.onTimer(correlationId) || backoff.onTimer(correlationId))
        {
            return Result.ACCEPTED;
        }
        this.now = previous;
        if (rounds.onTimer(correlationId))
        {
            this.now = now;
            return Result.ACCEPTED;
        }
        for (final WorkerState worker : workers.values())
        {
            if (worker.mode == WorkerState.Mode.DEPARTED && worker.graceTimerId == correlationId &&
                correlationId != 0)
            {
                this.now = now;
                expireGrace(worker);
                return Result.ACCEPTED;
            }
        }
        return Result.rejected(RejectionCode.UNKNOWN_TIMER, "no timer with correlation id " + correlationId);
    }

    // ------------------------------------------------------------------------------------------------ queries

    /**
     * @param id a task.
     * @return its assignment, or null if unknown.
     */
    public Assignment assignment(final TaskId id)
    {
        final TaskState task = tasks.get(id);
        return null == task ? null : task.toAssignment();
    }

    /**
     * @return every task's assignment, sorted by task id.
     */
    public List<Assignment> assignments()
    {
        final TaskState[] all = sortedTasks();
        final List<Assignment> out = new ArrayList<>(all.length);
        for (final TaskState task : all)
        {
            out.add(task.toAssignment());
        }
        return out;
    }

    /**
     * What a worker should have: the tasks it holds (opening, open, or closing), sorted by id. An adapter re-sends
     * the open and close directives among them when the worker resyncs.
     *
     * @param id a worker.
     * @return its tasks; empty if unknown.
     */
    public List<Assignment> assignmentsOf(final WorkerId id)
    {
        final WorkerState worker = workers.get(id);
        if (null == worker)
        {
            return List.of();
        }
        final List<TaskState> held = new ArrayList<>(worker.taskCount + worker.outgoingCount);
        for (final TaskState task : worker.assignedSorted())
        {
            if (task.holder == worker)
            {
                held.add(task);
            }
        }
        held.addAll(Arrays.asList(worker.outgoingSorted()));
        held.sort(BY_ID);
        final List<Assignment> out = new ArrayList<>(held.size());
        for (final TaskState task : held)
        {
            out.add(task.toAssignment());
        }
        return out;
    }

    /**
     * @return every known worker (live, draining, departed within its grace period), sorted by name.
     */
    public List<WorkerView> workers()
    {
        return List.copyOf(workers.values());
    }

    /**
     * @param id a worker.
     * @return the worker, or null if unknown.
     */
    public WorkerView worker(final WorkerId id)
    {
        return workers.get(id);
    }

    /**
     * @return how many tasks exist.
     */
    public int taskCount()
    {
        return tasks.size();
    }

    /**
     * @return the kept history, oldest first.
     */
    public List<Transition> history()
    {
        return history.all(null);
    }

    /**
     * @param id a task.
     * @return the kept history of that task, oldest first.
     */
    public List<Transition> history(final TaskId id)
    {
        return history.all(id);
    }

    /**
     * @param id a task.
     * @return why it is pending, or null if it is not.
     */
    public String pendingReason(final TaskId id)
    {
        final TaskState task = tasks.get(id);
        if (null == task || task.status != TaskStatus.PENDING)
        {
            return null;
        }
        if (view.workers().isEmpty())
        {
            return "no eligible workers";
        }
        final String released = backoff.pendingReason(task);
        if (null != released)
        {
            return released;
        }
        for (final WorkerView worker : view.workers())
        {
            if (worker.canRun(task.requires))
            {
                return "policy " + policy.name() + " declined to place it";
            }
        }
        return "no eligible worker has capabilities " + task.requires;
    }

    /**
     * @return tasks whose acknowledgement is overdue by more than the handoff timeout, sorted by id.
     */
    public List<Assignment> stuck()
    {
        final List<Assignment> out = new ArrayList<>();
        for (final TaskState task : sortedTasks())
        {
            if (task.stuck)
            {
                out.add(task.toAssignment());
            }
        }
        return out;
    }

    /**
     * @return how many policy proposals were invalid when applied and were ignored, since the start.
     */
    public long policyProposalsRejected()
    {
        return policyProposalsRejected;
    }

    /**
     * @return the highest epoch issued so far.
     */
    public long lastEpoch()
    {
        return epochCounter;
    }

    /**
     * @return the read-only view policies see; valid until the next input.
     */
    public ClusterView view()
    {
        return view;
    }

    /**
     * @return the settings.
     */
    public BalancerConfig config()
    {
        return config;
    }

    // ------------------------------------------------------------------------------------------------ internals

    private Result checkAck(
        final WorkerId worker, final TaskId id, final TaskState task, final long epoch, final String what)
    {
        final WorkerState sender = workers.get(worker);
        if (null == sender || !sender.connected())
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

    private void membershipChanged()
    {
        membershipVersion++;
        view.invalidate();
    }

    private void grant(
        final TaskState task, final WorkerState worker, final Cause cause, final WorkerId causeWorker,
        final LeaveReason reason)
    {
        final TaskStatus from = task.status;
        if (from == TaskStatus.PENDING)
        {
            pending.remove(task.id);
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
        task.epoch = ++epochCounter;
        handoff.enter(task, TaskStatus.OPENING);
        record(task, from, worker.id, cause, causeWorker, reason, null);
        sink.open(worker.id, task.id, task.epoch);
    }

    void allocate(
        final TaskState task, final Cause cause, final WorkerId causeWorker, final LeaveReason reason)
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
        pending.put(task.id, task);
        if (from != TaskStatus.PENDING || cause == Cause.TASK_ADDED)
        {
            task.since = now;
            record(task, from, null, cause, causeWorker, reason, null);
        }
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
            policyProposalsRejected++;
        }
        if (null == choice)
        {
            return null;
        }
        final WorkerState target = workers.get(choice);
        if (null == target || !target.eligible() || !target.canRun(task.requires))
        {
            policyProposalsRejected++;
            return null;
        }
        return backoff.steer(task, target);
    }

    private void placePending(final Cause cause, final WorkerId causeWorker)
    {
        if (pending.isEmpty())
        {
            return;
        }
        for (final TaskState task : pending.values().toArray(new TaskState[0]))
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
        final WorkerState holder = task.holder;
        final TaskStatus from = task.status;
        holder.removeAssigned(task);
        target.addAssigned(task);
        holder.addOutgoing(task);
        closingMoves++;
        handoff.enter(task, TaskStatus.CLOSING);
        record(task, from, holder.id, cause, triggerWorker, triggerReason, trigger);
        sink.close(holder.id, task.id, task.epoch);
    }

    private void completeClose(
        final TaskState task, final Cause cause, final WorkerId causeWorker, final LeaveReason reason)
    {
        final WorkerState holder = task.holder;
        holder.removeOutgoing(task);
        task.holder = null;
        if (task.removing)
        {
            forget(task, holder.id);
            return;
        }
        closingMoves--;
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

    private void forget(final TaskState task, final WorkerId lastWorker)
    {
        final TaskStatus from = task.status;
        tasks.remove(task.id);
        sortedTasks = null;
        totalWeight -= task.weight;
        task.status = TaskStatus.PENDING; // marks any handoff-queue entry stale
        backoff.forget(task.id);
        history.record(now, task.id, from, null, lastWorker, task.epoch, Cause.TASK_REMOVED, null, null, null);
    }

    private void expireGrace(final WorkerState worker)
    {
        workers.remove(worker.id);
        membershipChanged();
        for (final TaskState task : worker.assignedSorted())
        {
            worker.removeAssigned(task);
            allocate(task, Cause.GRACE_EXPIRED, worker.id, null);
        }
        rounds.request(Cause.GRACE_EXPIRED, worker.id, null);
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
        history.record(now, task.id, from, task.status, worker, task.epoch, cause, causeWorker, reason, trigger);
    }

    TaskState[] sortedTasks()
    {
        TaskState[] sorted = sortedTasks;
        if (null == sorted)
        {
            sorted = new TaskState[tasks.size()];
            int i = 0;
            for (final TaskState task : tasks.values())
            {
                sorted[i++] = task;
            }
            Arrays.sort(sorted, BY_ID);
            sortedTasks = sorted;
        }
        return sorted;
    }
}
