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
 * for (session timeout - margin) counted from the send time of the last answered request.
 */
final class SimWorker
{
    enum State
    {
        DOWN, UP, CRASHED
    }

    final String name;
    final TreeMap<TaskId, Long> held = new TreeMap<>();
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
        sendRegister();
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
        if (state != State.UP || sessionIncarnation != incarnation)
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
        if (sim.chance(sim.options().releaseOpenPercent))
        {
            held.remove(task);
            sim.toCluster(this, inc, false, () -> sim.release(this, task, epoch)); // could not connect
            return;
        }
        sim.counterpartyConnect(this, task, epoch);
        held.put(task, epoch);
        sim.toCluster(this, inc, false, () -> sim.ack(this, true, task, epoch));
    }

    /**
     * The connection of one held task broke: drop it and hand it back.
     */
    void releaseOne()
    {
        if (state != State.UP || !registered || held.isEmpty())
        {
            return;
        }
        final TaskId[] tasks = held.keySet().toArray(new TaskId[0]);
        final TaskId task = tasks[(int)sim.delay(tasks.length - 1)];
        final long epoch = held.remove(task);
        final int inc = incarnation;
        sim.toCluster(this, inc, false, () -> sim.release(this, task, epoch));
    }

    void onClose(final TaskId task, final long epoch)
    {
        held.remove(task);
        final int inc = incarnation;
        sim.toCluster(this, inc, false, () -> sim.ack(this, false, task, epoch));
    }

    private void sendRegister()
    {
        final int inc = incarnation;
        final long sent = sim.now();
        registerSent = sent;
        sim.toCluster(this, inc, true, () ->
        {
            final Result result = sim.register(this, inc);
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
        }
        else
        {
            heard = false;
            leaseBase = 0;
            sim.at(sim.now() + sim.options().registerRetry, () ->
            {
                if (inc == incarnation && state == State.UP)
                {
                    sendRegister();
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
            if (registered)
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
        sendRegister();
        tick(incarnation);
    }

    private void reply(final int inc, final Consumer<SimWorker> message)
    {
        final long arrival = arrivalTime(sim.now() + sim.delay(sim.options().maxNetworkDelay));
        sim.at(arrival, () ->
        {
            if (state == State.UP && inc == incarnation)
            {
                onHeard();
                message.accept(this);
            }
        });
    }
}
