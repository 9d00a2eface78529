package io.resilientgateways.testkit;

import io.resilientgateways.core.Assignment;
import io.resilientgateways.core.Balancer;
import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskStatus;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.DirectiveSink;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.Timers;
import io.resilientgateways.core.spi.WorkerView;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Drives a real {@link Balancer} as a cluster of obedient workers would: every open and close directive is queued
 * and acknowledged when {@link #ack(int)} or {@link #settle()} runs, timers fire when time advances. It checks, as
 * directives arrive, that no task is ever told to open on a worker while another still holds it.
 * <p>
 * Not thread-safe; for tests.
 */
public final class EngineHarness implements DirectiveSink, Timers
{
    private static final int SETTLE_LIMIT = 100_000;

    /** The engine. */
    public final Balancer balancer;
    /** Every directive, in order, as text: the engine's observable output. */
    public final List<String> log;
    /** Contract breaches seen so far (empty when all is well). */
    public final List<String> violations;

    private final ArrayDeque<String[]> queue;
    private final TreeMap<Long, Long> timers;
    private final TreeMap<TaskId, WorkerId> holders;
    private long now;

    /**
     * @param config the engine's settings.
     * @param policy the policy under test.
     */
    public EngineHarness(final BalancerConfig config, final RebalancePolicy policy)
    {
        log = new ArrayList<>();
        violations = new ArrayList<>();
        queue = new ArrayDeque<>();
        timers = new TreeMap<>();
        holders = new TreeMap<>();
        balancer = new Balancer(config, policy, this, this);
    }

    /**
     * Continue from a snapshot of another harness's engine, as a replica restarting from it would, with the same
     * in-flight directives and timers.
     *
     * @param original the harness to copy.
     * @param config   equal settings.
     * @param policy   a fresh policy of the same name and version.
     */
    public EngineHarness(final EngineHarness original, final BalancerConfig config, final RebalancePolicy policy)
    {
        log = new ArrayList<>();
        violations = new ArrayList<>(original.violations);
        queue = new ArrayDeque<>(original.queue);
        timers = new TreeMap<>(original.timers);
        holders = new TreeMap<>(original.holders);
        now = original.now;
        balancer = Balancer.restore(config, policy, this, this, original.balancer.snapshot());
    }

    /**
     * @return the time of the last input.
     */
    public long now()
    {
        return now;
    }

    /**
     * @param time the new time; earlier values are ignored. Fires, in deadline then id order, the timers due.
     */
    public void advanceTo(final long time)
    {
        now = Math.max(now, time);
        while (!timers.isEmpty())
        {
            Map.Entry<Long, Long> due = null;
            for (final Map.Entry<Long, Long> timer : timers.entrySet())
            {
                if (timer.getValue() <= now && (null == due || timer.getValue() < due.getValue()))
                {
                    due = timer;
                }
            }
            if (null == due)
            {
                return;
            }
            timers.remove(due.getKey());
            balancer.onTimer(now, due.getKey());
        }
    }

    /**
     * A worker leaves: its queued directives are lost with it, and it holds nothing any more.
     *
     * @param id     the worker.
     * @param reason why.
     */
    public void leave(final WorkerId id, final LeaveReason reason)
    {
        queue.removeIf(d -> d[1].equals(id.name()));
        holders.values().removeIf(id::equals);
        balancer.workerLeft(now, id, reason);
    }

    /**
     * Acknowledge up to {@code count} queued directives, oldest first (acks may start further moves).
     *
     * @param count how many.
     */
    public void ack(final int count)
    {
        for (int i = 0; i < count && !queue.isEmpty(); i++)
        {
            final String[] d = queue.pollFirst();
            final WorkerId worker = WorkerId.of(d[1]);
            final TaskId task = TaskId.of(d[2]);
            final long epoch = Long.parseLong(d[3]);
            if ("open".equals(d[0]))
            {
                balancer.taskOpened(now, worker, task, epoch);
            }
            else
            {
                if (worker.equals(holders.get(task)))
                {
                    holders.remove(task);
                }
                balancer.taskClosed(now, worker, task, epoch);
            }
        }
    }

    /**
     * Acknowledge everything until no directive is outstanding.
     */
    public void settle()
    {
        int rounds = 0;
        while (!queue.isEmpty())
        {
            if (++rounds > SETTLE_LIMIT)
            {
                violations.add("did not settle after " + SETTLE_LIMIT + " acknowledgements: moves never stop");
                queue.clear();
                return;
            }
            ack(1);
        }
    }

    /**
     * @return who holds each task according to the directives sent (open and not yet closed).
     */
    public TreeMap<TaskId, WorkerId> holders()
    {
        return new TreeMap<>(holders);
    }

    /**
     * Check, after {@link #settle()}, that the engine holds exactly {@code expected}, each task open on one capable
     * worker that was told to open it, or pending/reserved for a reason.
     *
     * @param expected        the tasks added and not removed.
     * @param mustPlaceAll    true if a task with an eligible capable worker must not stay pending.
     */
    public void checkConservation(final java.util.SortedSet<TaskId> expected, final boolean mustPlaceAll)
    {
        final List<Assignment> all = balancer.assignments();
        final java.util.TreeSet<TaskId> seen = new java.util.TreeSet<>();
        for (final Assignment a : all)
        {
            if (!seen.add(a.task()))
            {
                violations.add("task " + a.task() + " appears twice in the assignment");
            }
            if (a.status() == TaskStatus.OPEN)
            {
                final WorkerView owner = balancer.worker(a.owner());
                if (null == owner || !owner.capabilities().containsAll(requires(a.task())))
                {
                    violations.add("task " + a.task() + " open on " + a.owner() + " which cannot run it");
                }
                if (!a.owner().equals(holders.get(a.task())))
                {
                    violations.add("task " + a.task() + " open on " + a.owner() + " per engine but directives say " +
                        holders.get(a.task()));
                }
            }
            else if (a.status() == TaskStatus.PENDING)
            {
                if (mustPlaceAll && anyEligibleCanRun(a.task()))
                {
                    violations.add("task " + a.task() + " pending although an eligible worker can run it");
                }
            }
            else if (a.status() != TaskStatus.RESERVED)
            {
                violations.add("task " + a.task() + " still " + a.status() + " after settling");
            }
        }
        if (!seen.equals(expected))
        {
            violations.add("tasks held " + seen + " differ from tasks added and not removed " + expected);
        }
        for (final TaskId held : holders.keySet())
        {
            final Assignment a = balancer.assignment(held);
            if (null == a || a.status() != TaskStatus.OPEN)
            {
                violations.add("task " + held + " still held by " + holders.get(held) + " but engine says " + a);
            }
        }
    }

    private io.resilientgateways.core.CapabilitySet requires(final TaskId task)
    {
        return balancer.task(task).requires();
    }

    private boolean anyEligibleCanRun(final TaskId task)
    {
        for (final WorkerView worker : balancer.workers().stream().filter(WorkerView::eligible).toList())
        {
            if (worker.canRun(requires(task)))
            {
                return true;
            }
        }
        return false;
    }

    @Override
    public void open(final WorkerId worker, final TaskId task, final long epoch)
    {
        final WorkerId holder = holders.get(task);
        if (null != holder)
        {
            violations.add("task " + task + " told to open on " + worker + " while " + holder + " holds it");
        }
        holders.put(task, worker);
        log.add("open " + worker + " " + task + " " + epoch);
        queue.addLast(new String[]{ "open", worker.name(), task.name(), Long.toString(epoch) });
    }

    @Override
    public void close(final WorkerId worker, final TaskId task, final long epoch)
    {
        log.add("close " + worker + " " + task + " " + epoch);
        queue.addLast(new String[]{ "close", worker.name(), task.name(), Long.toString(epoch) });
    }

    @Override
    public void schedule(final long correlationId, final long deadline)
    {
        log.add("schedule " + correlationId + " " + deadline);
        timers.put(correlationId, deadline);
    }

    @Override
    public void cancel(final long correlationId)
    {
        log.add("cancel " + correlationId);
        timers.remove(correlationId);
    }
}
