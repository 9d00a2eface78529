package io.resilientgateways.console;

import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.protocol.AdapterRejection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The safe admin actions: drain a worker, move a task, add a task, remove a task. {@link #plan} reads the cluster and
 * says what would move from where to where (and what would stop it); {@link #execute} sends the one logged cluster
 * command, under the operator's name, and then reports where the tasks it touched went. The engine alone decides:
 * a plan made a moment earlier can differ from what happens, and the outcome says what did.
 * <p>
 * Thread-safe (every cluster call goes through the {@link ClusterLink}).
 */
final class Actions
{
    /**
     * An action as asked for (from JSON or the CLI).
     *
     * @param action   {@code drain}, {@code move}, {@code add} or {@code remove}.
     * @param worker   the worker to drain, or the move's destination.
     * @param task     the task to move, add or remove.
     * @param weight   an added task's weight (0: 1).
     * @param requires an added task's required capabilities.
     */
    record Request(String action, String worker, String task, int weight, List<String> requires)
    {
        Request
        {
            requires = null == requires ? List.of() : List.copyOf(requires);
        }
    }

    /**
     * One task's move.
     *
     * @param task  the task.
     * @param from  where it is (empty: nowhere).
     * @param to    where it goes (a worker, or a description such as "chosen by the policy among ...").
     * @param epoch its epoch.
     */
    record Move(String task, String from, String to, long epoch)
    {
    }

    /**
     * What an action would do.
     *
     * @param action     the action.
     * @param summary    one sentence.
     * @param moves      what moves from where to where.
     * @param problems   why the cluster would refuse it or leave tasks pending; empty if none is known.
     * @param executable false if the cluster would certainly refuse it.
     */
    record Plan(String action, String summary, List<Move> moves, List<String> problems, boolean executable)
    {
    }

    /**
     * What happened.
     *
     * @param accepted true if the cluster applied the command.
     * @param code     the refusal's code, 0 if accepted.
     * @param codeName the refusal's name, or empty.
     * @param text     the refusal's text, or empty.
     * @param operator who asked.
     * @param plan     the plan shown before it ran.
     * @param result   where the touched tasks are afterwards (after they settled, or after 5 s).
     */
    record Outcome(
        boolean accepted, int code, String codeName, String text, String operator, Plan plan, List<Move> result)
    {
    }

    /**
     * A request that cannot be an action (a missing field, an invalid name): the API answers 400.
     */
    static final class BadActionException extends IllegalArgumentException
    {
        private static final long serialVersionUID = 1L;

        BadActionException(final String message)
        {
            super(message);
        }
    }

    private final ClusterLink link;

    Actions(final ClusterLink link)
    {
        this.link = link;
    }

    Plan plan(final Request r)
    {
        validate(r);
        return switch (r.action())
        {
            case "drain" -> planDrain(r.worker());
            case "move" -> planMove(r.task(), r.worker());
            case "add" -> planAdd(r);
            default -> planRemove(r.task());
        };
    }

    Outcome execute(final Request r, final String operator)
    {
        final Plan plan = plan(r);
        final AdminClient.Reply reply = link.call((c) ->
        {
            c.operator(operator);
            try
            {
                return switch (r.action())
                {
                    case "drain" -> c.drainWorker(r.worker());
                    case "move" -> c.moveTask(r.task(), r.worker());
                    case "add" -> c.addTask(r.task(), r.weight() <= 0 ? 1 : r.weight(),
                        r.requires().toArray(new String[0]));
                    default -> c.removeTask(r.task());
                };
            }
            finally
            {
                c.operator("");
            }
        });
        if (!reply.accepted())
        {
            return new Outcome(false, reply.code(), AdapterRejection.name(reply.code()), reply.text(), operator, plan,
                List.of());
        }
        return new Outcome(true, 0, "", "", operator, plan, settle(r, plan));
    }

    private List<Move> settle(final Request r, final Plan plan)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<Move> now = positions(plan);
        while (!settled(r, plan, now) && System.nanoTime() - deadline < 0)
        {
            try
            {
                Thread.sleep(100);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
            now = positions(plan);
        }
        return now;
    }

    private List<Move> positions(final Plan plan)
    {
        final List<Move> out = new ArrayList<>();
        for (final Move m : plan.moves())
        {
            try
            {
                final AdminClient.TaskRecord t = link.call((c) -> c.explain(m.task(), 1)).task();
                out.add(new Move(m.task(), m.from(), t.owner().isEmpty() ? t.status() : t.owner() + " (" +
                    t.status() + ")", t.epoch()));
            }
            catch (final AdminClient.QueryRefusedException ex)
            {
                out.add(new Move(m.task(), m.from(), "removed", m.epoch()));
            }
        }
        return out;
    }

    private static boolean settled(final Request r, final Plan plan, final List<Move> now)
    {
        for (final Move m : now)
        {
            final boolean done = switch (r.action())
            {
                case "remove" -> "removed".equals(m.to());
                case "move" -> m.to().equals(r.worker() + " (OPEN)");
                case "add" -> m.to().endsWith("(OPEN)") || m.to().equals("PENDING");
                default -> m.to().endsWith("(OPEN)") && !m.to().startsWith(m.from() + " ");
            };
            if (!done)
            {
                return false;
            }
        }
        return true;
    }

    private Plan planDrain(final String worker)
    {
        final Map<String, AdminClient.WorkerRecord> workers = workers();
        final AdminClient.WorkerRecord w = workers.get(worker);
        final List<String> problems = new ArrayList<>();
        if (null == w)
        {
            problems.add("worker " + worker + " is not known");
            return new Plan("drain", "drain " + worker, List.of(), problems, false);
        }
        if (!"LIVE".equals(w.status()))
        {
            problems.add("worker " + worker + " is " + w.status() + ", not LIVE");
        }
        final List<String> others = new ArrayList<>();
        for (final AdminClient.WorkerRecord o : workers.values())
        {
            if (!o.name().equals(worker) && "LIVE".equals(o.status()) && !o.detached())
            {
                others.add(o.name());
            }
        }
        final List<Move> moves = new ArrayList<>();
        for (final AdminClient.TaskRecord t : Queries.allTasks(link, worker, "", false, false))
        {
            if (worker.equals(t.owner()))
            {
                final List<String> capable = capable(workers, others, t.requires());
                moves.add(new Move(t.task(), worker, capable.isEmpty() ? "PENDING (no other capable live worker)" :
                    "the policy's choice among " + String.join(", ", capable), t.epoch()));
            }
        }
        if (others.isEmpty() && !moves.isEmpty())
        {
            problems.add("no other live worker: its " + moves.size() + " tasks would wait, pending");
        }
        return new Plan("drain", "drain " + worker + ": " + moves.size() + " task(s) move off it, revoke then assign; " +
            "it takes no new tasks", moves, problems, problems.isEmpty() || null != w && "LIVE".equals(w.status()));
    }

    private Plan planMove(final String task, final String to)
    {
        final List<String> problems = new ArrayList<>();
        final AdminClient.TaskRecord t = explainOrNull(task);
        final AdminClient.WorkerRecord w = workers().get(to);
        if (null == t)
        {
            problems.add("task " + task + " does not exist");
        }
        if (null == w)
        {
            problems.add("worker " + to + " is not known");
        }
        else if (!"LIVE".equals(w.status()) || w.detached())
        {
            problems.add("worker " + to + " is " + w.status() + (w.detached() ? " (detached)" : "") +
                ": it takes no tasks");
        }
        if (null != t && null != w && !w.capabilities().containsAll(t.requires()))
        {
            problems.add("worker " + to + " lacks capabilities " + t.requires());
        }
        if (null != t && to.equals(t.owner()))
        {
            problems.add("task " + task + " is already on " + to);
        }
        if (null != t && !t.target().isEmpty() && !t.target().equals(t.owner()))
        {
            problems.add("task " + task + " is already moving to " + t.target());
        }
        final List<Move> moves = null == t ? List.of() : List.of(new Move(task, t.owner(), to, t.epoch()));
        return new Plan("move", "move " + task + " from " + (null == t || t.owner().isEmpty() ? "nowhere" :
            t.owner()) + " to " + to + " (a new epoch on " + to + ")", moves, problems, problems.isEmpty());
    }

    private Plan planAdd(final Request r)
    {
        final List<String> problems = new ArrayList<>();
        if (null != explainOrNull(r.task()))
        {
            problems.add("task " + r.task() + " exists already");
        }
        final Map<String, AdminClient.WorkerRecord> workers = workers();
        final List<String> live = new ArrayList<>();
        for (final AdminClient.WorkerRecord w : workers.values())
        {
            if ("LIVE".equals(w.status()) && !w.detached())
            {
                live.add(w.name());
            }
        }
        final List<String> capable = capable(workers, live, r.requires());
        final List<Move> moves = List.of(new Move(r.task(), "", capable.isEmpty() ?
            "PENDING (no live worker has " + r.requires() + ")" : "the policy's choice among " +
            String.join(", ", capable), 0));
        return new Plan("add", "add " + r.task() + " (weight " + Math.max(1, r.weight()) + ", requires " +
            r.requires() + ")", moves, problems, problems.isEmpty());
    }

    private Plan planRemove(final String task)
    {
        final AdminClient.TaskRecord t = explainOrNull(task);
        if (null == t)
        {
            return new Plan("remove", "remove " + task, List.of(), List.of("task " + task + " does not exist"), false);
        }
        return new Plan("remove", "remove " + task + (t.owner().isEmpty() ? "" : ": " + t.owner() + " closes it"),
            List.of(new Move(task, t.owner(), "removed", t.epoch())), List.of(), true);
    }

    private AdminClient.TaskRecord explainOrNull(final String task)
    {
        try
        {
            return link.call((c) -> c.explain(task, 1)).task();
        }
        catch (final AdminClient.QueryRefusedException ex)
        {
            return null;
        }
    }

    private Map<String, AdminClient.WorkerRecord> workers()
    {
        final Map<String, AdminClient.WorkerRecord> byName = new TreeMap<>();
        for (final AdminClient.WorkerRecord w : Queries.allWorkers(link))
        {
            byName.put(w.name(), w);
        }
        return byName;
    }

    private static List<String> capable(
        final Map<String, AdminClient.WorkerRecord> workers, final List<String> names, final List<String> requires)
    {
        final List<String> out = new ArrayList<>();
        for (final String n : names)
        {
            if (workers.get(n).capabilities().containsAll(requires))
            {
                out.add(n);
            }
        }
        return out;
    }

    private static void validate(final Request r)
    {
        if (null == r || null == r.action())
        {
            throw new BadActionException("'action' is required: drain, move, add or remove");
        }
        switch (r.action())
        {
            case "drain" -> name("worker", r.worker());
            case "move" ->
            {
                name("task", r.task());
                name("worker", r.worker());
            }
            case "add" ->
            {
                name("task", r.task());
                if (r.weight() < 0)
                {
                    throw new BadActionException("'weight' must be positive, was " + r.weight());
                }
                for (final String c : r.requires())
                {
                    name("capability", c);
                }
            }
            case "remove" -> name("task", r.task());
            default -> throw new BadActionException("unknown action '" + r.action() +
                "': drain, move, add or remove");
        }
    }

    static void name(final String what, final String value)
    {
        if (null == value || value.isEmpty())
        {
            throw new BadActionException("'" + what + "' is required");
        }
        if (null != io.resilientgateways.core.Names.validate(value))
        {
            throw new BadActionException(what + " '" + value + "' is not a valid name (1-64 printable ASCII " +
                "characters, no spaces)");
        }
    }
}
