package io.resilientgateways.examples;

import io.resilientgateways.core.Assignment;
import io.resilientgateways.core.Balancer;
import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.TaskStatus;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;
import io.resilientgateways.core.spi.DirectiveSink;
import io.resilientgateways.core.spi.Timers;
import io.resilientgateways.strategies.Strategies;

import java.io.PrintStream;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The engine alone, driven by a scripted scenario on a simulated clock: three API gateways start at different
 * times and end evenly spread, one is killed without a goodbye and its parties reopen on the survivors once the
 * session timeout expires, it comes back and takes its share through revoke-then-assign, and one is drained. Prints
 * every open and close with its epoch. Simulated gateways ack after a few milliseconds; no network, no Aeron.
 */
public final class SimulatedDemo implements DirectiveSink, Timers
{
    private static final long SESSION_TIMEOUT_MS = 1_000;
    private static final long ACK_DELAY_MS = 5;
    private static final int PARTIES = 12;

    private final PrintStream out;
    private final Balancer balancer;
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private final TreeMap<String, TreeMap<TaskId, Long>> gateways = new TreeMap<>();
    private final TreeMap<TaskId, Long> counterpartyEpochs = new TreeMap<>();
    private long now;
    private long seq;
    private long killedAt = -1;
    private String killed;
    private long staleRefused;
    private boolean failingOver;
    private final java.util.TreeSet<TaskId> orphaned = new java.util.TreeSet<>();

    SimulatedDemo(final PrintStream out)
    {
        this.out = out;
        this.balancer = new Balancer(new BalancerConfig().handoffTimeout(5_000), Strategies.sticky(), this, this);
    }

    /**
     * @param out where the timeline goes.
     * @return true if the verdict is clean: every party open on exactly one live gateway, no stale epoch accepted.
     */
    public static boolean run(final PrintStream out)
    {
        return new SimulatedDemo(out).script();
    }

    private boolean script()
    {
        out.println("Simulated run of the engine: " + PARTIES + " parties, 3 gateways, session timeout " +
            SESSION_TIMEOUT_MS + " ms (simulated clock)\n");
        at(0, () ->
        {
            for (int i = 1; i <= PARTIES; i++)
            {
                balancer.addTask(now, TaskSpec.of(String.format("PARTY-%02d", i), "API_GATEWAY"));
            }
            say(PARTIES + " parties added; no gateway yet, so they are PENDING");
        });
        at(100, () -> start("gw-1"));
        at(2_000, () -> start("gw-2"));
        at(4_000, () -> start("gw-3"));
        at(5_900, () -> distribution("after staggered starts"));
        at(6_000, this::kill);
        at(6_000 + SESSION_TIMEOUT_MS, () ->
        {
            say("cluster: " + killed + " session timed out");
            failingOver = true;
            balancer.workerLeft(now, WorkerId.of(killed), LeaveReason.SESSION_TIMEOUT);
            failingOver = false;
        });
        at(8_900, () -> distribution("after failover"));
        at(9_000, () -> start(killed));
        at(11_900, () -> distribution(killed + " back"));
        at(12_000, () ->
        {
            say("admin: drain gw-3");
            balancer.drainWorker(now, WorkerId.of("gw-3"));
        });
        at(14_000, () -> distribution("gw-3 drained"));
        while (!events.isEmpty())
        {
            final Event event = events.poll();
            now = event.time;
            event.action.run();
        }
        return verdict();
    }

    private void start(final String name)
    {
        gateways.put(name, new TreeMap<>());
        say(name + " registers");
        balancer.registerWorker(now, WorkerSpec.of(name, "API_GATEWAY"));
    }

    private void kill()
    {
        killed = "gw-2";
        killedAt = now;
        say("gw-2 is killed (no goodbye): its connections die with it");
        gateways.remove("gw-2");
    }

    @Override
    public void open(final WorkerId worker, final TaskId task, final long epoch)
    {
        say(String.format("  OPEN  %s -> %s (epoch %d)", task, worker, epoch));
        if (failingOver)
        {
            orphaned.add(task);
        }
        at(now + ACK_DELAY_MS, () ->
        {
            final TreeMap<TaskId, Long> held = gateways.get(worker.name());
            if (null == held)
            {
                return;
            }
            final Long newest = counterpartyEpochs.get(task);
            if (null != newest && newest >= epoch)
            {
                staleRefused++;
                return;
            }
            counterpartyEpochs.put(task, epoch);
            held.put(task, epoch);
            balancer.taskOpened(now, worker, task, epoch);
            if (orphaned.remove(task))
            {
                say(String.format("  %s reopened on %s %d ms after %s was killed", task, worker, now - killedAt,
                    killed));
            }
        });
    }

    @Override
    public void close(final WorkerId worker, final TaskId task, final long epoch)
    {
        say(String.format("  CLOSE %s on %s (epoch %d)", task, worker, epoch));
        at(now + ACK_DELAY_MS, () ->
        {
            final TreeMap<TaskId, Long> held = gateways.get(worker.name());
            if (null != held)
            {
                held.remove(task);
                balancer.taskClosed(now, worker, task, epoch);
            }
        });
    }

    @Override
    public void schedule(final long correlationId, final long deadline)
    {
        at(deadline, () -> balancer.onTimer(now, correlationId));
    }

    @Override
    public void cancel(final long correlationId)
    {
        // timers here only report stuck handoffs; a stale one fires harmlessly
    }

    private void distribution(final String label)
    {
        final StringBuilder line = new StringBuilder("== " + label + ": ");
        for (final String name : gateways.keySet())
        {
            line.append(name).append('=').append(gateways.get(name).size()).append(' ');
        }
        say(line.toString().trim());
    }

    private boolean verdict()
    {
        int open = 0;
        boolean clean = staleRefused == 0;
        for (final Assignment a : balancer.assignments())
        {
            final TreeMap<TaskId, Long> held = null == a.owner() ? null : gateways.get(a.owner().name());
            final boolean ok = a.status() == TaskStatus.OPEN && null != held &&
                Long.valueOf(a.epoch()).equals(held.get(a.task()));
            open += ok ? 1 : 0;
            clean &= ok;
        }
        int holders = 0;
        for (final TreeMap<TaskId, Long> held : gateways.values())
        {
            holders += held.size();
        }
        clean &= holders == PARTIES;
        out.printf("%nVerdict: %d/%d parties open on exactly one gateway, stale epochs accepted: 0, refused: %d -> %s%n",
            open, PARTIES, staleRefused, clean ? "OK" : "FAILED");
        return clean;
    }

    private void say(final String text)
    {
        out.printf("t=%6d ms  %s%n", now, text);
    }

    private void at(final long time, final Runnable action)
    {
        events.add(new Event(time, seq++, action));
    }

    private record Event(long time, long seq, Runnable action) implements Comparable<Event>
    {
        @Override
        public int compareTo(final Event other)
        {
            final int byTime = Long.compare(time, other.time);
            return byTime != 0 ? byTime : Long.compare(seq, other.seq);
        }
    }
}
