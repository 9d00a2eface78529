package io.resilientgateways.lab.trace;

import io.resilientgateways.aeron.client.AdminClient.AssignmentRecord;
import io.resilientgateways.aeron.client.AdminClient.HistoryRecord;
import io.resilientgateways.aeron.client.AdminClient.TaskRecord;
import io.resilientgateways.aeron.client.AdminClient.WorkerRecord;
import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskSpec;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.WorkerSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rebuilds a trace from what a running cluster can tell today: its bounded history of task transitions (the admin
 * query {@code QueryHistory}), the current assignment, and the workers and tasks as the cluster holds them
 * ({@code QueryWorkers}, {@code QueryTasks}). The history records task transitions with a cause sentence, not
 * membership events, so the trace is a reconstruction:
 * <ul>
 *   <li>recovered: task adds and removes, a join when the worker took tasks or caused a rebalance, a leave when it held
 *   tasks (with its reason), a drain that moved tasks, a return within the grace period; workers and tasks already
 *   there when the kept history starts (joined or added at time 0);</li>
 *   <li>exact, from the queries: every worker's capabilities and capacity and every task's requirements and weight, as
 *   the cluster holds them now; a connected worker that held nothing joins at its registration time
 *   ({@code connectedSince});</li>
 *   <li>defaults, where the queries no longer know them: a worker the cluster has forgotten gets
 *   {@code defaultCapabilities} and capacity 1, a removed task requires nothing and weighs 1;</li>
 *   <li>lost: a leave of a worker that held nothing; a worker's capabilities or capacity before its latest
 *   registration; the exact time of a join whose only trace is a later rebalance (rebalance delay); anything older
 *   than the history ring (BalancerConfig.historyCapacity, 4,096 transitions by default).</li>
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
    private final Map<String, WorkerRecord> workerInfo = new TreeMap<>();
    private final Map<String, TaskRecord> taskInfo = new TreeMap<>();
    private final Set<String> defaultedWorkers = new TreeSet<>();
    private final Set<String> defaultedTasks = new TreeSet<>();
    private long origin;

    private HistoryExport(
        final CapabilitySet capabilities, final List<WorkerRecord> workers, final List<TaskRecord> taskRecords)
    {
        this.capabilities = capabilities;
        workers.forEach((w) -> workerInfo.put(w.name(), w));
        taskRecords.forEach((t) -> taskInfo.put(t.task(), t));
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
        return toTrace(history, assignments, List.of(), List.of(), defaultCapabilities, source);
    }

    /**
     * @param history             the cluster's kept history, oldest first ({@code AdminClient.history("", 0)}).
     * @param assignments         its current assignment ({@code AdminClient.assignments()}).
     * @param workers             every worker it knows ({@code AdminClient.workers}, all pages): capabilities and
     *                            capacity, and the registration time of those that held nothing.
     * @param tasks               every task it holds ({@code AdminClient.tasks}, all pages): requirements and weight.
     * @param defaultCapabilities capabilities for a worker the cluster no longer knows.
     * @param source              what to write as the trace's source.
     * @return the reconstructed trace.
     */
    public static Trace toTrace(
        final List<HistoryRecord> history,
        final List<AssignmentRecord> assignments,
        final List<WorkerRecord> workers,
        final List<TaskRecord> tasks,
        final List<String> defaultCapabilities,
        final String source)
    {
        return new HistoryExport(CapabilitySet.of(defaultCapabilities), workers, tasks)
            .build(history, assignments, source);
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
        final int idle = joinIdleWorkers(seenWorker, history.isEmpty() ? 0 : history.get(history.size() - 1).time());
        final List<String> notes = new ArrayList<>();
        notes.add("exported from the cluster's history (QueryHistory: " + history.size() + " transitions kept), its " +
            "assignment (" + assignments.size() + " tasks) and its workers and tasks (QueryWorkers: " +
            workerInfo.size() + ", QueryTasks: " + taskInfo.size() + "); times rebased: 0 = cluster time " + origin);
        if (workerInfo.isEmpty() && taskInfo.isEmpty())
        {
            notes.add("reconstructed: capabilities (all " + capabilities + "), capacities (1), task requirements " +
                "(none) and weights (1) are not in the history");
        }
        else
        {
            notes.add("exact: capabilities and capacities of the workers, requirements and weights of the tasks, as " +
                "the cluster holds them now (not as they were before a worker's latest registration)");
            notes.add("defaults: " + defaultedWorkers.size() + " worker(s) the cluster no longer knows (" +
                capabilities + ", capacity 1)" + names(defaultedWorkers) + ", " + defaultedTasks.size() +
                " removed task(s) (requires none, weight 1)" + names(defaultedTasks));
        }
        notes.add(workerInfo.isEmpty() ?
            "missing: joins and leaves of workers that held and moved nothing; anything older than the history ring" :
            "missing: leaves of workers that held nothing; anything older than the history ring" +
                (idle > 0 ? "; " + idle + " connected worker(s) that held nothing join at their registration time" :
                    ""));
        notes.add("engine settings (grace period, rebalance delay, move limit) are not in the history: set them " +
            "here or with the lab's options");
        return new Trace(TraceHeader.of(source).withNotes(notes), events);
    }

    /**
     * Connected workers the history never mentions (they held nothing): a join at their registration time, and a
     * drain at the end for one that is draining.
     */
    private int joinIdleWorkers(final Set<String> seenWorker, final long lastTime)
    {
        int joined = 0;
        for (final WorkerRecord w : workerInfo.values())
        {
            if (seenWorker.contains(w.name()) || "DEPARTED".equals(w.status()))
            {
                continue;
            }
            final WorkerId id = WorkerId.of(w.name());
            final long t = origin > 0 && w.connectedSince() > origin ? w.connectedSince() - origin : 0;
            if (connected.add(id))
            {
                insert(new TraceEvent.Join(t, spec(id)));
                joined++;
                if ("DRAINING".equals(w.status()) && draining.add(id))
                {
                    insert(new TraceEvent.Drain(Math.max(t, lastTime - origin), id));
                }
            }
        }
        return joined;
    }

    private void insert(final TraceEvent e)
    {
        int at = events.size();
        while (at > 0 && events.get(at - 1).time() > e.time())
        {
            at--;
        }
        events.add(at, e);
    }

    private static String names(final Set<String> names)
    {
        return names.isEmpty() ? "" : ": " + String.join(",", names.size() <= 5 ? names :
            List.copyOf(names).subList(0, 5)) + (names.size() > 5 ? ",..." : "");
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
            events.add(new TraceEvent.Join(t, spec(w)));
        }
    }

    private WorkerSpec spec(final WorkerId w)
    {
        final WorkerRecord r = workerInfo.get(w.name());
        if (null == r)
        {
            if (!workerInfo.isEmpty() || !taskInfo.isEmpty())
            {
                defaultedWorkers.add(w.name());
            }
            return new WorkerSpec(w, capabilities, 1);
        }
        return new WorkerSpec(w, CapabilitySet.of(r.capabilities()), r.capacity());
    }

    private void add(final long t, final TaskId task)
    {
        if (tasks.add(task))
        {
            final TaskRecord r = taskInfo.get(task.name());
            if (null == r && (!workerInfo.isEmpty() || !taskInfo.isEmpty()))
            {
                defaultedTasks.add(task.name());
            }
            events.add(new TraceEvent.Add(t, null == r ? new TaskSpec(task, CapabilitySet.EMPTY, 1) :
                new TaskSpec(task, CapabilitySet.of(r.requires()), r.weight())));
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
