package io.resilientgateways.benchmarks.strategies;

import io.resilientgateways.core.Assignment;
import io.resilientgateways.core.Balancer;
import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.Names;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;
import io.resilientgateways.core.spi.DirectiveSink;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.Timers;
import io.resilientgateways.core.spi.WorkerView;
import org.agrona.collections.Long2LongHashMap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * A real engine driven only through its public inputs, with obedient workers: directives are queued and
 * {@link #settle()} acknowledges them all (an acknowledged close makes the engine send the open, which is
 * acknowledged in the same call). The engine runs with the default {@link BalancerConfig} except that one round may
 * start every move ({@code maxMovesPerRound} = {@link BalancerConfig.Defaults#MAX_TASKS}), so one membership event is
 * one policy decision. The clock advances by one per input; {@link #fireTimers()} jumps past every scheduled
 * deadline and fires those timers, as the cluster would later.
 * <p>
 * The sink and the acknowledgements do what the Aeron adapter does around the engine, and the timed event pays for
 * it: a directive finds its worker's session by the worker's name ({@code HashMap}; the last answer is remembered by
 * the engine's id instance until a join or leave, as the adapter's {@code WorkerBindings} does) and is encoded into a
 * byte buffer (kind, session, epoch, the task's handle, the task's name as ASCII bytes, written by
 * {@link Balancer#taskName} as the adapter's sink writes it); {@link #settle()} decodes each
 * one from those bytes and answers it with the worker id the driver built at registration (its own instance, not the
 * engine's) and the task id resolved from the echoed handle and the name's bytes with
 * {@link Balancer#taskId(int, byte[], int, int)}, which checks the handle against the name. Nothing passes the
 * engine's own objects straight back. (The adapter's service resolves an ack's name the same way.)
 */
final class EngineDriver implements DirectiveSink, Timers
{
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte OPEN = 1;
    private static final byte CLOSE = 2;

    private static final String TASK_FORMAT = System.getProperty("rg.bench.taskFormat", "t%07d");
    private static final int ADD_TASKS_CHUNK = Integer.getInteger("rg.bench.addTasksChunk", 0);

    static BalancerConfig config()
    {
        return new BalancerConfig().maxMovesPerRound(BalancerConfig.Defaults.MAX_TASKS);
    }

    final Balancer balancer;
    // the wire: each directive encoded as the adapter's egress would (kind, worker, epoch, handle, task name as
    // ASCII bytes), and each acknowledgement decoded from those bytes as the adapter's ingress would
    private byte[] wire = new byte[1 << 16];
    private int wireEnd;
    private int queued;
    private final HashMap<String, Binding> bindingsByName = new HashMap<>();
    // as the adapter's WorkerBindings: the last directive's worker, by the engine's id instance, until a join or leave
    private WorkerId lastWorker;
    private Binding lastBinding;
    private Binding[] bindings = new Binding[16];
    // every binding ever made, by session number (the wire carries it, as Aeron egress goes to one session)
    private Binding[] sessions = new Binding[16];
    private int sessionCount;
    private final Long2LongHashMap timers = new Long2LongHashMap(-1);
    private long now;
    long opens;
    long closes;
    long acks;

    /**
     * What the adapter keeps per registered worker: its name and the id it passes with that worker's inputs, built
     * by the driver from the name (as the adapter builds it from the registration message), not the engine's.
     */
    private static final class Binding
    {
        final int index;
        final WorkerId id;
        boolean gone;

        Binding(final int index, final String name)
        {
            this.index = index;
            this.id = WorkerId.of(new String(name.toCharArray()));
        }
    }

    EngineDriver(final RebalancePolicy policy)
    {
        balancer = new Balancer(config(), policy, this, this);
    }

    static WorkerId worker(final int i)
    {
        return WorkerId.of(workerName(i));
    }

    // w0000, w0001, ...: built without String.format, which costs microseconds inside a timed join
    private static String workerName(final int i)
    {
        final String digits = Integer.toString(i);
        return "w" + "0000".substring(Math.min(4, digits.length())) + digits;
    }

    /**
     * Task i's name: {@code t0000000}... (8 characters), or {@code String.format(System.getProperty(
     * "rg.bench.taskFormat"), i)}, e.g. {@code -Drg.bench.taskFormat=PARTY-%07d} for names longer than 8 characters
     * that share their first 8 (the engine keeps each name's first 16 characters as two keys). Under JMH, give it with
     * the benchmark's own JVM options: a {@code -jvmArgsAppend} on the command line replaces those of {@code @Fork}.
     */
    static TaskId task(final int i)
    {
        return TaskId.of(String.format(TASK_FORMAT, i));
    }

    static TaskSpec[] taskSpecs(final int tasks)
    {
        final TaskSpec[] specs = new TaskSpec[tasks];
        for (int i = 0; i < tasks; i++)
        {
            specs[i] = new TaskSpec(task(i), CapabilitySet.EMPTY, 1);
        }
        return specs;
    }

    /**
     * Register workers 0..workers-1, add tasks 0..tasks-1, acknowledge every open, fire the timers.
     */
    EngineDriver start(final int workers, final int tasks)
    {
        for (int i = 0; i < workers; i++)
        {
            join(i);
        }
        add(taskSpecs(tasks));
        settle();
        fireTimers();
        return this;
    }

    /**
     * Make room on the wire for this many directives (of names up to 16 characters) before a timed event, as the
     * adapter's egress buffers are allocated once and not grown during an event (a fresh driver's wire would otherwise
     * double several times inside a timed initial placement).
     */
    EngineDriver reserve(final int directives)
    {
        final long bytes = (long)directives * (18 + 16);
        if (bytes > wire.length && bytes < Integer.MAX_VALUE - 8)
        {
            wire = Arrays.copyOf(wire, (int)bytes);
        }
        return this;
    }

    /**
     * One {@code addTasks} input (one logged command) with every spec, without acknowledging; or, with
     * {@code -Drg.bench.addTasksChunk=K}, one input per K specs in order, as the Aeron adapter's {@code AddTasks}
     * commands split a long list (about 450 tasks of 13-character names per 16 KiB message).
     *
     * @return open directives sent so far.
     */
    long add(final TaskSpec[] specs)
    {
        final int chunk = ADD_TASKS_CHUNK <= 0 ? Math.max(1, specs.length) : ADD_TASKS_CHUNK;
        for (int from = 0; from < specs.length; from += chunk)
        {
            final int to = Math.min(specs.length, from + chunk);
            final List<TaskSpec> batch = 0 == from && to == specs.length ?
                Arrays.asList(specs) : Arrays.asList(specs).subList(from, to);
            if (!balancer.addTasks(++now, batch).accepted())
            {
                throw new IllegalStateException("addTasks refused");
            }
        }
        return opens;
    }

    void join(final int worker)
    {
        final String name = workerName(worker);
        if (balancer.registerWorker(++now, WorkerSpec.of(name)).accepted())
        {
            if (worker >= bindings.length)
            {
                bindings = Arrays.copyOf(bindings, Math.max(worker + 1, 2 * bindings.length));
            }
            if (sessionCount == sessions.length)
            {
                sessions = Arrays.copyOf(sessions, 2 * sessionCount);
            }
            final Binding binding = new Binding(sessionCount, name);
            sessions[sessionCount++] = binding;
            bindings[worker] = binding;
            bindingsByName.put(name, binding);
            lastWorker = null;
        }
    }

    /**
     * The worker deregisters; directives queued for it are dropped (it is gone).
     */
    void leave(final int worker)
    {
        final Binding binding = worker < bindings.length ? bindings[worker] : null;
        if (null == binding)
        {
            balancer.workerLeft(++now, worker(worker), LeaveReason.DEREGISTERED); // never registered: rejected
            return;
        }
        binding.gone = true; // what was sent to it and not yet answered is never answered
        bindings[worker] = null;
        bindingsByName.remove(binding.id.name());
        lastWorker = null;
        balancer.workerLeft(++now, binding.id, LeaveReason.DEREGISTERED);
    }

    boolean present(final int worker)
    {
        return null != balancer.worker(worker(worker));
    }

    int workerCount()
    {
        return balancer.frozenView().workers().size();
    }

    /**
     * Acknowledge every queued directive, and those the acknowledgements cause, in order, until none is left.
     *
     * @return the acknowledgements sent.
     */
    int settle()
    {
        int acks = 0;
        // acknowledgements may queue more directives (a close ack sends the open): read until the end moves no more
        for (int at = 0; at < wireEnd; )
        {
            final int next = nextDirective(at);
            if (next < 0)
            {
                at = -next;
            }
            else
            {
                acks++;
                at = next;
            }
        }
        wireEnd = 0;
        queued = 0;
        this.acks += acks;
        return acks;
    }

    /**
     * Deliver the directive at this offset and send its acknowledgement, one call per message as Aeron calls the
     * adapter's {@code onSessionMessage} once per message (so the JIT compiles this path as it compiles the
     * adapter's, not as one long loop entered once per event).
     *
     * @return the next directive's offset, negated if this one went unanswered (its session is closed).
     */
    private int nextDirective(final int at)
    {
        final byte[] wire = this.wire;
        final byte kind = wire[at];
        final Binding binding = sessions[(int)INT.get(wire, at + 1)];
        final long epoch = (long)LONG.get(wire, at + 5);
        final int handle = (int)INT.get(wire, at + 13);
        final int length = wire[at + 17];
        final int name = at + 18;
        final int next = name + length;
        if (binding.gone)
        {
            return -next; // its session is closed: the directive never arrived, nobody answers it
        }
        // as the adapter resolves an ack: the echoed handle, checked against the name's bytes
        final TaskId task = balancer.taskId(handle, wire, name, length);
        if (OPEN == kind)
        {
            balancer.taskOpened(++now, binding.id, task, epoch);
        }
        else
        {
            balancer.taskClosed(++now, binding.id, task, epoch);
        }
        return next;
    }

    /**
     * Jump the clock past every scheduled deadline and fire those timers in (deadline, id) order.
     */
    void fireTimers()
    {
        while (!timers.isEmpty())
        {
            long id = Long.MAX_VALUE;
            long at = Long.MAX_VALUE;
            final Long2LongHashMap.KeyIterator keys = timers.keySet().iterator();
            while (keys.hasNext())
            {
                final long k = keys.nextValue();
                final long d = timers.get(k);
                if (d < at || (d == at && k < id))
                {
                    id = k;
                    at = d;
                }
            }
            timers.remove(id);
            now = Math.max(now, at);
            balancer.onTimer(now, id);
        }
        now += 1_000_000;
    }

    /**
     * Bring the membership back to workers 0..workers-1 (others leave, missing ones join), acknowledge everything and
     * fire the timers: the state before a steady-state event.
     */
    void restore(final int workers, final int pool)
    {
        settle();
        for (int w = workers; w < pool; w++)
        {
            if (present(w))
            {
                leave(w);
                settle();
            }
        }
        for (int w = 0; w < workers; w++)
        {
            if (!present(w))
            {
                join(w);
                settle();
            }
        }
        fireTimers();
    }

    /**
     * @return each task's owner (or target when pending), by task id.
     */
    String[] owners()
    {
        final List<Assignment> all = balancer.assignments();
        final String[] owners = new String[all.size()];
        for (int i = 0; i < owners.length; i++)
        {
            final WorkerId owner = all.get(i).owner();
            owners[i] = null == owner ? null : owner.name();
        }
        return owners;
    }

    long[] loads()
    {
        final List<WorkerView> workers = balancer.frozenView().workers();
        final long[] loads = new long[workers.size()];
        for (int i = 0; i < loads.length; i++)
        {
            loads[i] = workers.get(i).load();
        }
        return loads;
    }

    @Override
    public void open(final WorkerId worker, final TaskId task, final long epoch)
    {
        open(worker, task, -1, epoch);
    }

    @Override
    public void close(final WorkerId worker, final TaskId task, final long epoch)
    {
        close(worker, task, -1, epoch);
    }

    @Override
    public void open(final WorkerId worker, final TaskId task, final int handle, final long epoch)
    {
        opens++;
        queue(OPEN, worker, task, handle, epoch);
    }

    @Override
    public void close(final WorkerId worker, final TaskId task, final int handle, final long epoch)
    {
        closes++;
        queue(CLOSE, worker, task, handle, epoch);
    }

    private void queue(final byte kind, final WorkerId worker, final TaskId task, final int handle, final long epoch)
    {
        if (worker != lastWorker)
        {
            lastBinding = bindingsByName.get(worker.name());
            lastWorker = worker;
        }
        final Binding binding = lastBinding;
        if (null == binding)
        {
            return; // the adapter has no session for it: nothing is sent
        }
        final int at = wireEnd;
        if (at + 18 + Names.MAX_LENGTH > wire.length)
        {
            wire = Arrays.copyOf(wire, 2 * wire.length);
        }
        final byte[] wire = this.wire;
        // as the adapter's sink: the engine writes the name (from the task's state when the handle is right)
        final int length = balancer.taskName(task, handle, wire, at + 18);
        wire[at] = kind;
        INT.set(wire, at + 1, binding.index);
        LONG.set(wire, at + 5, epoch);
        INT.set(wire, at + 13, handle);
        wire[at + 17] = (byte)length;
        wireEnd = at + 18 + length;
        queued++;
    }

    @Override
    public void schedule(final long correlationId, final long deadline)
    {
        timers.put(correlationId, deadline);
    }

    @Override
    public void cancel(final long correlationId)
    {
        timers.remove(correlationId);
    }
}
