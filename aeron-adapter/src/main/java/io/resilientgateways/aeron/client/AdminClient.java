package io.resilientgateways.aeron.client;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.logbuffer.Header;
import io.resilientgateways.aeron.protocol.Protocol;
import io.resilientgateways.aeron.codecs.AddTaskEncoder;
import io.resilientgateways.aeron.codecs.AddTasksEncoder;
import io.resilientgateways.aeron.codecs.ChangeSettingsEncoder;
import io.resilientgateways.aeron.codecs.QuerySettingsEncoder;
import io.resilientgateways.aeron.codecs.RaiseEpochFloorEncoder;
import io.resilientgateways.aeron.codecs.SettingsDecoder;
import io.resilientgateways.aeron.codecs.AdminAckDecoder;
import io.resilientgateways.aeron.codecs.AdminDoneDecoder;
import io.resilientgateways.aeron.codecs.AssignmentInfoDecoder;
import io.resilientgateways.aeron.codecs.BooleanType;
import io.resilientgateways.aeron.codecs.ClusterSummaryDecoder;
import io.resilientgateways.aeron.codecs.ExplainHeaderDecoder;
import io.resilientgateways.aeron.codecs.ExplainTaskEncoder;
import io.resilientgateways.aeron.codecs.HistoryRecordDecoder;
import io.resilientgateways.aeron.codecs.QueryClusterEncoder;
import io.resilientgateways.aeron.codecs.QueryHistorySinceEncoder;
import io.resilientgateways.aeron.codecs.QueryPageDecoder;
import io.resilientgateways.aeron.codecs.QueryTasksEncoder;
import io.resilientgateways.aeron.codecs.QueryWorkersEncoder;
import io.resilientgateways.aeron.codecs.TaskRowDecoder;
import io.resilientgateways.aeron.codecs.TaskStatusCode;
import io.resilientgateways.aeron.codecs.WorkerRowDecoder;
import io.resilientgateways.aeron.codecs.DrainWorkerEncoder;
import io.resilientgateways.aeron.codecs.HistoryEntryDecoder;
import io.resilientgateways.aeron.codecs.MessageHeaderDecoder;
import io.resilientgateways.aeron.codecs.MessageHeaderEncoder;
import io.resilientgateways.aeron.codecs.MoveTaskEncoder;
import io.resilientgateways.aeron.codecs.QueryAssignmentEncoder;
import io.resilientgateways.aeron.codecs.QueryHistoryEncoder;
import io.resilientgateways.aeron.codecs.RejectedDecoder;
import io.resilientgateways.aeron.codecs.RemoveTaskEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Blocking client for the admin commands: add, remove and move tasks, drain workers, read assignments and history.
 * Needs an admin principal. Each call sends one command and polls egress until its reply (or the timeout).
 * <pre>{@code
 * try (AdminClient admin = AdminClient.connect(clusterContext))     // credentials "admin:ops:secret"
 * {
 *     Reply reply = admin.addTask("PARTY-1", 1, "API_GATEWAY");
 *     List<AssignmentRecord> all = admin.assignments();
 * }
 * }</pre>
 * Not thread-safe.
 */
public final class AdminClient implements AutoCloseable
{
    /**
     * The answer to a command: accepted, or refused with a code.
     *
     * @param accepted true if applied.
     * @param code     0, or a {@code core.RejectionCode} value or {@code AdapterRejection} code.
     * @param text     detail of a refusal.
     */
    public record Reply(boolean accepted, int code, String text)
    {
    }

    /**
     * A task to add with {@link #addTasks}.
     *
     * @param task     its id.
     * @param weight   its weight.
     * @param requires capabilities it needs.
     */
    public record NewTask(String task, int weight, List<String> requires)
    {
        /**
         * @param task     its id.
         * @param weight   its weight.
         * @param requires capabilities it needs (copied).
         */
        public NewTask
        {
            requires = List.copyOf(requires);
        }

        /**
         * @param task     its id.
         * @param requires capabilities it needs.
         * @return a task of weight 1.
         */
        public static NewTask of(final String task, final String... requires)
        {
            return new NewTask(task, 1, List.of(requires));
        }
    }

    /**
     * The answer to {@link #addTasks}: the list goes in commands of as many tasks as fit in one message, each applied
     * all or none, in the list's order, and it stops at the first refusal.
     *
     * @param done     tasks of the list the cluster accepted: the first {@code done}, in commands before any refusal.
     * @param added    of those, the tasks added (the others the cluster held already, with {@code skipExisting}).
     * @param commands commands sent.
     * @param reply    accepted if every task was accepted; else the refusal of the command that holds task number
     *                 {@code done} (none of that command's tasks was added, nor any after it).
     */
    public record BatchReply(int done, int added, int commands, Reply reply)
    {
        /**
         * @return true if every task was added.
         */
        public boolean accepted()
        {
            return reply.accepted();
        }
    }

    /**
     * One task's assignment as the cluster reports it.
     *
     * @param task   the task.
     * @param status {@code TaskStatus} name.
     * @param owner  the owner, or empty.
     * @param target where it moves next, or empty.
     * @param epoch  its epoch.
     * @param stuck  true if an ack is overdue.
     */
    public record AssignmentRecord(String task, String status, String owner, String target, long epoch, boolean stuck)
    {
    }

    /**
     * One transition from the cluster's history.
     *
     * @param time   cluster time.
     * @param task   the task.
     * @param from   status before.
     * @param to     status after ({@code NONE}: removed).
     * @param worker the worker concerned, or empty.
     * @param epoch  epoch after.
     * @param cause  why, as a sentence.
     */
    public record HistoryRecord(long time, String task, String from, String to, String worker, long epoch, String cause)
    {
    }

    /**
     * A worker as the cluster reports it ({@link #workers}).
     *
     * @param name           its name.
     * @param incarnation    its gateway process's incarnation (0 once departed).
     * @param capabilities   what it offers.
     * @param capacity       its relative capacity.
     * @param load           weight of its tasks in the target assignment.
     * @param taskCount      its tasks in the target assignment.
     * @param status         {@code LIVE}, {@code DRAINING} or {@code DEPARTED}.
     * @param detached       held through a full restart's reconnect window.
     * @param connectedSince cluster time it registered, -1 unknown.
     * @param lastHeard      cluster time of its last message, -1 unknown.
     */
    public record WorkerRecord(
        String name, long incarnation, List<String> capabilities, int capacity, long load, int taskCount,
        String status, boolean detached, long connectedSince, long lastHeard)
    {
    }

    /**
     * A task as the cluster reports it ({@link #tasks}, {@link #explain}).
     *
     * @param task          its id.
     * @param status        {@code TaskStatus} name.
     * @param owner         its owner, or empty.
     * @param target        where it moves next, or empty.
     * @param epoch         its epoch.
     * @param weight        its weight.
     * @param stuck         an ack is overdue.
     * @param movable       a rebalance could move it now.
     * @param requires      capabilities it needs.
     * @param pendingReason why it is pending, or empty.
     */
    public record TaskRecord(
        String task, String status, String owner, String target, long epoch, int weight, boolean stuck,
        boolean movable, List<String> requires, String pendingReason)
    {
    }

    /**
     * One numbered transition ({@link #historySince}, {@link #explain}).
     *
     * @param seq         its position in the history since the cluster started, from 0.
     * @param time        cluster time.
     * @param task        the task.
     * @param from        status before.
     * @param to          status after ({@code NONE}: removed).
     * @param worker      the worker it is with after (or left), or empty.
     * @param epoch       epoch after.
     * @param causeWorker the worker whose event caused it, or empty.
     * @param cause       why, as a sentence.
     * @param operator    the operator whose admin command made it, or empty.
     */
    public record HistoryEvent(
        long seq, long time, String task, String from, String to, String worker, long epoch, String causeWorker,
        String cause, String operator)
    {
    }

    /**
     * One page of a listing.
     *
     * @param rows        the rows, in name (or sequence) order.
     * @param more        true if more follow: ask again with {@code next} (or {@code nextSeq}).
     * @param next        cursor for the next page of a listing, or empty.
     * @param nextSeq     for history: the sequence to ask for next.
     * @param oldestSeq   for history: the oldest sequence the ring still holds.
     * @param clusterTime the cluster's time when it answered.
     * @param <T>         the row type.
     */
    public record Page<T>(List<T> rows, boolean more, String next, long nextSeq, long oldestSeq, long clusterTime)
    {
    }

    /**
     * One task explained: where it is, since when, and its last transitions.
     *
     * @param task            the task.
     * @param since           cluster time of its latest kept transition, -1 if none kept.
     * @param transitionsKept how many of its transitions the ring holds.
     * @param transitions     the last ones asked for, oldest first.
     * @param clusterTime     the cluster's time when it answered.
     */
    public record Explanation(
        TaskRecord task, long since, int transitionsKept, List<HistoryEvent> transitions, long clusterTime)
    {
    }

    /**
     * Counts and clocks of the whole cluster ({@link #describe}).
     *
     * @param clusterTime      the engine's time.
     * @param leadershipTermId the term the service has seen.
     * @param workers          known workers.
     * @param liveWorkers      workers that can take tasks.
     * @param tasks            tasks.
     * @param pending          tasks without an owner.
     * @param stuck            tasks whose ack is overdue.
     * @param lastEpoch        highest epoch issued.
     * @param nextHistorySeq   the sequence the next transition will get.
     * @param oldestHistorySeq the oldest sequence kept.
     * @param historyCapacity  size of the history ring.
     * @param rejected         messages the leader rejected since it started.
     * @param policy           the rebalance policy's name.
     */
    public record ClusterInfo(
        long clusterTime, long leadershipTermId, int workers, int liveWorkers, int tasks, int pending, int stuck,
        long lastEpoch, long nextHistorySeq, long oldestHistorySeq, int historyCapacity, long rejected, String policy)
    {
    }

    /**
     * The policy, engine settings and epoch floor in force ({@link #settings()}).
     *
     * @param policy        the policy's name.
     * @param policyVersion its version.
     * @param values        the engine's settings by name ({@link #SETTING_NAMES}), in name order.
     * @param epochFloor    the highest epoch floor set (by command or node property).
     * @param lastEpoch     the highest epoch granted so far.
     * @param changes       settings changes accepted through the log; 0: the nodes' configured settings.
     * @param changedAt     cluster time of the last change, -1 never.
     * @param changedBy     operator of the last change, or empty.
     */
    public record SettingsInfo(
        String policy, int policyVersion, Map<String, Long> values, long epochFloor, long lastEpoch, long changes,
        long changedAt, String changedBy)
    {
    }

    /**
     * Names of the engine settings {@link #changeSettings} takes: the {@code BalancerConfig} accessors.
     */
    public static final List<String> SETTING_NAMES = List.of("gracePeriod", "handoffTimeout", "rebalanceDelay",
        "releaseBackoff", "maxMovesPerRound", "historyCapacity", "maxWorkers", "maxTasks");

    /**
     * A query the cluster refused (a bad filter, an unknown task or worker), with the wire code.
     */
    public static final class QueryRefusedException extends IllegalStateException
    {
        private static final long serialVersionUID = 1L;

        private final int code;

        QueryRefusedException(final int code, final String text)
        {
            super(text);
            this.code = code;
        }

        /**
         * @return a {@code core.RejectionCode} value or {@code AdapterRejection} code.
         */
        public int code()
        {
            return code;
        }
    }

    private final AeronCluster cluster;
    private final long timeoutNs;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
    /** For {@link #addTasks}: one message of the largest the ingress publication takes by default (16 KiB). */
    private final UnsafeBuffer batchBuffer = new UnsafeBuffer(new byte[16 * 1024]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderDecoder sentHeader = new MessageHeaderDecoder();
    private final List<AssignmentRecord> assignments = new ArrayList<>();
    private final List<HistoryRecord> history = new ArrayList<>();
    private final List<WorkerRecord> workerRows = new ArrayList<>();
    private final List<TaskRecord> taskRows = new ArrayList<>();
    private final List<HistoryEvent> events = new ArrayList<>();
    private Page<Void> page;
    private long explainSince;
    private int explainKept;
    private ClusterInfo clusterInfo;
    private SettingsInfo settingsInfo;
    private String operator = "";
    private long correlationId;
    private long awaited;
    private int awaitedTemplateId;
    private Reply reply;
    private int doneCount;

    private AdminClient(final AeronCluster.Context ctx, final long timeoutNs)
    {
        this.timeoutNs = timeoutNs;
        this.cluster = AeronCluster.connect(ctx.egressListener(new Listener()));
    }

    /**
     * @param ctx cluster client settings (ingress endpoints, egress channel, credentials, Aeron directory).
     * @return a connected client; each call waits at most 5 s for its reply.
     */
    public static AdminClient connect(final AeronCluster.Context ctx)
    {
        return new AdminClient(ctx, TimeUnit.SECONDS.toNanos(5));
    }

    /**
     * @param operator the name sent with every later command and recorded with the transitions it makes (a valid
     *                 name, or empty for none).
     * @return this.
     */
    public AdminClient operator(final String operator)
    {
        this.operator = null == operator ? "" : operator;
        return this;
    }

    /**
     * @return the underlying cluster client (e.g. for keepalives while idle).
     */
    public AeronCluster cluster()
    {
        return cluster;
    }

    /**
     * @param task     the task id.
     * @param weight   its weight.
     * @param requires capabilities it needs.
     * @return the reply.
     */
    public Reply addTask(final String task, final int weight, final String... requires)
    {
        final AddTaskEncoder e = new AddTaskEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(++correlationId).weight(weight);
        final AddTaskEncoder.RequiredCapabilitiesEncoder group = e.requiredCapabilitiesCount(requires.length);
        for (final String cap : requires)
        {
            group.next().capability(cap);
        }
        e.task(task).operatorName(operator);
        return call(e.encodedLength());
    }

    /**
     * Add many tasks, e.g. every counterparty at start of day: one logged command per message's worth of tasks
     * ({@link Protocol#MAX_TASKS_PER_COMMAND} at most, and no more bytes than the ingress publication's
     * {@code maxMessageLength}), each added all or none, in the list's order, waiting for each command's reply
     * before the next. The engine places a command's tasks in one pass (far cheaper than one {@link #addTask} each).
     * A refusal (a duplicate id, the task limit, a bad name or weight) stops it: the commands before it stay. To add
     * all or nothing, keep the list within one command (the reply's {@code commands} says how many it took).
     * <pre>{@code
     * BatchReply r = admin.addTasks(List.of(NewTask.of("PARTY-1", "API_GATEWAY"), NewTask.of("PARTY-2")));
     * }</pre>
     *
     * @param tasks the tasks, in the order they are placed.
     * @return how many were accepted and added, and the last reply.
     * @throws IllegalArgumentException if a name is longer than {@link Protocol#MAX_NAME_LENGTH} bytes or a task
     *                                  needs more than {@link Protocol#MAX_CAPABILITIES} capabilities (nothing sent).
     * @throws IllegalStateException    if a command's reply does not come in time (the tasks of the commands before it
     *                                  were added; that command's may have been).
     */
    public BatchReply addTasks(final List<NewTask> tasks)
    {
        return addTasks(tasks, false);
    }

    /**
     * {@link #addTasks(List)}, and with {@code skipExisting} a task whose id the cluster holds already is left as it
     * is instead of refusing its command (whatever its weight or capabilities there): the same list can be sent again
     * after a timeout or a leader change, and only what is missing is added.
     *
     * @param tasks        the tasks, in the order they are placed.
     * @param skipExisting leave the ids the cluster holds already.
     * @return how many were accepted and added, and the last reply.
     * @throws IllegalArgumentException as {@link #addTasks(List)}.
     * @throws IllegalStateException    as {@link #addTasks(List)}.
     */
    public BatchReply addTasks(final List<NewTask> tasks, final boolean skipExisting)
    {
        for (final NewTask t : tasks)
        {
            if (t.task().length() > Protocol.MAX_NAME_LENGTH || t.requires().size() > Protocol.MAX_CAPABILITIES ||
                t.requires().stream().anyMatch(c -> c.length() > Protocol.MAX_NAME_LENGTH))
            {
                throw new IllegalArgumentException("task " + t.task() + ": names are at most " +
                    Protocol.MAX_NAME_LENGTH + " bytes, capabilities at most " + Protocol.MAX_CAPABILITIES);
            }
        }
        // the cluster client puts its session header in front of each message
        final int maxLength = Math.min(batchBuffer.capacity(),
            cluster.ingressPublication().maxMessageLength() - AeronCluster.SESSION_HEADER_LENGTH);
        final int fixed = MessageHeaderEncoder.ENCODED_LENGTH + AddTasksEncoder.BLOCK_LENGTH +
            AddTasksEncoder.TasksEncoder.sbeHeaderSize() + AddTasksEncoder.operatorNameHeaderLength() +
            operator.length();
        int done = 0;
        int added = 0;
        int commands = 0;
        Reply last = new Reply(true, 0, "");
        while (done < tasks.size())
        {
            int end = done;
            int length = fixed;
            while (end < tasks.size() && end - done < Protocol.MAX_TASKS_PER_COMMAND)
            {
                final int size = encodedSize(tasks.get(end));
                if (length + size > maxLength)
                {
                    break;
                }
                length += size;
                end++;
            }
            final AddTasksEncoder e = new AddTasksEncoder().wrapAndApplyHeader(batchBuffer, 0, headerEncoder)
                .correlationId(++correlationId).skipExisting(skipExisting ? BooleanType.TRUE : BooleanType.FALSE);
            final AddTasksEncoder.TasksEncoder group = e.tasksCount(end - done);
            for (int i = done; i < end; i++)
            {
                final NewTask t = tasks.get(i);
                group.next().weight(t.weight());
                final AddTasksEncoder.TasksEncoder.RequiredCapabilitiesEncoder caps =
                    group.requiredCapabilitiesCount(t.requires().size());
                for (final String cap : t.requires())
                {
                    caps.next().capability(cap);
                }
                group.task(t.task());
            }
            e.operatorName(operator);
            commands++;
            doneCount = 0;
            last = call(batchBuffer, e.encodedLength());
            if (!last.accepted())
            {
                break;
            }
            added += doneCount;
            done = end;
        }
        return new BatchReply(done, added, commands, last);
    }

    private static int encodedSize(final NewTask t)
    {
        int size = AddTasksEncoder.TasksEncoder.sbeBlockLength() +
            AddTasksEncoder.TasksEncoder.RequiredCapabilitiesEncoder.sbeHeaderSize() +
            AddTasksEncoder.TasksEncoder.taskHeaderLength() + t.task().length();
        for (final String cap : t.requires())
        {
            size += AddTasksEncoder.TasksEncoder.RequiredCapabilitiesEncoder.capabilityHeaderLength() + cap.length();
        }
        return size;
    }

    /**
     * @param task the task id.
     * @return the reply.
     */
    public Reply removeTask(final String task)
    {
        return call(new RemoveTaskEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(++correlationId).task(task).operatorName(operator).encodedLength());
    }

    /**
     * @param worker the worker name.
     * @return the reply.
     */
    public Reply drainWorker(final String worker)
    {
        return call(new DrainWorkerEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(++correlationId).worker(worker).operatorName(operator).encodedLength());
    }

    /**
     * @param task   the task id.
     * @param worker the new owner.
     * @return the reply.
     */
    public Reply moveTask(final String task, final String worker)
    {
        return call(new MoveTaskEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(++correlationId).task(task).worker(worker).operatorName(operator).encodedLength());
    }

    /**
     * Switch the policy and/or engine settings at one log position: every member switches at the same entry, and
     * snapshots record the settings, so they survive restarts (they win over the members' configured ones). Tasks
     * stay where they are: the new policy places tasks from then on and proposes the next rebalance round's moves.
     * <pre>{@code
     * admin.changeSettings("least-loaded", Map.of("handoffTimeout", 5_000L));
     * }</pre>
     *
     * @param policy  a policy name the members' {@code PolicyRegistry} knows, or empty to keep the current one.
     * @param changes settings to change by name ({@link #SETTING_NAMES}); the others keep their values.
     * @return the reply: rejected {@code UNKNOWN_POLICY} or {@code INVALID_SETTING} with nothing changed.
     * @throws IllegalArgumentException for a name not in {@link #SETTING_NAMES} or a value below 0 (nothing sent).
     */
    public Reply changeSettings(final String policy, final Map<String, Long> changes)
    {
        final long[] v = {-1, -1, -1, -1, -1, -1, -1, -1};
        for (final Map.Entry<String, Long> e : changes.entrySet())
        {
            final int i = SETTING_NAMES.indexOf(e.getKey());
            if (i < 0 || e.getValue() < 0)
            {
                throw new IllegalArgumentException("setting " + e.getKey() + "=" + e.getValue() +
                    ": expected one of " + SETTING_NAMES + " at least 0");
            }
            v[i] = e.getValue();
        }
        return call(new ChangeSettingsEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(++correlationId)
            .gracePeriod(v[0]).handoffTimeout(v[1]).rebalanceDelay(v[2]).releaseBackoff(v[3])
            .maxMovesPerRound(narrow(v[4])).historyCapacity(narrow(v[5])).maxWorkers(narrow(v[6]))
            .maxTasks(narrow(v[7]))
            .policy(policy).operatorName(operator).encodedLength());
    }

    /**
     * Raise the epoch floor at one log position: every epoch granted from then on is above {@code floor}. Never
     * lowers it (rejected {@code EPOCH_FLOOR_LOWER}); the same floor again is accepted and changes nothing.
     *
     * @param floor e.g. the highest epoch a counterparty saw from an earlier deployment.
     * @return the reply.
     */
    public Reply raiseEpochFloor(final long floor)
    {
        return call(new RaiseEpochFloorEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(++correlationId).floor(floor).operatorName(operator).encodedLength());
    }

    /**
     * @return the policy, engine settings and epoch floor in force.
     * @throws QueryRefusedException if refused; IllegalStateException on timeout.
     */
    public SettingsInfo settings()
    {
        settingsInfo = null;
        query(new QuerySettingsEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(++correlationId).encodedLength());
        return settingsInfo;
    }

    private static int narrow(final long value)
    {
        return (int)Math.min(value, Integer.MAX_VALUE);
    }

    /**
     * @return every task's assignment, sorted by task id.
     * @throws IllegalStateException if the query was refused or timed out.
     */
    public List<AssignmentRecord> assignments()
    {
        assignments.clear();
        final Reply r = call(new QueryAssignmentEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(++correlationId).task("").encodedLength());
        if (!r.accepted())
        {
            throw new IllegalStateException("query refused: " + r);
        }
        return List.copyOf(assignments);
    }

    /**
     * @param task    a task, or empty for all.
     * @param maxEntries newest entries to return, 0 for all kept.
     * @return the transitions, oldest first.
     * @throws IllegalStateException if the query was refused or timed out.
     */
    public List<HistoryRecord> history(final String task, final int maxEntries)
    {
        history.clear();
        final Reply r = call(new QueryHistoryEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(++correlationId).maxEntries(maxEntries).task(task).encodedLength());
        if (!r.accepted())
        {
            throw new IllegalStateException("query refused: " + r);
        }
        return List.copyOf(history);
    }

    /**
     * @param after    cursor: the last name of the previous page, or empty.
     * @param pageSize rows, 1-500 (0: 100).
     * @return a page of workers in name order.
     * @throws QueryRefusedException if refused; IllegalStateException on timeout.
     */
    public Page<WorkerRecord> workers(final String after, final int pageSize)
    {
        workerRows.clear();
        query(new QueryWorkersEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(++correlationId).pageSize(pageSize).after(after).encodedLength());
        return page(List.copyOf(workerRows));
    }

    /**
     * @param owner         only tasks this worker owns or is the target of; empty for any.
     * @param status        a {@code TaskStatus} name, or empty for any.
     * @param stuckOnly     only tasks whose ack is overdue.
     * @param pendingOnly   only tasks with a pending reason.
     * @param reasonContains only pending tasks whose reason contains this; empty for any.
     * @param after         cursor: the last id of the previous page, or empty.
     * @param pageSize      rows, 1-500 (0: 100).
     * @return a page of tasks in id order.
     * @throws QueryRefusedException if refused (unknown owner, bad page size); IllegalArgumentException for an
     *                               unknown status name.
     */
    public Page<TaskRecord> tasks(
        final String owner, final String status, final boolean stuckOnly, final boolean pendingOnly,
        final String reasonContains, final String after, final int pageSize)
    {
        taskRows.clear();
        final short code = status.isEmpty() ? (short)255 : TaskStatusCode.valueOf(status).value();
        query(new QueryTasksEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(++correlationId).pageSize(pageSize).status(code)
            .stuckOnly(stuckOnly ? BooleanType.TRUE : BooleanType.FALSE)
            .pendingOnly(pendingOnly ? BooleanType.TRUE : BooleanType.FALSE)
            .owner(owner).reasonContains(reasonContains).after(after).encodedLength());
        return page(List.copyOf(taskRows));
    }

    /**
     * @param task           the task.
     * @param maxTransitions its last transitions to return, 0-500 (0: 20).
     * @return the task explained.
     * @throws QueryRefusedException if the task does not exist.
     */
    public Explanation explain(final String task, final int maxTransitions)
    {
        taskRows.clear();
        events.clear();
        query(new ExplainTaskEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(++correlationId).maxTransitions(maxTransitions).task(task).encodedLength());
        return new Explanation(taskRows.get(0), explainSince, explainKept, List.copyOf(events), page.clusterTime());
    }

    /**
     * Follow the history without gaps: ask from 0, then from each page's {@code nextSeq}. When the first row's
     * {@code seq} is above the asked one (or {@code oldestSeq > fromSeq}), the ring dropped entries before they were
     * read.
     *
     * @param fromSeq  first sequence wanted (0: the oldest kept).
     * @param task     only this task; empty for all.
     * @param worker   only transitions with or caused by this worker; empty for all.
     * @param pageSize records, 1-500 (0: 100).
     * @return a page of numbered transitions.
     * @throws QueryRefusedException if fromSeq is beyond the newest.
     */
    public Page<HistoryEvent> historySince(final long fromSeq, final String task, final String worker, final int pageSize)
    {
        events.clear();
        query(new QueryHistorySinceEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(++correlationId).fromSeq(fromSeq).pageSize(pageSize).task(task).worker(worker)
            .encodedLength());
        return page(List.copyOf(events));
    }

    /**
     * @return the cluster's counts and clocks.
     */
    public ClusterInfo describe()
    {
        clusterInfo = null;
        query(new QueryClusterEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(++correlationId).encodedLength());
        return clusterInfo;
    }

    private void query(final int bodyLength)
    {
        page = null;
        final Reply r = call(bodyLength);
        if (!r.accepted())
        {
            throw new QueryRefusedException(r.code(), r.text());
        }
    }

    private <T> Page<T> page(final List<T> rows)
    {
        final Page<Void> p = page;
        return new Page<>(rows, p.more(), p.next(), p.nextSeq(), p.oldestSeq(), p.clusterTime());
    }

    /**
     * Keep the session alive while idle; call at least every keepalive interval between commands.
     */
    public void poll()
    {
        cluster.pollEgress();
        cluster.sendKeepAlive();
    }

    /**
     * Disconnect.
     */
    public void close()
    {
        cluster.close();
    }

    private Reply call(final int bodyLength)
    {
        return call(buffer, bodyLength);
    }

    private Reply call(final DirectBuffer buffer, final int bodyLength)
    {
        awaited = correlationId;
        awaitedTemplateId = sentHeader.wrap(buffer, 0).templateId();
        reply = null;
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + bodyLength;
        final long deadline = System.nanoTime() + timeoutNs;
        while (cluster.offer(buffer, 0, length) < 0)
        {
            timeoutCheck(deadline);
            cluster.pollEgress();
            Thread.onSpinWait();
        }
        while (null == reply)
        {
            timeoutCheck(deadline);
            if (0 == cluster.pollEgress())
            {
                Thread.onSpinWait();
            }
        }
        return reply;
    }

    private void timeoutCheck(final long deadline)
    {
        if (System.nanoTime() - deadline > 0)
        {
            throw new IllegalStateException("no reply within " + TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms");
        }
    }

    private void onMessage(final DirectBuffer b, final int offset)
    {
        header.wrap(b, offset);
        if (Protocol.SCHEMA_ID != header.schemaId())
        {
            return;
        }
        final int at = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int bl = header.blockLength();
        final int v = header.version();
        switch (header.templateId())
        {
            case AdminAckDecoder.TEMPLATE_ID ->
            {
                if (new AdminAckDecoder().wrap(b, at, bl, v).correlationId() == awaited)
                {
                    reply = new Reply(true, 0, "");
                }
            }
            case AdminDoneDecoder.TEMPLATE_ID ->
            {
                final AdminDoneDecoder done = new AdminDoneDecoder().wrap(b, at, bl, v);
                if (done.correlationId() == awaited)
                {
                    doneCount = done.count();
                    reply = new Reply(true, 0, "");
                }
            }
            case RejectedDecoder.TEMPLATE_ID ->
            {
                final RejectedDecoder d = new RejectedDecoder().wrap(b, at, bl, v);
                final long correlation = d.correlationId();
                final int code = d.code();
                // a message refused before it was read (UNAUTHORISED, or invalid) is answered with correlation 0
                // and its template id: with one request in flight, that is the answer to it
                if (correlation == awaited || (0 == correlation && d.templateId() == awaitedTemplateId))
                {
                    reply = new Reply(false, code, d.text());
                }
            }
            case QueryPageDecoder.TEMPLATE_ID ->
            {
                final QueryPageDecoder d = new QueryPageDecoder().wrap(b, at, bl, v);
                if (d.correlationId() == awaited)
                {
                    final boolean more = d.more() == BooleanType.TRUE;
                    final long nextSeq = d.nextSeq();
                    final long oldestSeq = d.oldestSeq();
                    final long clusterTime = d.clusterTime();
                    page = new Page<>(List.of(), more, d.next(), nextSeq, oldestSeq, clusterTime);
                    reply = new Reply(true, 0, "");
                }
            }
            case ClusterSummaryDecoder.TEMPLATE_ID ->
            {
                final ClusterSummaryDecoder d = new ClusterSummaryDecoder().wrap(b, at, bl, v);
                if (d.correlationId() == awaited)
                {
                    clusterInfo = new ClusterInfo(d.clusterTime(), d.leadershipTermId(), d.workerCount(),
                        d.liveWorkerCount(), d.taskCount(), d.pendingCount(), d.stuckCount(), d.lastEpoch(),
                        d.nextHistorySeq(), d.oldestHistorySeq(), d.historyCapacity(), d.rejectedCount(), d.policy());
                    reply = new Reply(true, 0, "");
                }
            }
            case SettingsDecoder.TEMPLATE_ID ->
            {
                final SettingsDecoder d = new SettingsDecoder().wrap(b, at, bl, v);
                if (d.correlationId() == awaited)
                {
                    final Map<String, Long> values = new TreeMap<>();
                    values.put("gracePeriod", d.gracePeriod());
                    values.put("handoffTimeout", d.handoffTimeout());
                    values.put("rebalanceDelay", d.rebalanceDelay());
                    values.put("releaseBackoff", d.releaseBackoff());
                    values.put("maxMovesPerRound", (long)d.maxMovesPerRound());
                    values.put("historyCapacity", (long)d.historyCapacity());
                    values.put("maxWorkers", (long)d.maxWorkers());
                    values.put("maxTasks", (long)d.maxTasks());
                    final int version = d.policyVersion();
                    final long floor = d.epochFloor();
                    final long lastEpoch = d.lastEpoch();
                    final long changes = d.changes();
                    final long changedAt = d.changedAt();
                    settingsInfo = new SettingsInfo(d.policy(), version, java.util.Collections.unmodifiableMap(values),
                        floor, lastEpoch, changes, changedAt, d.changedBy());
                    reply = new Reply(true, 0, "");
                }
            }
            case WorkerRowDecoder.TEMPLATE_ID ->
            {
                final WorkerRowDecoder d = new WorkerRowDecoder().wrap(b, at, bl, v);
                if (d.correlationId() == awaited)
                {
                    final long incarnation = d.incarnation();
                    final int capacity = d.capacity();
                    final long load = d.load();
                    final int count = d.taskCount();
                    final String status = d.status().name();
                    final boolean detached = d.detached() == BooleanType.TRUE;
                    final long since = d.connectedSince();
                    final long heard = d.lastHeard();
                    final List<String> caps = new ArrayList<>();
                    for (final WorkerRowDecoder.CapabilitiesDecoder c : d.capabilities())
                    {
                        caps.add(c.capability());
                    }
                    workerRows.add(new WorkerRecord(d.name(), incarnation, List.copyOf(caps), capacity, load, count,
                        status, detached, since, heard));
                }
            }
            case TaskRowDecoder.TEMPLATE_ID ->
            {
                final TaskRowDecoder d = new TaskRowDecoder().wrap(b, at, bl, v);
                if (d.correlationId() == awaited)
                {
                    final long epoch = d.epoch();
                    final int weight = d.weight();
                    final String status = d.status().name();
                    final boolean stuck = d.stuck() == BooleanType.TRUE;
                    final boolean movable = d.movable() == BooleanType.TRUE;
                    final List<String> caps = new ArrayList<>();
                    for (final TaskRowDecoder.RequiredCapabilitiesDecoder c : d.requiredCapabilities())
                    {
                        caps.add(c.capability());
                    }
                    final String task = d.task();
                    final String owner = d.owner();
                    final String target = d.target();
                    taskRows.add(new TaskRecord(task, status, owner, target, epoch, weight, stuck, movable,
                        List.copyOf(caps), d.pendingReason()));
                }
            }
            case ExplainHeaderDecoder.TEMPLATE_ID ->
            {
                final ExplainHeaderDecoder d = new ExplainHeaderDecoder().wrap(b, at, bl, v);
                if (d.correlationId() == awaited)
                {
                    explainSince = d.since();
                    explainKept = d.transitionsKept();
                }
            }
            case HistoryRecordDecoder.TEMPLATE_ID ->
            {
                final HistoryRecordDecoder d = new HistoryRecordDecoder().wrap(b, at, bl, v);
                if (d.correlationId() == awaited)
                {
                    final long seq = d.seq();
                    final long time = d.time();
                    final long epoch = d.epoch();
                    final String from = d.fromStatus().name();
                    final String to = d.toStatus().name();
                    final String task = d.task();
                    final String worker = d.worker();
                    final String causeWorker = d.causeWorker();
                    final String cause = d.cause();
                    events.add(new HistoryEvent(seq, time, task, from, to, worker, epoch, causeWorker, cause,
                        d.operatorName()));
                }
            }
            case AssignmentInfoDecoder.TEMPLATE_ID ->
            {
                final AssignmentInfoDecoder d = new AssignmentInfoDecoder().wrap(b, at, bl, v);
                if (d.correlationId() == awaited)
                {
                    final long epoch = d.epoch();
                    final String status = d.status().name();
                    final boolean stuck = d.stuck() == BooleanType.TRUE;
                    assignments.add(new AssignmentRecord(d.task(), status, d.owner(), d.target(), epoch, stuck));
                }
            }
            case HistoryEntryDecoder.TEMPLATE_ID ->
            {
                final HistoryEntryDecoder d = new HistoryEntryDecoder().wrap(b, at, bl, v);
                if (d.correlationId() == awaited)
                {
                    final long time = d.time();
                    final long epoch = d.epoch();
                    final String from = d.fromStatus().name();
                    final String to = d.toStatus().name();
                    history.add(new HistoryRecord(time, d.task(), from, to, d.worker(), epoch, d.cause()));
                }
            }
            default ->
            {
            }
        }
    }

    private final class Listener implements EgressListener
    {
        public void onMessage(
            final long clusterSessionId,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final Header header)
        {
            AdminClient.this.onMessage(buffer, offset);
        }
    }
}
