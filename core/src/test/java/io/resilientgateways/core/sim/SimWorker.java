package io.resilientgateways.core.sim;

import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.Result;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;

import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A simulated worker process: obeys open and close directives after a processing delay, acks, keeps its session
 * alive, and fences itself (drops every task, then reconnects) when its lease runs out: no answer from the cluster
 * for (session timeout - margin) counted from the send time of the last answered request. When the cluster drops
 * its session (a detach) it is offline for a while: what it sends is lost and it stops keepalives; when it comes
 * back it reconnects, resuming with its tasks if its lease held meanwhile (same incarnation), else fenced.
 */
final class SimWorker
{
    enum State
    {
        DOWN, UP, CRASHED
    }

    final String name;
    final TreeMap<TaskId, Long> held = new TreeMap<>();
    /** The epoch of each task it last let go of by releasing it: it never opens that epoch again. */
    private final TreeMap<TaskId, Long> released = new TreeMap<>();
    private final WorkerSpec spec;
    private Simulation sim;
    State state = State.DOWN;
    private int incarnation;
    private boolean registered;
    private boolean heard;
    private long registerSent;
    private long leaseBase;
    private long partitionedUntil;
    private long lastArrival;
    private long processedUntil;
    private long offlineUntil;

    SimWorker(final String name, final String[] capabilities, final int capacity)
    {
        this.name = name;
        this.spec = new WorkerSpec(WorkerId.of(name), CapabilitySet.of(capabilities), capacity);
    }

    void attach(final Simulation simulation)
    {
        this.sim = simulation;
    }

    WorkerSpec spec()
    {
        return spec;
    }

    int incarnation()
    {
        return incarnation;
    }

    boolean offline()
    {
        return sim.now() < offlineUntil;
    }

    /**
     * The connection to the cluster dropped (its session was detached): offline for {@code duration}, then it
     * reconnects: resumed if it did not fence meanwhile, else under the new incarnation its fence started.
     */
    void disconnect(final long duration)
    {
        if (state != State.UP)
        {
            return;
        }
        offlineUntil = sim.now() + duration;
        final int inc = incarnation;
        sim.at(offlineUntil, () ->
        {
            if (state == State.UP)
            {
                sendRegister(inc == incarnation && registered);
            }
        });
    }

    void start()
    {
        if (state == State.UP)
        {
            return;
        }
        state = State.UP;
        incarnation++;
        registered = false;
        heard = false;
        held.clear();
        sendRegister(false);
        tick(incarnation);
    }

    void crash()
    {
        if (state != State.UP)
        {
            return;
        }
        state = State.CRASHED;
        held.clear();
        registered = false;
        incarnation++;
    }

    void partition(final long duration)
    {
        if (state == State.UP)
        {
            partitionedUntil = Math.max(partitionedUntil, sim.now() + duration);
        }
    }

    void deregister()
    {
        if (state != State.UP || !registered)
        {
            return;
        }
        held.clear();
        registered = false;
        final int old = incarnation;
        sim.toCluster(this, old, false, () -> sim.sessionClosed(this, old, LeaveReason.DEREGISTERED));
        state = State.DOWN;
        incarnation++;
    }

    /**
     * Arrival time of a message sent now over this worker's link: held during a partition, and in FIFO order as
     * on one Aeron stream.
     */
    long arrivalTime(final long unobstructed)
    {
        long t = unobstructed;
        if (sim.now() < partitionedUntil || t < partitionedUntil)
        {
            t = Math.max(t, partitionedUntil + (t - sim.now()));
        }
        t = Math.max(t, lastArrival);
        lastArrival = t;
        return t;
    }

    void deliver(final int sessionIncarnation, final Consumer<SimWorker> message)
    {
        if (state != State.UP || sessionIncarnation != incarnation || offline())
        {
            return;
        }
        final long at = Math.max(sim.now(), processedUntil) + sim.delay(sim.options().maxAckDelay);
        processedUntil = at;
        sim.at(at, () ->
        {
            if (state == State.UP && sessionIncarnation == incarnation)
            {
                onHeard();
                if (leaseExpired())
                {
                    fence();
                    return;
                }
                message.accept(this);
            }
        });
    }

    /**
     * Anything on this session proves the cluster processed the registration, so it answers that request.
     */
    private void onHeard()
    {
        if (!heard)
        {
            heard = true;
            leaseBase = Math.max(leaseBase, registerSent);
        }
    }

    private boolean leaseExpired()
    {
        return heard && sim.now() - leaseBase >= sim.options().sessionTimeout - sim.options().fenceMargin;
    }

    void onOpen(final TaskId task, final long epoch)
    {
        final int inc = incarnation;
        final Long gaveUp = released.get(task);
        if (null != gaveUp && gaveUp >= epoch)
        {
            sim.toCluster(this, inc, false, () -> sim.release(this, task, epoch)); // its release was lost: again
            return;
        }
        if (sim.chance(sim.options().releaseOpenPercent))
        {
            held.remove(task);
            released.put(task, epoch);
            sim.toCluster(this, inc, false, () -> sim.release(this, task, epoch)); // could not connect
            return;
        }
        sim.counterpartyConnect(this, task, epoch);
        held.put(task, epoch);
        sim.toCluster(this, inc, false, () -> sim.ack(this, true, task, epoch));
    }

    /**
     * After it resumed, the cluster re-sends the open of a task it should hold: if it holds it under that epoch it
     * only acks again; otherwise (the directive was lost) it opens it as new.
     */
    void onResyncOpen(final TaskId task, final long epoch)
    {
        final Long holding = held.get(task);
        if (null != holding && holding == epoch)
        {
            final int inc = incarnation;
            sim.toCluster(this, inc, false, () -> sim.ack(this, true, task, epoch));
            return;
        }
        onOpen(task, epoch);
    }

    /**
     * The connection of one held task broke: drop it and hand it back.
     */
    void releaseOne()
    {
        if (state != State.UP || !registered || held.isEmpty() || offline())
        {
            return;
        }
        final TaskId[] tasks = held.keySet().toArray(new TaskId[0]);
        final TaskId task = tasks[(int)sim.delay(tasks.length - 1)];
        final long epoch = held.remove(task);
        released.put(task, epoch);
        final int inc = incarnation;
        sim.toCluster(this, inc, false, () -> sim.release(this, task, epoch));
    }

    void onClose(final TaskId task, final long epoch)
    {
        held.remove(task);
        final int inc = incarnation;
        sim.toCluster(this, inc, false, () -> sim.ack(this, false, task, epoch));
    }

    private void sendRegister(final boolean resumed)
    {
        if (offline())
        {
            return; // lost; it registers when it reconnects
        }
        final int inc = incarnation;
        final long sent = sim.now();
        registerSent = sent;
        sim.toCluster(this, inc, true, () ->
        {
            final Result result = sim.register(this, inc, resumed);
            reply(inc, w -> w.onRegistered(inc, sent, result));
        });
    }

    private void onRegistered(final int inc, final long sent, final Result result)
    {
        if (inc != incarnation || state != State.UP)
        {
            return;
        }
        if (result.accepted())
        {
            registered = true;
            leaseBase = Math.max(leaseBase, sent);
        }
        else
        {
            heard = false;
            leaseBase = 0;
            sim.at(sim.now() + sim.options().registerRetry, () ->
            {
                if (inc == incarnation && state == State.UP)
                {
                    sendRegister(false);
                }
            });
        }
    }

    private void tick(final int inc)
    {
        sim.at(sim.now() + sim.options().keepaliveInterval, () ->
        {
            if (inc != incarnation || state != State.UP)
            {
                return;
            }
            if (leaseExpired())
            {
                fence();
                return;
            }
            if (registered && !offline())
            {
                final long sent = sim.now();
                sim.toCluster(this, inc, false, () -> reply(inc, w -> w.onEcho(inc, sent)));
            }
            tick(inc);
        });
    }

    private void onEcho(final int inc, final long sent)
    {
        if (inc == incarnation)
        {
            leaseBase = Math.max(leaseBase, sent);
        }
    }

    private void fence()
    {
        held.clear();
        registered = false;
        heard = false;
        leaseBase = 0;
        final int old = incarnation;
        sim.toCluster(this, old, false, () -> sim.sessionClosed(this, old, LeaveReason.SESSION_CLOSED));
        incarnation++;
        sendRegister(false);
        tick(incarnation);
    }

    private void reply(final int inc, final Consumer<SimWorker> message)
    {
        final long arrival = arrivalTime(sim.now() + sim.delay(sim.options().maxNetworkDelay));
        sim.at(arrival, () ->
        {
            if (state == State.UP && inc == incarnation && !offline())
            {
                onHeard();
                message.accept(this);
            }
        });
    }
}
