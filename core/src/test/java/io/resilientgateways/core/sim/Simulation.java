package io.resilientgateways.core.sim;

import io.resilientgateways.core.Assignment;
import io.resilientgateways.core.Balancer;
import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.Result;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.TaskStatus;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;
import io.resilientgateways.core.spi.DirectiveSink;
import io.resilientgateways.core.spi.Timers;
import io.resilientgateways.core.spi.WorkerView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A deterministic simulation of a cluster running the engine, and of workers that obey its directives over a
 * network with delays. One scheduler orders every event by time, then by the order it was scheduled in. Everything
 * random comes from one seeded {@link Random}, so a seed reproduces a run exactly.
 * <p>
 * Workers ack after random delays, crash (their tasks die with them; the cluster notices after the session
 * timeout), get partitioned (messages are held until the partition heals, as Aeron's reliable streams would; a
 * worker fences itself when its lease runs out and then reconnects), deregister, and restart under the same name.
 * The "cluster" side maps sessions to worker names, drops messages of closed sessions, and declares a session dead
 * after the session timeout. A counterparty model accepts a connection only with an epoch newer than any it saw.
 * <p>
 * Invariants are checked after every event; a violation throws {@link AssertionError} naming the seed and time.
 */
public final class Simulation implements DirectiveSink, Timers
{
    private final SimOptions options;
    private final Random random;
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final TreeMap<String, SimWorker> workers = new TreeMap<>();
    private final TreeMap<String, Session> sessions = new TreeMap<>();
    private final TreeMap<TaskId, Long> lastOpenEpoch = new TreeMap<>();
    private final TreeMap<TaskId, Long> counterpartyEpoch = new TreeMap<>();
    private final TreeSet<Long> cancelledTimers = new TreeSet<>();
    private final List<String> trace = new ArrayList<>();
    private final BalancerConfig config;
    private Balancer balancer;
    private long now;
    private long seq;
    private int inputs;
    private int rejections;
    private int taskCounter;
    private long lastEpochIssued;
    private long actionsEnd;
    private int releases;
    /** Cluster time = simulated time + this offset; it steps backwards and forwards (a new leader's clock, NTP). */
    private long clockOffset;
    private int clockSteps;

    public Simulation(final SimOptions options)
    {
        this.options = options;
        this.random = new Random(options.seed);
        this.config = options.config.get();
        this.balancer = new Balancer(config, options.policy.get(), this, this);
    }

    /**
     * Run the scripted random actions, then let everything settle.
     *
     * @return this, for queries.
     */
    public Simulation run()
    {
        for (int i = 0; i < options.workers; i++)
        {
            final String name = "w" + i;
            final int caps = 1 + random.nextInt(3);
            final List<String> offered = new ArrayList<>();
            for (int c = 0; c < options.capabilityPool.length; c++)
            {
                if ((caps & (1 << c)) != 0)
                {
                    offered.add(options.capabilityPool[c]);
                }
            }
            final SimWorker worker = new SimWorker(name, offered.toArray(new String[0]), 1 + random.nextInt(3));
            worker.attach(this);
            workers.put(name, worker);
        }
        final List<TaskSpec> initial = new ArrayList<>();
        for (int i = 0; i < options.tasks / 2; i++)
        {
            initial.add(randomTask());
        }
        input("add " + initial.size() + " tasks", () -> balancer.addTasks(clock(), initial));
        long t = 0;
        for (int i = 0; i < options.actions; i++)
        {
            t += 1 + random.nextInt((int)options.actionSpacing);
            at(t, this::randomAction);
        }
        actionsEnd = t;
        final long end = t + options.settleTime();
        while (!queue.isEmpty() && queue.peek().time <= end)
        {
            final Event event = queue.poll();
            now = event.time;
            event.action.run();
            checkInvariants();
        }
        now = end;
        return this;
    }

    // ------------------------------------------------------------------------------------------ results

    public Balancer balancer()
    {
        return balancer;
    }

    public List<String> trace()
    {
        return trace;
    }

    public byte[] snapshot()
    {
        return balancer.snapshot();
    }

    public int inputs()
    {
        return inputs;
    }

    public int rejections()
    {
        return rejections;
    }

    /**
     * @return releases the engine accepted.
     */
    public int releases()
    {
        return releases;
    }

    public long seed()
    {
        return options.seed;
    }

    /**
     * Once inputs have stopped and settled: every task with a capable eligible worker is OPEN and held by exactly
     * that worker under the same epoch; every other task is PENDING; no worker holds anything else.
     */
    public void assertSettled()
    {
        final TreeMap<String, TreeMap<TaskId, Long>> expected = new TreeMap<>();
        for (final Assignment a : balancer.assignments())
        {
            if (a.status() == TaskStatus.OPEN)
            {
                expected.computeIfAbsent(a.owner().name(), k -> new TreeMap<>()).put(a.task(), a.epoch());
                continue;
            }
            check(a.status() == TaskStatus.PENDING, "not settled: " + a);
            final CapabilitySet requires = balancer.task(a.task())
                .requires();
            for (final WorkerView w : balancer.frozenView().workers())
            {
                check(!w.canRun(requires), "task " + a.task() + " pending though " + w.id() + " can run it");
            }
        }
        for (final SimWorker w : workers.values())
        {
            final Map<TaskId, Long> shouldHold = expected.getOrDefault(w.name, new TreeMap<>());
            check(w.held.equals(shouldHold), "worker " + w.name + " holds " + w.held + " but engine says " +
                shouldHold);
        }
    }

    // ------------------------------------------------------------------------------------------ engine I/O

    @Override
    public void open(final WorkerId worker, final TaskId task, final long epoch)
    {
        trace.add(now + " open " + worker + " " + task + " " + epoch);
        final Long previous = lastOpenEpoch.get(task);
        check(null == previous || epoch > previous, "epoch for " + task + " did not increase: " + previous + " -> " +
            epoch);
        check(epoch > lastEpochIssued, "epoch " + epoch + " not above every earlier one " + lastEpochIssued);
        lastEpochIssued = epoch;
        lastOpenEpoch.put(task, epoch);
        final WorkerSpec spec = workers.get(worker.name()).spec();
        check(spec.capabilities().containsAll(balancerRequires(task)), "task " + task + " sent to incapable " + worker);
        toWorker(worker.name(), w -> w.onOpen(task, epoch));
    }

    @Override
    public void close(final WorkerId worker, final TaskId task, final long epoch)
    {
        trace.add(now + " close " + worker + " " + task + " " + epoch);
        toWorker(worker.name(), w -> w.onClose(task, epoch));
    }

    /**
     * @return the cluster time the engine is given: simulated time plus an offset that steps both ways.
     */
    long clock()
    {
        return now + clockOffset;
    }

    /**
     * @return how often cluster time stepped.
     */
    public int clockSteps()
    {
        return clockSteps;
    }

    @Override
    public void schedule(final long correlationId, final long deadline)
    {
        trace.add(now + " schedule " + correlationId + " " + deadline);
        at(Math.max(now, deadline - clockOffset), () ->
        {
            if (!cancelledTimers.remove(correlationId))
            {
                input("timer " + correlationId, () -> balancer.onTimer(clock(), correlationId));
            }
        });
    }

    @Override
    public void cancel(final long correlationId)
    {
        trace.add(now + " cancel " + correlationId);
        cancelledTimers.add(correlationId);
    }

    private CapabilitySet balancerRequires(final TaskId task)
    {
        final io.resilientgateways.core.TaskInfo view = balancer.task(task);
        return null == view ? CapabilitySet.EMPTY : view.requires();
    }

    private Result input(final String what, final Supplier<Result> call)
    {
        inputs++;
        final byte[] before = options.checkRejectionsLeaveStateUnchanged ? balancer.snapshot() : null;
        final Result result = call.get();
        trace.add(now + " " + what + " -> " + (result.accepted() ? "ok" : result.code()));
        if (!result.accepted())
        {
            rejections++;
            if (null != before)
            {
                check(Arrays.equals(before, balancer.snapshot()), "rejected input changed state: " + what + " " +
                    result);
            }
        }
        if (inputs == options.restoreAtInput)
        {
            balancer = Balancer.restore(options.config.get(), options.policy.get(), this, this, balancer.snapshot());
        }
        return result;
    }

    // ------------------------------------------------------------------------------------------ scripted actions

    private void randomAction()
    {
        if (random.nextInt(100) < options.clockStepPercent)
        {
            final long step = 1 + random.nextInt((int)options.maxClockStep);
            clockOffset = random.nextBoolean() ? Math.max(-2 * options.maxClockStep, clockOffset - step) :
                Math.min(0, clockOffset + step);
            clockSteps++;
            trace.add(now + " clock offset " + clockOffset);
        }
        final int roll = random.nextInt(100);
        final SimWorker worker = pick(workers.values().toArray(new SimWorker[0]));
        if (roll < 25)
        {
            if (worker.state != SimWorker.State.UP)
            {
                worker.start();
            }
        }
        else if (roll < 35)
        {
            worker.crash();
        }
        else if (roll < 43)
        {
            worker.partition(1 + random.nextInt((int)options.maxPartition));
        }
        else if (roll < 48)
        {
            worker.deregister();
        }
        else if (roll < 52)
        {
            final String name = worker.name;
            input("drain " + name, () -> balancer.drainWorker(clock(), WorkerId.of(name)));
        }
        else if (roll < 70)
        {
            if (taskCounter < options.tasks)
            {
                addTask();
            }
        }
        else if (roll < 78)
        {
            final TaskId task = TaskId.of("t" + random.nextInt(Math.max(1, taskCounter)));
            input("remove " + task, () -> balancer.removeTask(clock(), task));
        }
        else if (roll < 85)
        {
            final TaskId task = TaskId.of("t" + random.nextInt(Math.max(1, taskCounter)));
            final String to = worker.name;
            input("move " + task + " " + to, () -> balancer.moveTask(clock(), task, WorkerId.of(to)));
        }
        else if (roll < 85 + options.releaseHeldPercent)
        {
            worker.releaseOne();
        }
        else if (roll < 85 + options.releaseHeldPercent + options.detachPercent)
        {
            detach(worker);
        }
        else if (options.injectBadInputs)
        {
            badInput(worker);
        }
    }

    private void addTask()
    {
        final TaskSpec spec = randomTask();
        input("add " + spec.id(), () -> balancer.addTask(clock(), spec));
    }

    private TaskSpec randomTask()
    {
        final String id = "t" + taskCounter++;
        final String[] requires = random.nextInt(3) == 0 ?
            new String[]{options.capabilityPool[random.nextInt(options.capabilityPool.length)]} : new String[0];
        final int weight = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
        return TaskSpec.of(id, requires).withWeight(weight);
    }

    private void badInput(final SimWorker worker)
    {
        final TaskId task = TaskId.of("t" + random.nextInt(Math.max(1, taskCounter) + 2));
        final WorkerId id = WorkerId.of(random.nextBoolean() ? worker.name : "ghost");
        // never a valid ack: a real worker's acks come only from its own session
        final long epoch = random.nextBoolean() ? 0 : lastEpochIssued + 1 + random.nextInt(3);
        switch (random.nextInt(10))
        {
            case 0 -> input("bad-open " + id + " " + task + " " + epoch, () -> balancer.taskOpened(clock(), id, task, epoch));
            case 1 -> input("bad-close " + id + " " + task + " " + epoch, () -> balancer.taskClosed(clock(), id, task, epoch));
            case 2 -> input("bad-timer", () -> balancer.onTimer(clock(), 1_000_000 + random.nextInt(5)));
            case 3 -> {
                if (!sessions.isEmpty())
                {
                    final String live = sessions.firstKey();
                    input("bad-register " + live, () -> balancer.registerWorker(clock(), WorkerSpec.of(live, "A")));
                }
            }
            case 4 -> input("bad-add " + task, () -> balancer.addTask(clock(), TaskSpec.of(task.name())));
            case 5 -> input("bad-left " + id, () -> balancer.workerLeft(clock(), WorkerId.of("ghost"),
                LeaveReason.SESSION_CLOSED));
            case 6 -> input("bad-release " + id + " " + task + " " + epoch,
                () -> balancer.taskReleased(clock(), id, task, epoch));
            case 7 -> input("bad-detach", () -> balancer.workerDetached(clock(), WorkerId.of("ghost")));
            case 8 -> input("bad-reattach", () -> balancer.workerReattached(clock(), WorkerId.of("ghost"),
                random.nextBoolean()));
            default -> input("bad-move " + task, () -> balancer.moveTask(clock(), task, WorkerId.of("ghost")));
        }
    }

    private <T> T pick(final T[] from)
    {
        return from[random.nextInt(from.length)];
    }

    // ------------------------------------------------------------------------------------------ scheduler, network

    void at(final long time, final Runnable action)
    {
        queue.add(new Event(time, seq++, action));
    }

    long delay(final long max)
    {
        return max <= 0 ? 0 : random.nextInt((int)max + 1);
    }

    long now()
    {
        return now;
    }

    /**
     * @return true with the given chance while the scripted actions run, so that everything settles after them.
     */
    boolean chance(final int percent)
    {
        return now <= actionsEnd && random.nextInt(100) < percent;
    }

    SimOptions options()
    {
        return options;
    }

    /** Egress: to the worker's current session; dropped if that session is gone by the time it arrives. */
    private void toWorker(final String name, final java.util.function.Consumer<SimWorker> deliver)
    {
        final Session session = sessions.get(name);
        if (null == session || session.detached)
        {
            return; // followers' offer pretends to succeed; a closed or detached session's egress goes nowhere
        }
        final SimWorker worker = workers.get(name);
        final int incarnation = session.incarnation;
        final int connection = worker.connection();
        final long arrival = worker.arrivalTime(now + delay(options.maxNetworkDelay));
        at(arrival, () -> worker.deliver(incarnation, connection, deliver));
    }

    /** Ingress from a worker's incarnation; applied only while that incarnation's session is open. */
    void toCluster(final SimWorker worker, final int incarnation, final boolean opensSession, final Runnable apply)
    {
        if (worker.offline())
        {
            return; // its connection is down: nothing it sends arrives
        }
        final long arrival = worker.arrivalTime(now + delay(options.maxNetworkDelay));
        at(arrival, () ->
        {
            final Session session = sessions.get(worker.name);
            if (opensSession || (null != session && session.incarnation == incarnation && !session.detached))
            {
                if (null != session && session.incarnation == incarnation)
                {
                    session.lastHeard = now;
                }
                apply.run();
            }
        });
    }

    Result register(final SimWorker worker, final int incarnation, final boolean resumed)
    {
        // the session is attached before the engine runs, so directives it emits while registering reach it
        final Session previous = sessions.get(worker.name);
        if (null != previous && previous.detached)
        {
            return reattach(worker, incarnation, resumed && previous.incarnation == incarnation);
        }
        final Session session = new Session(incarnation, now);
        if (null == previous)
        {
            sessions.put(worker.name, session);
        }
        final Result result = input("register " + worker.name + "#" + incarnation,
            () -> balancer.registerWorker(clock(), worker.spec()));
        if (result.accepted())
        {
            watch(worker.name, session);
        }
        else if (null == previous)
        {
            sessions.remove(worker.name);
        }
        return result;
    }

    /**
     * The adapter's restart reconnect window, as after a full cluster restart: the cluster loses the worker's
     * session but keeps its tasks for it (egress to it and ingress from it are lost); the worker sees its connection
     * drop and reconnects later, resuming with its tasks if its lease held, or fenced (under a new incarnation). If
     * it does not come back within the reconnect window (longer than its lease) the cluster lets it go.
     */
    private void detach(final SimWorker worker)
    {
        final Session session = sessions.get(worker.name);
        if (null == session || session.detached || session.incarnation != worker.incarnation())
        {
            return;
        }
        session.detached = true;
        final Result result = input("detach " + worker.name, () -> balancer.workerDetached(clock(), WorkerId.of(worker.name)));
        check(result.accepted(), "detach of " + worker.name + " with an open session refused: " + result);
        worker.disconnect(1 + delay(options.maxOffline));
        at(now + options.reconnectWindow, () ->
        {
            if (sessions.get(worker.name) == session)
            {
                sessions.remove(worker.name);
                input("left " + worker.name + " reconnect window", () -> balancer.workerLeft(clock(),
                    WorkerId.of(worker.name), LeaveReason.SESSION_TIMEOUT));
            }
        });
    }

    private Result reattach(final SimWorker worker, final int incarnation, final boolean held)
    {
        final Session session = new Session(incarnation, now);
        sessions.put(worker.name, session);
        final WorkerId id = WorkerId.of(worker.name);
        final Result result = input("reattach " + worker.name + "#" + incarnation + (held ? " held" : " fenced"),
            () -> balancer.workerReattached(clock(), id, held));
        check(result.accepted(), "reattach of detached " + worker.name + " refused: " + result);
        watch(worker.name, session);
        if (held)
        {
            for (final Assignment a : balancer.assignmentsOf(id))
            {
                final TaskId task = a.task();
                final long epoch = a.epoch();
                trace.add(now + " resync " + worker.name + " " + a);
                if (a.status() == TaskStatus.CLOSING)
                {
                    toWorker(worker.name, w -> w.onClose(task, epoch));
                }
                else
                {
                    toWorker(worker.name, w -> w.onResyncOpen(task, epoch));
                }
            }
        }
        return result;
    }

    void sessionClosed(final SimWorker worker, final int incarnation, final LeaveReason reason)
    {
        final Session session = sessions.get(worker.name);
        if (null != session && session.incarnation == incarnation)
        {
            sessions.remove(worker.name);
            input("left " + worker.name + " " + reason,
                () -> balancer.workerLeft(clock(), WorkerId.of(worker.name), reason));
        }
    }

    void ack(final SimWorker worker, final boolean opened, final TaskId task, final long epoch)
    {
        final WorkerId id = WorkerId.of(worker.name);
        input((opened ? "opened " : "closed ") + worker.name + " " + task + " " + epoch,
            () -> opened ? balancer.taskOpened(clock(), id, task, epoch) : balancer.taskClosed(clock(), id, task, epoch));
    }

    void release(final SimWorker worker, final TaskId task, final long epoch)
    {
        final WorkerId id = WorkerId.of(worker.name);
        final Result result = input("released " + worker.name + " " + task + " " + epoch,
            () -> balancer.taskReleased(clock(), id, task, epoch));
        if (result.accepted())
        {
            releases++;
        }
    }

    void counterpartyConnect(final SimWorker worker, final TaskId task, final long epoch)
    {
        final Long newest = counterpartyEpoch.get(task);
        check(null == newest || epoch > newest, "counterparty saw epoch " + epoch + " for " + task + " from " +
            worker.name + " after " + newest);
        counterpartyEpoch.put(task, epoch);
    }

    private void watch(final String name, final Session session)
    {
        at(session.lastHeard + options.sessionTimeout, () ->
        {
            if (sessions.get(name) != session || session.detached)
            {
                return;
            }
            if (now - session.lastHeard >= options.sessionTimeout)
            {
                sessions.remove(name);
                input("left " + name + " timeout", () -> balancer.workerLeft(clock(), WorkerId.of(name),
                    LeaveReason.SESSION_TIMEOUT));
            }
            else
            {
                watch(name, session);
            }
        });
    }

    // ------------------------------------------------------------------------------------------ invariants

    private void checkInvariants()
    {
        final TreeMap<TaskId, String> holders = new TreeMap<>();
        for (final SimWorker w : workers.values())
        {
            for (final TaskId task : w.held.keySet())
            {
                final String other = holders.put(task, w.name);
                check(null == other, "task " + task + " held by both " + other + " and " + w.name);
                check(w.spec().capabilities().containsAll(balancerRequiresOrEmpty(task)),
                    "task " + task + " held by incapable " + w.name);
            }
        }
    }

    private CapabilitySet balancerRequiresOrEmpty(final TaskId task)
    {
        return balancerRequires(task);
    }

    void check(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new AssertionError("seed " + options.seed + " t=" + now + ": " + message);
        }
    }

    private static final class Session
    {
        final int incarnation;
        long lastHeard;
        boolean detached;

        Session(final int incarnation, final long lastHeard)
        {
            this.incarnation = incarnation;
            this.lastHeard = lastHeard;
        }
    }

    private static final class Event implements Comparable<Event>
    {
        final long time;
        final long seq;
        final Runnable action;

        Event(final long time, final long seq, final Runnable action)
        {
            this.time = time;
            this.seq = seq;
            this.action = action;
        }

        @Override
        public int compareTo(final Event other)
        {
            final int byTime = Long.compare(time, other.time);
            return byTime != 0 ? byTime : Long.compare(seq, other.seq);
        }
    }
}
