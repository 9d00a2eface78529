package io.resilientgateways.testkit;

import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A random but reproducible history of engine inputs: workers registering (with capabilities and capacities),
 * leaving (with or without a grace period), draining, tasks added and removed, acknowledgements arriving late, time
 * passing. Everything is derived from one {@code long} seed, so a failing property reports a seed that replays the
 * exact history: {@code Scenario.generate(seed, shape)}.
 *
 * @param seed   the seed it came from.
 * @param shape  what kind of cluster.
 * @param config engine settings (move limit, grace period).
 * @param ops    the inputs, in order.
 */
public record Scenario(long seed, Shape shape, BalancerConfig config, List<Op> ops)
{
    /**
     * What a generated cluster may contain.
     *
     * @param maxWorkers    most worker names used.
     * @param maxTasks      most task ids used.
     * @param steps         inputs generated.
     * @param capabilities  workers offer and tasks require capabilities from {A, B}.
     * @param capacities    worker capacities 1..3 instead of 1.
     * @param weights       task weights 1..3 instead of 1.
     * @param grace         some leaves keep tasks reserved for a grace period.
     * @param moveLimit     a small per-round move limit instead of the default.
     */
    public record Shape(
        int maxWorkers, int maxTasks, int steps, boolean capabilities, boolean capacities, boolean weights,
        boolean grace, boolean moveLimit)
    {
        /** Anything goes. */
        public static final Shape GENERAL = new Shape(6, 30, 40, true, true, true, true, true);
        /** Equal workers, weight-1 tasks, no capabilities. */
        public static final Shape UNIFORM = new Shape(6, 30, 40, false, false, false, false, false);
    }

    /** One engine input. */
    public sealed interface Op
    {
    }

    /** @param spec who registers. */
    public record Register(WorkerSpec spec) implements Op
    {
    }

    /** @param worker who leaves. @param reason why. */
    public record Leave(WorkerId worker, LeaveReason reason) implements Op
    {
    }

    /** @param worker who drains. */
    public record Drain(WorkerId worker) implements Op
    {
    }

    /** @param spec the task added. */
    public record Add(TaskSpec spec) implements Op
    {
    }

    /** @param task the task removed. */
    public record Remove(TaskId task) implements Op
    {
    }

    /** @param count acknowledgements delivered. */
    public record Ack(int count) implements Op
    {
    }

    /** @param millis time that passes (timers fire). */
    public record Advance(long millis) implements Op
    {
    }

    /**
     * @param seed  the seed.
     * @param shape the kind of cluster.
     * @return the scenario.
     */
    public static Scenario generate(final long seed, final Shape shape)
    {
        final Random random = new Random(seed);
        final BalancerConfig config = new BalancerConfig()
            .handoffTimeout(0)
            .gracePeriod(shape.grace() && random.nextBoolean() ? 100 : 0)
            .maxMovesPerRound(shape.moveLimit() && random.nextBoolean() ? 1 + random.nextInt(3) : 10_000);
        final List<Op> ops = new ArrayList<>();
        final TreeSet<String> live = new TreeSet<>();
        final TreeSet<String> tasks = new TreeSet<>();
        for (int step = 0; step < shape.steps(); step++)
        {
            final int dice = random.nextInt(100);
            if (dice < 22 || live.isEmpty())
            {
                final String name = "w" + random.nextInt(shape.maxWorkers());
                if (live.add(name))
                {
                    ops.add(new Register(new WorkerSpec(WorkerId.of(name),
                        capabilities(random, shape, true), shape.capacities() ? 1 + random.nextInt(3) : 1)));
                }
            }
            else if (dice < 55)
            {
                final String id = "t" + random.nextInt(shape.maxTasks());
                if (tasks.add(id))
                {
                    ops.add(new Add(new TaskSpec(TaskId.of(id), capabilities(random, shape, false),
                        shape.weights() ? 1 + random.nextInt(3) : 1)));
                }
            }
            else if (dice < 65)
            {
                final String name = pick(random, live);
                live.remove(name);
                final LeaveReason reason = LeaveReason.values()[random.nextInt(LeaveReason.values().length)];
                ops.add(new Leave(WorkerId.of(name), reason));
            }
            else if (dice < 69)
            {
                ops.add(new Drain(WorkerId.of(pick(random, live))));
            }
            else if (dice < 75 && !tasks.isEmpty())
            {
                final String id = pick(random, tasks);
                tasks.remove(id);
                ops.add(new Remove(TaskId.of(id)));
            }
            else if (dice < 92)
            {
                ops.add(new Ack(1 + random.nextInt(6)));
            }
            else
            {
                ops.add(new Advance(1 + random.nextInt(150)));
            }
        }
        return new Scenario(seed, shape, config, ops);
    }

    /**
     * Apply ops {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @param harness where.
     * @param from    first op.
     * @param to      end.
     * @param present the tasks added and not removed, updated (a refused input changes nothing).
     */
    public void apply(final EngineHarness harness, final int from, final int to, final SortedSet<TaskId> present)
    {
        for (int i = from; i < to; i++)
        {
            final Op op = ops.get(i);
            final long now = harness.now();
            if (op instanceof Register r)
            {
                harness.balancer.registerWorker(now, r.spec());
            }
            else if (op instanceof Leave l)
            {
                harness.leave(l.worker(), l.reason());
            }
            else if (op instanceof Drain d)
            {
                harness.balancer.drainWorker(now, d.worker());
            }
            else if (op instanceof Add a)
            {
                if (harness.balancer.addTask(now, a.spec()).accepted())
                {
                    present.add(a.spec().id());
                }
            }
            else if (op instanceof Remove r)
            {
                if (harness.balancer.removeTask(now, r.task()).accepted())
                {
                    present.remove(r.task());
                }
            }
            else if (op instanceof Ack a)
            {
                harness.ack(a.count());
            }
            else if (op instanceof Advance a)
            {
                harness.advanceTo(now + a.millis());
            }
        }
    }

    private static CapabilitySet capabilities(final Random random, final Shape shape, final boolean offered)
    {
        if (!shape.capabilities())
        {
            return CapabilitySet.EMPTY;
        }
        final int dice = random.nextInt(10);
        if (offered)
        {
            return dice < 5 ? CapabilitySet.of("A", "B") : dice < 8 ? CapabilitySet.of("A") : CapabilitySet.of("B");
        }
        return dice < 5 ? CapabilitySet.EMPTY : dice < 7 ? CapabilitySet.of("A") : dice < 9 ?
            CapabilitySet.of("B") : CapabilitySet.of("A", "B");
    }

    private static String pick(final Random random, final TreeSet<String> from)
    {
        final int index = random.nextInt(from.size());
        int i = 0;
        for (final String s : from)
        {
            if (i++ == index)
            {
                return s;
            }
        }
        throw new IllegalStateException("empty");
    }
}
