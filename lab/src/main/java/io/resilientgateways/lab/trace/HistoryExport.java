package io.resilientgateways.lab.trace;

import io.resilientgateways.aeron.client.AdminClient.AssignmentRecord;
import io.resilientgateways.aeron.client.AdminClient.HistoryRecord;
import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rebuilds a trace from what a running cluster can tell today: its bounded history of task transitions (the admin
 * query {@code QueryHistory}) and the current assignment. The history records task transitions with a cause sentence,
 * not membership events, so the trace is a reconstruction:
 * <ul>
 *   <li>recovered: task adds and removes, a join when the worker took tasks or caused a rebalance, a leave when it held
 *   tasks (with its reason), a drain that moved tasks, a return within the grace period; workers and tasks already
 *   there when the kept history starts (joined or added at time 0);</li>
 *   <li>lost: capabilities, capacities and task weights (the history does not carry them: every worker gets the
 *   capabilities of {@code defaultCapabilities}, capacity 1; every task requires nothing and weighs 1); a join or
 *   leave of a worker that held and moved nothing; the exact time of a join whose only trace is a later rebalance
 *   (rebalance delay); anything older than the history ring (BalancerConfig.historyCapacity, 4,096 transitions by
 *   default).</li>
 * </ul>
 * The trace's header lists these caveats as notes. Times are rebased so the first kept transition is at 0.
 */
public final class HistoryExport
{
    private static final Pattern JOINED = Pattern.compile("^(?:rebalance after )?(\\S+) joined$");
    private static final Pattern RETURNED = Pattern.compile("^(\\S+) came back within its grace period$");
    private static final Pattern LEFT = Pattern.compile("^(?:rebalance after )?(\\S+) left: (.+)$");
    private static final Pattern DRAINING = Pattern.compile("^(?:rebalance after )?(\\S+) draining$");

    private final List<TraceEvent> events = new ArrayList<>();
    private final Set<WorkerId> connected = new HashSet<>();
    private final Set<TaskId> tasks = new HashSet<>();
    private final Set<TaskId> removed = new HashSet<>();
    private final Set<WorkerId> draining = new HashSet<>();
    private final CapabilitySet capabilities;
    private long origin;

    private HistoryExport(final CapabilitySet capabilities)
    {
        this.capabilities = capabilities;
    }

    /**
     * @param history             the cluster's kept history, oldest first ({@code AdminClient.history("", 0)}).
     * @param assignments         its current assignment ({@code AdminClient.assignments()}).
     * @param defaultCapabilities capabilities to give every worker (the history does not say).
     * @param source              what to write as the trace's source.
     * @return the reconstructed trace.
     */
    public static Trace toTrace(
        final List<HistoryRecord> history,
        final List<AssignmentRecord> assignments,
        final List<String> defaultCapabilities,
        final String source)
    {
        return new HistoryExport(CapabilitySet.of(defaultCapabilities)).build(history, assignments, source);
    }

    private Trace build(final List<HistoryRecord> history, final List<AssignmentRecord> assignments,
        final String source)
    {
        origin = history.isEmpty() ? 0 : history.get(0).time();
        final TreeSet<String> before = new TreeSet<>();
        final TreeSet<String> workersBefore = new TreeSet<>();
        final Set<String> seenTask = new HashSet<>();
        final Set<String> seenWorker = new HashSet<>();
        for (final HistoryRecord r : history)
        {
            if (seenTask.add(r.task()) && !"task added".equals(r.cause()))
            {
                before.add(r.task());
            }
            final String actor = actor(r.cause());
            if (null != actor && seenWorker.add(actor) && !isJoin(r.cause()))
            {
                workersBefore.add(actor);
            }
            if (!r.worker().isEmpty() && seenWorker.add(r.worker()))
            {
                workersBefore.add(r.worker());
            }
        }
        for (final AssignmentRecord a : assignments)
        {
            if (seenTask.add(a.task()))
            {
                before.add(a.task());
            }
            if (!a.owner().isEmpty() && seenWorker.add(a.owner()))
            {
                workersBefore.add(a.owner());
            }
        }
        for (final String w : workersBefore)
        {
            join(0, WorkerId.of(w));
        }
        for (final String t : before)
        {
            add(0, TaskId.of(t));
        }
        for (final HistoryRecord r : history)
        {
            apply(r);
        }
        final List<String> notes = List.of(
            "exported from the cluster's history (QueryHistory: " + history.size() + " transitions kept) and its " +
                "assignment (" + assignments.size() + " tasks); times rebased: 0 = cluster time " + origin,
            "reconstructed: capabilities (all " + capabilities + "), capacities (1), task requirements (none) and " +
                "weights (1) are not in the history",
            "missing: joins and leaves of workers that held and moved nothing; anything older than the history ring",
            "engine settings (grace period, rebalance delay, move limit) are not in the history: set them here or " +
                "with the lab's options");
        return new Trace(TraceHeader.of(source).withNotes(notes), events);
    }

    private void apply(final HistoryRecord r)
    {
        final long t = r.time() - origin;
        final TaskId task = TaskId.of(r.task());
        final String cause = r.cause();
        Matcher m;
        if ("task added".equals(cause))
        {
            removed.remove(task);
            add(t, task);
        }
        else if ("task removed".equals(cause))
        {
            removeTask(t, task); // the removal's request; its close completes later
        }
        else if ((m = JOINED.matcher(cause)).matches() || (m = RETURNED.matcher(cause)).matches())
        {
            join(t, WorkerId.of(m.group(1)));
        }
        else if ((m = LEFT.matcher(cause)).matches())
        {
            final WorkerId w = WorkerId.of(m.group(1));
            if (connected.remove(w))
            {
                draining.remove(w);
                events.add(new TraceEvent.Leave(t, w, reason(m.group(2))));
            }
        }
        else if ((m = DRAINING.matcher(cause)).matches())
        {
            final WorkerId w = WorkerId.of(m.group(1));
            join(t, w);
            if (draining.add(w))
            {
                events.add(new TraceEvent.Drain(t, w));
            }
        }
        if (!tasks.contains(task) && !removed.contains(task) && !"NONE".equals(r.to()))
        {
            add(t, task);
        }
        if (!r.worker().isEmpty() && ("OPENING".equals(r.to()) || "OPEN".equals(r.to())))
        {
            join(t, WorkerId.of(r.worker()));
        }
        if ("NONE".equals(r.to()))
        {
            removeTask(t, task);
        }
    }

    private void removeTask(final long t, final TaskId task)
    {
        if (tasks.remove(task))
        {
            removed.add(task);
            events.add(new TraceEvent.Remove(t, task));
        }
    }

    private void join(final long t, final WorkerId w)
    {
        if (connected.add(w))
        {
            events.add(new TraceEvent.Join(t, new WorkerSpec(w, capabilities, 1)));
        }
    }

    private void add(final long t, final TaskId task)
    {
        if (tasks.add(task))
        {
            events.add(new TraceEvent.Add(t, new TaskSpec(task, CapabilitySet.EMPTY, 1)));
        }
    }

    private static String actor(final String cause)
    {
        for (final Pattern p : List.of(JOINED, RETURNED, LEFT, DRAINING))
        {
            final Matcher m = p.matcher(cause);
            if (m.matches())
            {
                return m.group(1);
            }
        }
        return null;
    }

    private static boolean isJoin(final String cause)
    {
        return JOINED.matcher(cause).matches() || RETURNED.matcher(cause).matches();
    }

    private static LeaveReason reason(final String text)
    {
        for (final LeaveReason r : LeaveReason.values())
        {
            if (r.text().equals(text))
            {
                return r;
            }
        }
        return LeaveReason.SESSION_CLOSED;
    }
}
