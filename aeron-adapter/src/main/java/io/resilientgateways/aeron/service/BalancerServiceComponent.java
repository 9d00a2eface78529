package io.resilientgateways.aeron.service;

import io.resilientgateways.aeron.protocol.AdapterRejection;
import io.resilientgateways.aeron.protocol.Protocol;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.resilientgateways.core.Assignment;
import io.resilientgateways.core.Balancer;
import io.resilientgateways.core.LeaveReason;
import io.resilientgateways.core.Result;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskStatus;
import io.resilientgateways.core.Transition;
import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.DirectiveSink;
import io.resilientgateways.core.spi.Timers;
import io.resilientgateways.aeron.codecs.AddTaskDecoder;
import io.resilientgateways.aeron.codecs.AddTasksDecoder;
import io.resilientgateways.aeron.codecs.ChangeSettingsDecoder;
import io.resilientgateways.aeron.codecs.QuerySettingsDecoder;
import io.resilientgateways.aeron.codecs.RaiseEpochFloorDecoder;
import io.resilientgateways.aeron.codecs.DeregisterDecoder;
import io.resilientgateways.aeron.codecs.DrainWorkerDecoder;
import io.resilientgateways.aeron.codecs.ExplainTaskDecoder;
import io.resilientgateways.aeron.codecs.QueryClusterDecoder;
import io.resilientgateways.aeron.codecs.QueryHistorySinceDecoder;
import io.resilientgateways.aeron.codecs.QueryTasksDecoder;
import io.resilientgateways.aeron.codecs.QueryWorkersDecoder;
import io.resilientgateways.aeron.codecs.MoveTaskDecoder;
import io.resilientgateways.aeron.codecs.QueryAssignmentDecoder;
import io.resilientgateways.aeron.codecs.QueryHistoryDecoder;
import io.resilientgateways.aeron.codecs.RegisterDecoder;
import io.resilientgateways.aeron.codecs.RemoveTaskDecoder;
import io.resilientgateways.aeron.codecs.ResyncDecoder;
import io.resilientgateways.aeron.codecs.TaskClosedDecoder;
import io.resilientgateways.aeron.codecs.TaskOpenedDecoder;
import io.resilientgateways.aeron.codecs.TaskReleasedDecoder;
import io.resilientgateways.aeron.security.Principals;
import io.resilientgateways.core.RejectionCode;
import io.resilientgateways.core.Names;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.IdleStrategy;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The balancer inside a clustered service, as a component a team's own {@code ClusteredService} delegates to, or
 * ready-made in {@link BalancerClusteredService}. Decodes our schema's ingress into {@link Balancer} inputs, sends
 * the engine's directives as egress, runs its timers on the cluster's timers, and snapshots everything.
 * <pre>{@code
 * public void onSessionMessage(ClientSession s, long t, DirectBuffer b, int o, int l, Header h)
 * {
 *     if (!balancer.onSessionMessage(s, t, b, o, l))
 *     {
 *         myOwnMessages.onMessage(s, t, b, o, l);   // another schema id: ours to ignore
 *     }
 * }
 * }</pre>
 * Worker identity is the registered name; sessions come and go under it. Every decision is a function of the log
 * (cluster time, sessions in log order, sorted maps), so every replica produces the same state and snapshot bytes.
 * Bad input is answered with {@code Rejected}, counted, and changes nothing; no exception escapes for it.
 * <p>
 * Not thread-safe: call it from the service's thread only, from the matching {@code ClusteredService} callbacks.
 */
public final class BalancerServiceComponent
{
    private static final byte[] NO_PRINCIPAL = new byte[0];

    private final BalancerServiceContext ctx;
    private final Ingress ingress = new Ingress();
    private final IngressAdapter adapter = new IngressAdapter(ingress);
    private final byte[] ackName = new byte[Names.MAX_LENGTH];
    private final Long2ObjectHashMap<SessionAuthorisation> authorisationBySession = new Long2ObjectHashMap<>();
    private final EgressPublisher publisher;
    private final EgressProxy egress;
    final WorkerBindings workersByName = new WorkerBindings();
    private final Long2ObjectHashMap<WorkerBinding> workersBySession = new Long2ObjectHashMap<>();
    private final ComponentSnapshot snapshot = new ComponentSnapshot(this);
    final AdminAudit audit = new AdminAudit();
    final ServiceSettings settings = new ServiceSettings();
    private final DirectiveSink sink = new Sink();
    private final Timers timers = new ClusterTimers();
    private final SettingsCommands settingsCommands;
    private final AdminQueries queries;
    private Cluster cluster;
    Balancer balancer;
    long termId = -1;
    long termStartTime;
    long timerCounter;
    private long rejectedCount;
    private long malformedCount;
    private long unauthorisedCount;
    private final long sessionTimeoutNs;
    private volatile long restoredSnapshotBytes = -1;
    private ServiceCounters counters;

    /**
     * @param ctx settings; concluded here.
     */
    public BalancerServiceComponent(final BalancerServiceContext ctx)
    {
        this.ctx = ctx.conclude();
        publisher = new EgressPublisher(ctx.maxQueuedEgressBytes());
        sessionTimeoutNs = TimeUnit.MILLISECONDS.toNanos(this.ctx.sessionTimeoutMs());
        egress = new EgressProxy(publisher);
        queries = new AdminQueries(egress, this::reject, audit);
        settingsCommands = new SettingsCommands(this.ctx, settings, sink, timers, egress, this::reject);
    }

    // ------------------------------------------------------------------------------------------- lifecycle

    /**
     * Start, restoring state from the snapshot if there is one. Call from {@code ClusteredService.onStart}, reading
     * the image in the same order the host wrote its own snapshot data around {@link #onTakeSnapshot}.
     *
     * @param cluster       the cluster.
     * @param snapshotImage the snapshot, or null for a fresh start.
     */
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        start(cluster, null == snapshotImage ? null : ComponentSnapshot.source(snapshotImage));
    }

    void start(final Cluster cluster, final ComponentSnapshot.Source snapshotSource)
    {
        this.cluster = cluster;
        if (null != cluster.aeron())
        {
            CloseHelper.quietClose(counters);
            counters = new ServiceCounters(cluster.aeron(), cluster.memberId());
        }
        if (null == snapshotSource)
        {
            balancer = new Balancer(ctx.balancerConfig(), ctx.policy(), sink, timers);
            settings.set(ctx.policy(), balancer.config());
            settings.epochFloor = 0;
            settings.changes = 0;
            settings.changedAt = -1;
            settings.changedBy = "";
        }
        else
        {
            final byte[] engineBytes = snapshot.load(snapshotSource, cluster.idleStrategy());
            restoredSnapshotBytes = engineBytes.length;
            balancer = settingsCommands.restore(engineBytes, snapshot.loadedSettings);
            for (final WorkerBinding binding : workersByName.values())
            {
                if (!binding.detached())
                {
                    workersBySession.put(binding.sessionId, binding);
                }
            }
        }
        if (ctx.epochFloor() > 0)
        {
            balancer.raiseEpochFloor(balancer.now(), ctx.epochFloor()); // same setting, same point, every replica
        }
        settings.epochFloor = Math.max(settings.epochFloor, ctx.epochFloor());
    }

    /**
     * Publish the counters ({@code protocol.CounterTypes}; AeronStat shows them). Call from
     * {@code ClusteredService.doBackgroundWork}; cheap when there is nothing to do.
     *
     * @param nowNs the container's nano time.
     * @return work done (0 or 1).
     */
    public int doBackgroundWork(final long nowNs)
    {
        if (null == counters || null == balancer)
        {
            return 0;
        }
        counters.counts(malformedCount, unauthorisedCount, droppedEgressCount());
        return counters.state(nowNs, balancer);
    }

    /**
     * Release the counters. Call from {@code ClusteredService.onTerminate}.
     */
    public void onTerminate()
    {
        CloseHelper.quietClose(counters);
        counters = null;
    }

    /**
     * Write this component's state. Call from {@code ClusteredService.onTakeSnapshot}.
     *
     * @param publication the snapshot publication.
     */
    public void onTakeSnapshot(final ExclusivePublication publication)
    {
        snapshot.write(publication, balancer.snapshot(), cluster.idleStrategy());
    }

    void takeSnapshot(final ComponentSnapshot.Target target)
    {
        snapshot.write(target, balancer.snapshot(), cluster.idleStrategy());
    }

    /**
     * Call from {@code ClusteredService.onNewLeadershipTermEvent}: the term and its start time decide whether a
     * session timeout right after a full restart detaches a worker rather than failing it over.
     *
     * @param leadershipTermId the new term.
     * @param timestamp        its start, in cluster time.
     * @param timeUnit         the cluster's time unit.
     */
    public void onNewLeadershipTermEvent(final long leadershipTermId, final long timestamp, final TimeUnit timeUnit)
    {
        termId = leadershipTermId;
        termStartTime = timestamp;
    }

    /**
     * Call from {@code ClusteredService.onRoleChange}: egress queued as leader is dropped on losing leadership
     * (gateways resync with the new leader).
     *
     * @param role the new role.
     */
    public void onRoleChange(final Cluster.Role role)
    {
        if (Cluster.Role.LEADER != role)
        {
            publisher.clear();
        }
    }

    // ------------------------------------------------------------------------------------------- sessions

    /**
     * Call from {@code ClusteredService.onSessionOpen}. A session speaks for a worker only once it registers.
     *
     * @param session   the session.
     * @param timestamp cluster time.
     */
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
        publisher.drain(cluster);
    }

    /**
     * Call from {@code ClusteredService.onSessionClose}. The worker bound to the session leaves: TIMEOUT is
     * {@link LeaveReason#SESSION_TIMEOUT}, anything else {@link LeaveReason#SESSION_CLOSED}; a worker that
     * deregistered left already. A session timed out by a full cluster restart (never heard from in the new term,
     * closed at its start) is detached instead: its worker keeps tasks and epochs for the restart reconnect window.
     *
     * @param session     the session.
     * @param timestamp   cluster time.
     * @param closeReason why.
     * @return true if the session was a registered worker's.
     */
    public boolean onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
        publisher.remove(session.id());
        authorisationBySession.remove(session.id());
        final WorkerBinding binding = workersBySession.remove(session.id());
        if (null == binding)
        {
            return false;
        }
        // from settings at the time of use, not from the term event: a node restored from a snapshot taken inside a
        // term replays that term's log without its start event and must decide session closes as the others did
        final long sessionTimeout = toClusterTime(ctx.sessionTimeoutMs());
        final long reconnectWindow = toClusterTime(ctx.restartReconnectWindowMs());
        if (CloseReason.TIMEOUT == closeReason && binding.lastHeardTerm < termId &&
            timestamp - termStartTime < sessionTimeout / 2 && reconnectWindow > 0)
        {
            binding.sessionId = WorkerBinding.DETACHED;
            balancer.workerDetached(timestamp, binding.id); // keeps its tasks and epochs, gets no new tasks
            binding.detachTimerId = ++timerCounter;
            scheduleTimer(adapterTimerId(binding.detachTimerId), timestamp + reconnectWindow);
            return true;
        }
        workersByName.remove(binding.name);
        balancer.workerLeft(timestamp, binding.id,
            CloseReason.TIMEOUT == closeReason ? LeaveReason.SESSION_TIMEOUT : LeaveReason.SESSION_CLOSED);
        return true;
    }

    /**
     * Call from {@code ClusteredService.onTimerEvent}.
     *
     * @param correlationId the timer.
     * @param timestamp     cluster time.
     * @return true if the timer was this component's (its id is in this component's range).
     */
    public boolean onTimerEvent(final long correlationId, final long timestamp)
    {
        final long offset = correlationId - ctx.timerIdBase();
        if (offset < 0 || offset >= BalancerServiceContext.TIMER_ID_RANGE)
        {
            return false;
        }
        publisher.drain(cluster);
        if (0 == (offset & 1))
        {
            balancer.onTimer(timestamp, offset >>> 1);
            return true;
        }
        final long id = offset >>> 1;
        for (final WorkerBinding binding : workersByName.values())
        {
            if (binding.detached() && binding.detachTimerId == id)
            {
                workersByName.remove(binding.name);
                balancer.workerLeft(timestamp, binding.id, LeaveReason.SESSION_TIMEOUT);
                break;
            }
        }
        return true;
    }

    /**
     * Call from {@code ClusteredService.onSessionMessage} for every message.
     *
     * @param session   the sender.
     * @param timestamp cluster time.
     * @param buffer    the message.
     * @param offset    where it starts.
     * @param length    its length.
     * @return true if it was of this component's schema (handled or rejected); false leaves it to the host.
     */
    public boolean onSessionMessage(
        final ClientSession session, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!IngressAdapter.isOurs(buffer, offset, length))
        {
            return false;
        }
        publisher.drain(cluster);
        final WorkerBinding binding = workersBySession.get(session.id());
        if (null != binding)
        {
            binding.lastHeardTerm = termId;
            binding.lastHeard = timestamp;
        }
        adapter.onMessage(session, timestamp, buffer, offset, length);
        return true;
    }

    /**
     * Send the host service's own egress (another schema) to a session through this component's per-session
     * queue: in order with the directives already sent to that session, and queued rather than lost under back
     * pressure (drained on later log events (at the latest the receiver's next heartbeat: Aeron 1.51 refuses
     * {@code ClientSession.offer} from {@code doBackgroundWork}); dropped alone and counted when it
     * would take the session's queue past {@code maxQueuedEgressBytes}, never making room by dropping directives;
     * dropped when the session goes). Like every egress, it is best effort across a leader change. On followers the offer is mocked
     * and succeeds, as for any egress, so the host's code runs the same on every replica.
     *
     * @param session the receiver; null is ignored.
     * @param buffer  the message.
     * @param offset  where it starts.
     * @param length  its length.
     */
    public void offer(final ClientSession session, final DirectBuffer buffer, final int offset, final int length)
    {
        publisher.send(session, buffer, offset, length, false);
    }

    // ------------------------------------------------------------------------------------------- queries

    /**
     * @return the engine, for read-only queries from the service thread (e.g. in tests or the host's own logic).
     */
    public Balancer balancer()
    {
        return balancer;
    }

    /**
     * @return messages of our schema rejected for any reason, since this process started (not replicated state).
     */
    public long rejectedCount()
    {
        return rejectedCount;
    }

    /**
     * @return messages of our schema that failed to decode or validate, since this process started.
     */
    public long malformedCount()
    {
        return malformedCount;
    }

    /**
     * @return messages refused by the authorisation service, since this process started.
     */
    public long unauthorisedCount()
    {
        return unauthorisedCount;
    }

    /**
     * @return egress messages dropped (queue overflow or a session gone), since this process started.
     */
    public long droppedEgressCount()
    {
        return publisher.dropped;
    }

    /**
     * @return the length of the engine state this component restored from a snapshot when it started, or -1 if it
     * started without one (a fresh cluster; every event then comes from the log). Safe to call from any thread.
     */
    public long restoredSnapshotBytes()
    {
        return restoredSnapshotBytes;
    }

    /**
     * @return the exact bytes this component wrote into the last snapshot it took, or null; safe to call from any
     * thread (for comparing replicas).
     */
    public byte[] lastSnapshotBytes()
    {
        return snapshot.lastWritten();
    }

    /**
     * @param workerName a worker.
     * @return the id of the session that speaks for it, or -1 if none (unknown or detached).
     */
    public long sessionOf(final String workerName)
    {
        final WorkerBinding binding = workersByName.get(workerName);
        return null == binding ? -1 : binding.sessionId;
    }

    // ------------------------------------------------------------------------------------------- internals

    private void onRequest(final ClientSession session, final long timestamp, final IngressRequest r)
    {
        final WorkerBinding binding = workersBySession.get(session.id());
        switch (r.templateId)
        {
            case RegisterDecoder.TEMPLATE_ID -> onRegister(session, timestamp, r);
            case DeregisterDecoder.TEMPLATE_ID -> onDeregister(session, timestamp, binding, r);
            case ResyncDecoder.TEMPLATE_ID ->
            {
                if (null == binding)
                {
                    reject(session, r.correlationId, AdapterRejection.NOT_REGISTERED, r.templateId, "not registered");
                }
                else
                {
                    if (null != counters)
                    {
                        counters.onResync();
                    }
                    pushAssignment(session, binding, r.correlationId);
                }
            }
            case AddTaskDecoder.TEMPLATE_ID ->
            {
                final long before = balancer.historySequence();
                final Result result = EngineInputs.addTask(balancer, timestamp, r.task, r.capabilities, r.number);
                adminReply(session, r, result, before);
            }
            case AddTasksDecoder.TEMPLATE_ID ->
            {
                final long before = balancer.historySequence();
                final int tasksBefore = balancer.taskCount();
                final Result result = EngineInputs.addTasks(balancer, timestamp, r.tasks, r.skipExisting);
                adminReply(session, r, result, before, balancer.taskCount() - tasksBefore);
            }
            case RemoveTaskDecoder.TEMPLATE_ID ->
            {
                final long before = balancer.historySequence();
                final Result result = balancer.removeTask(timestamp, TaskId.of(r.task));
                adminReply(session, r, result, before);
            }
            case DrainWorkerDecoder.TEMPLATE_ID ->
            {
                final long before = balancer.historySequence();
                adminReply(session, r, balancer.drainWorker(timestamp, WorkerId.of(r.worker)), before);
            }
            case MoveTaskDecoder.TEMPLATE_ID ->
            {
                final long before = balancer.historySequence();
                adminReply(session, r, balancer.moveTask(timestamp, TaskId.of(r.task), WorkerId.of(r.worker)), before);
            }
            case QueryAssignmentDecoder.TEMPLATE_ID -> onQueryAssignment(session, r);
            case QueryHistoryDecoder.TEMPLATE_ID -> onQueryHistory(session, r);
            case QueryWorkersDecoder.TEMPLATE_ID -> queries.workers(session, r, balancer, workersByName.view());
            case QueryTasksDecoder.TEMPLATE_ID -> queries.tasks(session, r, balancer);
            case ExplainTaskDecoder.TEMPLATE_ID -> queries.explain(session, r, balancer);
            case QueryHistorySinceDecoder.TEMPLATE_ID -> queries.historySince(session, r, balancer);
            case QueryClusterDecoder.TEMPLATE_ID ->
                queries.cluster(session, r, balancer, termId, settings.policy, rejectedCount);
            case ChangeSettingsDecoder.TEMPLATE_ID -> balancer = settingsCommands.change(session, timestamp, r, balancer);
            case RaiseEpochFloorDecoder.TEMPLATE_ID -> settingsCommands.raiseFloor(session, timestamp, r, balancer);
            case QuerySettingsDecoder.TEMPLATE_ID ->
                egress.settings(session, r.correlationId, settings, balancer.lastEpoch());
            default -> reject(session, r.correlationId, AdapterRejection.UNKNOWN_TEMPLATE, r.templateId, "unknown");
        }
    }

    private void onRegister(final ClientSession session, final long timestamp, final IngressRequest r)
    {
        if (!Principals.mayRegisterAs(principal(session), r.name))
        {
            unauthorisedCount++;
            reject(session, r.correlationId, AdapterRejection.UNAUTHORISED, r.templateId,
                "principal may not register as " + r.name);
            return;
        }
        if (Protocol.PROTOCOL_VERSION != r.protocolVersion)
        {
            reject(session, r.correlationId, AdapterRejection.UNSUPPORTED_PROTOCOL_VERSION, r.templateId,
                "protocol version " + r.protocolVersion + " unsupported, expected " + Protocol.PROTOCOL_VERSION);
            return;
        }
        final WorkerBinding own = workersBySession.get(session.id());
        if (null != own && !own.name.equals(r.name))
        {
            reject(session, r.correlationId, AdapterRejection.SESSION_ALREADY_REGISTERED, r.templateId,
                "session registered as " + own.name);
            return;
        }
        WorkerBinding binding = workersByName.get(r.name);
        if (null != binding)
        {
            if (binding.incarnation == r.incarnation)
            {
                resume(session, timestamp, binding, r, r.holdsTasks);
                return;
            }
            if (!binding.detached())
            {
                reject(session, r.correlationId, RejectionCode.DUPLICATE_WORKER.value(),
                    r.templateId, "worker " + r.name + " is registered by another live process");
                return;
            }
            // a new process under the name of a worker a full restart detached: it holds nothing of the old one's
            binding.incarnation = r.incarnation;
            binding.connectedSince = timestamp;
            resume(session, timestamp, binding, r, false);
            return;
        }
        // registered in the engine before the binding exists, so the directives it makes for this worker (pending
        // tasks placed on it) are not sent ahead of Registered, which a gateway waits for: they follow it, numbered
        final Result result = EngineInputs.registerWorker(balancer, timestamp, r.name, r.capabilities, r.number);
        if (!result.accepted())
        {
            reject(session, r.correlationId, result.code().value(), r.templateId, result.message());
            return;
        }
        binding = new WorkerBinding(r.name, session.id(), r.incarnation);
        binding.lastHeardTerm = termId;
        binding.connectedSince = timestamp;
        binding.lastHeard = timestamp;
        workersByName.put(r.name, binding);
        workersBySession.put(session.id(), binding);
        egress.registered(session, r.correlationId, binding.directiveSeq, false, r.sendTimeNs, sessionTimeoutNs);
        final List<Assignment> given = balancer.assignmentsOf(binding.id);
        for (int i = 0, n = given.size(); i < n; i++)
        {
            final Assignment a = given.get(i);
            final long seq = ++binding.directiveSeq;
            if (TaskStatus.CLOSING == a.status())
            {
                egress.close(session, seq, a.epoch(), Protocol.NO_TASK_HANDLE, a.task().name());
            }
            else
            {
                egress.open(session, seq, a.epoch(), Protocol.NO_TASK_HANDLE, a.task().name());
            }
        }
    }

    /**
     * The same worker speaks again, through this session. If the gateway still holds its tasks (its lease never
     * expired) they stay as they are, epochs included; if it holds nothing (it fenced, or is a new process after a
     * full restart) every task it owns is granted again under a new epoch, so it is never asked to present an epoch
     * it already closed. Either way the whole assignment is pushed, ended by {@code ResyncDone}.
     */
    private void resume(
        final ClientSession session, final long timestamp, final WorkerBinding binding, final IngressRequest r,
        final boolean holdsTasks)
    {
        final boolean wasDetached = binding.detached();
        if (binding.sessionId != session.id())
        {
            if (wasDetached)
            {
                cluster.cancelTimer(adapterTimerId(binding.detachTimerId));
                binding.detachTimerId = 0;
            }
            else
            {
                workersBySession.remove(binding.sessionId);
                if (null != cluster.getClientSession(binding.sessionId))
                {
                    cluster.closeClientSession(binding.sessionId);
                }
            }
            binding.sessionId = session.id();
            workersBySession.put(session.id(), binding);
        }
        binding.lastHeardTerm = termId;
        egress.registered(session, r.correlationId, binding.directiveSeq, true, r.sendTimeNs, sessionTimeoutNs);
        reattach(timestamp, binding, wasDetached, holdsTasks);
        pushAssignment(session, binding, r.correlationId);
    }

    private void onDeregister(
        final ClientSession session, final long timestamp, final WorkerBinding binding, final IngressRequest r)
    {
        if (null == binding)
        {
            reject(session, r.correlationId, AdapterRejection.NOT_REGISTERED, r.templateId, "not registered");
            return;
        }
        workersBySession.remove(session.id());
        workersByName.remove(binding.name);
        balancer.workerLeft(timestamp, binding.id, LeaveReason.DEREGISTERED);
        egress.adminAck(session, r.correlationId);
    }

    private void onAck(
        final ClientSession session,
        final long timestamp,
        final int templateId,
        final long epoch,
        final int handle,
        final DirectBuffer buffer,
        final int nameOffset,
        final int nameLength)
    {
        final WorkerBinding binding = workersBySession.get(session.id());
        TaskId task = null;
        if (nameLength > 0 && nameLength <= ackName.length)
        {
            buffer.getBytes(nameOffset, ackName, 0, nameLength);
            // the engine's own id, found by the echoed handle (checked against the name) or by the name's bytes
            task = balancer.taskId(handle, ackName, 0, nameLength);
        }
        if (null == task || null == binding)
        {
            final String name = buffer.getStringWithoutLengthAscii(nameOffset, nameLength);
            final RejectionCode invalid = Names.validate(name);
            if (null != invalid)
            {
                malformedCount++;
                reject(session, 0, invalid.value(), templateId, "invalid task name");
                return;
            }
            if (null == binding)
            {
                reject(session, 0, AdapterRejection.NOT_REGISTERED, templateId, "not registered: " + name);
                return;
            }
            task = TaskId.of(name);
        }
        final Result result = switch (templateId)
        {
            case TaskOpenedDecoder.TEMPLATE_ID -> balancer.taskOpened(timestamp, binding.id, task, epoch);
            case TaskClosedDecoder.TEMPLATE_ID -> balancer.taskClosed(timestamp, binding.id, task, epoch);
            default -> balancer.taskReleased(timestamp, binding.id, task, epoch);
        };
        if (!result.accepted())
        {
            reject(session, epoch, result.code().value(), templateId, result.message());
        }
    }

    private boolean isAuthorised(final ClientSession session, final int templateId)
    {
        if (templateId >= Long.SIZE)
        {
            return ctx.authorisationService().isAuthorised(Protocol.SCHEMA_ID, templateId, null, principal(session));
        }
        SessionAuthorisation auth = authorisationBySession.get(session.id());
        if (null == auth)
        {
            auth = new SessionAuthorisation();
            authorisationBySession.put(session.id(), auth);
        }
        final long bit = 1L << templateId;
        if (0 == (auth.asked & bit))
        {
            auth.asked |= bit;
            if (ctx.authorisationService().isAuthorised(Protocol.SCHEMA_ID, templateId, null, principal(session)))
            {
                auth.allowed |= bit;
            }
        }
        return 0 != (auth.allowed & bit);
    }

    /**
     * The authorisation service's answers for one session, asked once per template: the principal of a session
     * never changes, and the service must be a pure function of principal and template (as it must be anyway, for
     * every replica to decide alike).
     */
    private static final class SessionAuthorisation
    {
        long asked;
        long allowed;
    }

    private final class Ingress implements IngressHandler
    {
        public boolean isAuthorised(final ClientSession session, final int templateId)
        {
            return BalancerServiceComponent.this.isAuthorised(session, templateId);
        }

        public void onUnauthorised(final ClientSession session, final int templateId)
        {
            unauthorisedCount++;
            reject(session, 0, AdapterRejection.UNAUTHORISED, templateId,
                "principal may not send template " + templateId);
        }

        public void onInvalid(final ClientSession session, final int code, final int templateId)
        {
            malformedCount++;
            reject(session, 0, code, templateId, "invalid message");
        }

        public void onHeartbeat(
            final ClientSession session, final long timestamp, final long correlationId, final long sendTimeNs)
        {
            final WorkerBinding binding = workersBySession.get(session.id());
            egress.heartbeatReply(
                session, correlationId, sendTimeNs, null == binding ? -1 : binding.directiveSeq, timestamp);
        }

        public void onAck(
            final ClientSession session,
            final long timestamp,
            final int templateId,
            final long epoch,
            final int handle,
            final DirectBuffer buffer,
            final int nameOffset,
            final int nameLength)
        {
            BalancerServiceComponent.this.onAck(
                session, timestamp, templateId, epoch, handle, buffer, nameOffset, nameLength);
        }

        public void onRequest(final ClientSession session, final long timestamp, final IngressRequest request)
        {
            BalancerServiceComponent.this.onRequest(session, timestamp, request);
        }
    }

    private void reattach(
        final long timestamp, final WorkerBinding binding, final boolean wasDetached, final boolean holdsTasks)
    {
        if (holdsTasks && !wasDetached)
        {
            return; // a session switch within the gateway's lease: nothing changes
        }
        balancer.workerReattached(timestamp, binding.id, holdsTasks);
    }

    private void pushAssignment(final ClientSession session, final WorkerBinding binding, final long correlationId)
    {
        final List<Assignment> held = balancer.assignmentsOf(binding.id);
        for (int i = 0, n = held.size(); i < n; i++)
        {
            final Assignment a = held.get(i);
            if (TaskStatus.CLOSING == a.status())
            {
                egress.close(session, 0, a.epoch(), Protocol.NO_TASK_HANDLE, a.task().name());
            }
            else
            {
                egress.open(session, 0, a.epoch(), Protocol.NO_TASK_HANDLE, a.task().name());
            }
        }
        egress.resyncDone(session, correlationId, binding.directiveSeq, held.size());
    }

    private void adminReply(
        final ClientSession session, final IngressRequest r, final Result result, final long historyBefore)
    {
        adminReply(session, r, result, historyBefore, -1);
    }

    /**
     * @param count for a command whose answer counts (AddTasks: the tasks added), the count for its AdminDone; -1 for
     *              an AdminAck.
     */
    private void adminReply(
        final ClientSession session, final IngressRequest r, final Result result, final long historyBefore,
        final int count)
    {
        if (result.accepted())
        {
            audit.record(historyBefore, balancer.historySequence(), r.operator);
            if (count < 0)
            {
                egress.adminAck(session, r.correlationId);
            }
            else
            {
                egress.adminDone(session, r.correlationId, count);
            }
        }
        else
        {
            reject(session, r.correlationId, result.code().value(), r.templateId, result.message());
        }
    }

    private void onQueryAssignment(final ClientSession session, final IngressRequest r)
    {
        if (r.task.isEmpty())
        {
            final List<Assignment> all = balancer.assignments();
            for (int i = 0, n = all.size(); i < n; i++)
            {
                egress.assignment(session, r.correlationId, all.get(i));
            }
            egress.adminDone(session, r.correlationId, all.size());
            return;
        }
        final Assignment a = balancer.assignment(TaskId.of(r.task));
        if (null == a)
        {
            reject(session, r.correlationId, io.resilientgateways.core.RejectionCode.UNKNOWN_TASK.value(),
                r.templateId, "task " + r.task + " does not exist");
            return;
        }
        egress.assignment(session, r.correlationId, a);
        egress.adminDone(session, r.correlationId, 1);
    }

    private void onQueryHistory(final ClientSession session, final IngressRequest r)
    {
        final List<Transition> all = r.task.isEmpty() ? balancer.history() : balancer.history(TaskId.of(r.task));
        final int max = r.number <= 0 ? all.size() : Math.min(r.number, all.size());
        for (int i = all.size() - max, n = all.size(); i < n; i++)
        {
            egress.history(session, r.correlationId, all.get(i));
        }
        egress.adminDone(session, r.correlationId, max);
    }

    private void reject(
        final ClientSession session, final long correlationId, final int code, final int templateId, final String text)
    {
        rejectedCount++;
        if (null != counters)
        {
            counters.onRejected(code);
        }
        egress.rejected(session, correlationId, code, templateId, text);
    }

    private static byte[] principal(final ClientSession session)
    {
        final byte[] principal = session.encodedPrincipal();
        return null == principal ? NO_PRINCIPAL : principal;
    }

    private long engineTimerId(final long correlationId)
    {
        return ctx.timerIdBase() + (correlationId << 1);
    }

    private long adapterTimerId(final long id)
    {
        return ctx.timerIdBase() + (id << 1) + 1;
    }

    private final class Sink implements DirectiveSink
    {
        // a directive's task name, written by the engine (from the task's state for names up to 16 characters)
        private final byte[] name = new byte[Names.MAX_LENGTH];

        private int writeName(final TaskId task, final int handle)
        {
            final Balancer engine = balancer;
            if (null != engine) // any engine answers with this task's name: the handle is only a hint
            {
                return engine.taskName(task, handle, name, 0);
            }
            final String text = task.name(); // while the first engine is built (it sends nothing)
            for (int i = 0; i < text.length(); i++)
            {
                name[i] = (byte)text.charAt(i);
            }
            return text.length();
        }

        public void open(final WorkerId worker, final TaskId task, final long epoch)
        {
            open(worker, task, Protocol.NO_TASK_HANDLE, epoch);
        }

        public void close(final WorkerId worker, final TaskId task, final long epoch)
        {
            close(worker, task, Protocol.NO_TASK_HANDLE, epoch);
        }

        @Override
        public void open(final WorkerId worker, final TaskId task, final int handle, final long epoch)
        {
            final WorkerBinding binding = workersByName.forDirective(worker);
            if (null != binding)
            {
                final long seq = ++binding.directiveSeq;
                if (!binding.detached())
                {
                    final int length = writeName(task, handle);
                    egress.open(cluster.getClientSession(binding.sessionId), seq, epoch, handle, name, length);
                }
            }
        }

        @Override
        public void close(final WorkerId worker, final TaskId task, final int handle, final long epoch)
        {
            if (null != counters)
            {
                counters.onRevocation();
            }
            final WorkerBinding binding = workersByName.forDirective(worker);
            if (null != binding)
            {
                final long seq = ++binding.directiveSeq;
                if (!binding.detached())
                {
                    final int length = writeName(task, handle);
                    egress.close(cluster.getClientSession(binding.sessionId), seq, epoch, handle, name, length);
                }
            }
        }
    }

    private long toClusterTime(final long ms)
    {
        final TimeUnit unit = cluster.timeUnit();
        return (null == unit ? TimeUnit.MILLISECONDS : unit).convert(ms, TimeUnit.MILLISECONDS);
    }

    /**
     * {@code Cluster.scheduleTimer} returns false under back pressure; a timer that is never appended to the log would
     * silently never fire on any replica, so retry, as Aeron's own samples do. (A failed cancel is harmless: the
     * engine and this component ignore a timer they no longer know.)
     */
    private void scheduleTimer(final long correlationId, final long deadline)
    {
        final IdleStrategy idle = cluster.idleStrategy();
        idle.reset();
        while (!cluster.scheduleTimer(correlationId, deadline))
        {
            idle.idle();
        }
    }

    private final class ClusterTimers implements Timers
    {
        public void schedule(final long correlationId, final long deadline)
        {
            scheduleTimer(engineTimerId(correlationId), deadline);
        }

        public void cancel(final long correlationId)
        {
            cluster.cancelTimer(engineTimerId(correlationId));
        }
    }
}
