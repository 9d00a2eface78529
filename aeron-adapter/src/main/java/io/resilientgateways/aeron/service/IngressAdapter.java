package io.resilientgateways.aeron.service;

import io.resilientgateways.aeron.protocol.AdapterRejection;
import io.resilientgateways.aeron.protocol.Protocol;
import io.resilientgateways.aeron.codecs.AddTaskDecoder;
import io.resilientgateways.aeron.codecs.AddTasksDecoder;
import io.resilientgateways.aeron.codecs.BooleanType;
import io.resilientgateways.aeron.codecs.ChangeSettingsDecoder;
import io.resilientgateways.aeron.codecs.QuerySettingsDecoder;
import io.resilientgateways.aeron.codecs.RaiseEpochFloorDecoder;
import io.resilientgateways.aeron.codecs.DeregisterDecoder;
import io.resilientgateways.aeron.codecs.DrainWorkerDecoder;
import io.resilientgateways.aeron.codecs.ExplainTaskDecoder;
import io.resilientgateways.aeron.codecs.HeartbeatDecoder;
import io.resilientgateways.aeron.codecs.MessageHeaderDecoder;
import io.resilientgateways.aeron.codecs.MoveTaskDecoder;
import io.resilientgateways.aeron.codecs.QueryAssignmentDecoder;
import io.resilientgateways.aeron.codecs.QueryClusterDecoder;
import io.resilientgateways.aeron.codecs.QueryHistoryDecoder;
import io.resilientgateways.aeron.codecs.QueryHistorySinceDecoder;
import io.resilientgateways.aeron.codecs.QueryTasksDecoder;
import io.resilientgateways.aeron.codecs.QueryWorkersDecoder;
import io.resilientgateways.aeron.codecs.RegisterDecoder;
import io.resilientgateways.aeron.codecs.RemoveTaskDecoder;
import io.resilientgateways.aeron.codecs.ResyncDecoder;
import io.resilientgateways.aeron.codecs.TaskClosedDecoder;
import io.resilientgateways.aeron.codecs.TaskOpenedDecoder;
import io.resilientgateways.aeron.codecs.TaskReleasedDecoder;
import io.resilientgateways.core.Names;
import io.resilientgateways.core.RejectionCode;
import io.aeron.cluster.service.ClientSession;
import io.resilientgateways.aeron.protocol.Templates;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The service's typed ingress adapter, in the style of Aeron's {@code ConsensusAdapter}: reads the SBE header of one
 * message, leaves other schemas to the host, refuses a template it does not know, asks the {@link IngressHandler}
 * whether the session may send this template <em>before</em> it reads any field, and only then decodes the body and
 * dispatches one typed call. The hot messages are decoded without allocating: a heartbeat's two numbers, and an
 * ack's epoch with the task name handed over as bytes (the component looks them up among the known tasks). Every
 * read goes through a bounds-checked view of exactly the message's bytes, so a truncated message or a length
 * pointing past its end is reported as {@link AdapterRejection#MALFORMED}, never read from a neighbour. Names of
 * the other messages are checked against {@link Names} before any id is built from them.
 * <p>
 * Not thread-safe: one per service.
 */
final class IngressAdapter
{
    /** Returned by {@link #onMessage} for a message of another schema: not ours, leave it to the host service. */
    static final int NOT_OURS = -1;
    /** Returned by {@link #onMessage} (and internally) for a valid message. */
    static final int OK = 0;

    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final RegisterDecoder register = new RegisterDecoder();
    private final DeregisterDecoder deregister = new DeregisterDecoder();
    private final TaskOpenedDecoder taskOpened = new TaskOpenedDecoder();
    private final TaskClosedDecoder taskClosed = new TaskClosedDecoder();
    private final TaskReleasedDecoder taskReleased = new TaskReleasedDecoder();
    private final ResyncDecoder resync = new ResyncDecoder();
    private final HeartbeatDecoder heartbeat = new HeartbeatDecoder();
    private final AddTaskDecoder addTask = new AddTaskDecoder();
    private final AddTasksDecoder addTasks = new AddTasksDecoder();
    private final RemoveTaskDecoder removeTask = new RemoveTaskDecoder();
    private final DrainWorkerDecoder drainWorker = new DrainWorkerDecoder();
    private final MoveTaskDecoder moveTask = new MoveTaskDecoder();
    private final QueryAssignmentDecoder queryAssignment = new QueryAssignmentDecoder();
    private final QueryHistoryDecoder queryHistory = new QueryHistoryDecoder();
    private final QueryWorkersDecoder queryWorkers = new QueryWorkersDecoder();
    private final QueryTasksDecoder queryTasks = new QueryTasksDecoder();
    private final ExplainTaskDecoder explainTask = new ExplainTaskDecoder();
    private final QueryHistorySinceDecoder queryHistorySince = new QueryHistorySinceDecoder();
    private final QueryClusterDecoder queryCluster = new QueryClusterDecoder();
    private final ChangeSettingsDecoder changeSettings = new ChangeSettingsDecoder();
    private final RaiseEpochFloorDecoder raiseEpochFloor = new RaiseEpochFloorDecoder();
    private final QuerySettingsDecoder querySettings = new QuerySettingsDecoder();
    private final IngressRequest request = new IngressRequest();
    private final IngressHandler handler;
    private ClientSession session;
    private long timestamp;

    IngressAdapter(final IngressHandler handler)
    {
        this.handler = handler;
    }

    /**
     * @param buffer holding a message.
     * @param offset where it starts.
     * @param length its length.
     * @return true if the message claims our schema (it may still be malformed).
     */
    static boolean isOurs(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= 6 &&
            buffer.getShort(offset + 4, MessageHeaderDecoder.BYTE_ORDER) == (short)Protocol.SCHEMA_ID;
    }

    /**
     * Decode one message and dispatch it to the handler (a typed call, or {@link IngressHandler#onInvalid}).
     *
     * @param session   the sender.
     * @param timestamp cluster time.
     * @param buffer    holding the message.
     * @param offset    where it starts.
     * @param length    its length.
     * @return {@link #NOT_OURS}, {@link #OK} when a typed call was made, or the rejection code reported to
     * {@link IngressHandler#onInvalid} ({@link AdapterRejection} or an engine {@link RejectionCode#value()}).
     */
    int onMessage(
        final ClientSession session, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!isOurs(buffer, offset, length))
        {
            return NOT_OURS;
        }
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return invalid(session, AdapterRejection.MALFORMED, 0);
        }
        view.wrap(buffer, offset, length);
        header.wrap(view, 0);
        final int templateId = header.templateId();
        if (!Templates.isIngress(templateId))
        {
            return invalid(session, AdapterRejection.UNKNOWN_TEMPLATE, templateId);
        }
        if (!handler.isAuthorised(session, templateId))
        {
            handler.onUnauthorised(session, templateId);
            return AdapterRejection.UNAUTHORISED;
        }
        final int version = header.version();
        if (version < 1 || version > Protocol.SCHEMA_VERSION)
        {
            return invalid(session, AdapterRejection.WRONG_SCHEMA_VERSION, templateId);
        }
        this.session = session;
        this.timestamp = timestamp;
        int result;
        try
        {
            result = decodeAndDispatch(templateId, header.blockLength(), version);
        }
        catch (final IndexOutOfBoundsException ex)
        {
            result = AdapterRejection.MALFORMED;
        }
        this.session = null;
        return OK == result ? OK : invalid(session, result, templateId);
    }

    private int invalid(final ClientSession session, final int code, final int templateId)
    {
        handler.onInvalid(session, code, templateId);
        return code;
    }

    private int decodeAndDispatch(final int templateId, final int blockLength, final int version)
    {
        final int at = MessageHeaderDecoder.ENCODED_LENGTH;
        switch (templateId)
        {
            case HeartbeatDecoder.TEMPLATE_ID ->
            {
                if (blockLength < HeartbeatDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                final HeartbeatDecoder d = heartbeat.wrap(view, at, blockLength, version);
                handler.onHeartbeat(session, timestamp, d.correlationId(), d.sendTimeNs());
                return OK;
            }
            case TaskOpenedDecoder.TEMPLATE_ID ->
            {
                if (blockLength < ackBlockLength(version))
                {
                    return AdapterRejection.MALFORMED;
                }
                final TaskOpenedDecoder d = taskOpened.wrap(view, at, blockLength, version);
                return ack(templateId, d.epoch(), d.taskHandle(), d.limit());
            }
            case TaskClosedDecoder.TEMPLATE_ID ->
            {
                if (blockLength < ackBlockLength(version))
                {
                    return AdapterRejection.MALFORMED;
                }
                final TaskClosedDecoder d = taskClosed.wrap(view, at, blockLength, version);
                return ack(templateId, d.epoch(), d.taskHandle(), d.limit());
            }
            case TaskReleasedDecoder.TEMPLATE_ID ->
            {
                if (blockLength < ackBlockLength(version))
                {
                    return AdapterRejection.MALFORMED;
                }
                final TaskReleasedDecoder d = taskReleased.wrap(view, at, blockLength, version);
                return ack(templateId, d.epoch(), d.taskHandle(), d.limit());
            }
            default ->
            {
                request.reset(templateId);
                final int result = decodeBody(templateId, blockLength, version);
                if (OK == result)
                {
                    handler.onRequest(session, timestamp, request);
                }
                return result;
            }
        }
    }

    /**
     * The fixed block an ack must have: the epoch, and from version 6 the echoed task handle (the same for the three
     * acks). A version-5 gateway's shorter block is whole for its version.
     */
    private static int ackBlockLength(final int version)
    {
        return version >= 6 ? TaskOpenedDecoder.BLOCK_LENGTH : Long.BYTES;
    }

    /**
     * An ack's body is its fixed block, then the task name as {@code uint16 length} and bytes: handed over in place.
     */
    private int ack(final int templateId, final long epoch, final int handle, final int nameLengthAt)
    {
        final int length = view.getShort(nameLengthAt, MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        final int check = checkLength(length);
        if (OK != check)
        {
            return check;
        }
        final int nameAt = nameLengthAt + Short.BYTES;
        view.boundsCheck(nameAt, length);
        handler.onAck(session, timestamp, templateId, epoch, handle, view, nameAt, length);
        return OK;
    }

    /**
     * @return the request filled by the last dispatched {@link IngressHandler#onRequest} (for tests).
     */
    IngressRequest request()
    {
        return request;
    }

    private int decodeBody(final int templateId, final int blockLength, final int version)
    {
        final int at = MessageHeaderDecoder.ENCODED_LENGTH;
        final IngressRequest r = request;
        switch (templateId)
        {
            case RegisterDecoder.TEMPLATE_ID ->
            {
                if (blockLength < RegisterDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                final RegisterDecoder d = register.wrap(view, at, blockLength, version);
                r.correlationId = d.correlationId();
                r.incarnation = d.incarnation();
                r.number = d.capacity();
                r.protocolVersion = d.protocolVersion();
                r.sendTimeNs = d.sendTimeNs();
                // the enum accessor throws on a value it does not know; before version 3 this reads the null value
                final short holds = d.holdsTasksRaw();
                if (BooleanType.TRUE.value() != holds && BooleanType.FALSE.value() != holds &&
                    BooleanType.NULL_VAL.value() != holds)
                {
                    return AdapterRejection.MALFORMED;
                }
                r.holdsTasks = BooleanType.TRUE.value() == holds;
                final RegisterDecoder.CapabilitiesDecoder caps = d.capabilities();
                if (caps.count() > Protocol.MAX_CAPABILITIES)
                {
                    return AdapterRejection.FIELD_TOO_LONG;
                }
                for (final RegisterDecoder.CapabilitiesDecoder cap : caps)
                {
                    final int check = checkLength(cap.capabilityLength());
                    if (OK != check)
                    {
                        return check;
                    }
                    r.capabilities.add(cap.capability());
                }
                final int check = checkLength(d.nameLength());
                if (OK != check)
                {
                    return check;
                }
                r.name = d.name();
                return checkNames(r.name, r.capabilities);
            }
            case DeregisterDecoder.TEMPLATE_ID ->
            {
                if (blockLength < DeregisterDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                r.correlationId = deregister.wrap(view, at, blockLength, version).correlationId();
                return OK;
            }
            case ResyncDecoder.TEMPLATE_ID ->
            {
                if (blockLength < ResyncDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                r.correlationId = resync.wrap(view, at, blockLength, version).correlationId();
                return OK;
            }
            case AddTaskDecoder.TEMPLATE_ID ->
            {
                if (blockLength < AddTaskDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                final AddTaskDecoder d = addTask.wrap(view, at, blockLength, version);
                r.correlationId = d.correlationId();
                r.number = d.weight();
                final AddTaskDecoder.RequiredCapabilitiesDecoder caps = d.requiredCapabilities();
                if (caps.count() > Protocol.MAX_CAPABILITIES)
                {
                    return AdapterRejection.FIELD_TOO_LONG;
                }
                for (final AddTaskDecoder.RequiredCapabilitiesDecoder cap : caps)
                {
                    final int check = checkLength(cap.capabilityLength());
                    if (OK != check)
                    {
                        return check;
                    }
                    r.capabilities.add(cap.capability());
                }
                final int check = checkLength(d.taskLength());
                if (OK != check)
                {
                    return check;
                }
                r.task = d.task();
                final int names = checkNames(r.task, r.capabilities);
                return OK != names ? names : operator(d.limit(), d::operatorNameLength, d::operatorName);
            }
            case AddTasksDecoder.TEMPLATE_ID ->
            {
                if (blockLength < AddTasksDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                final AddTasksDecoder d = addTasks.wrap(view, at, blockLength, version);
                r.correlationId = d.correlationId();
                final short skip = d.skipExistingRaw();
                if (!isBoolean(skip))
                {
                    return AdapterRejection.MALFORMED;
                }
                r.skipExisting = BooleanType.TRUE.value() == skip;
                final int check = decodeTasks(d.tasks(), r);
                return OK != check ? check : operator(d.limit(), d::operatorNameLength, d::operatorName);
            }
            case RemoveTaskDecoder.TEMPLATE_ID ->
            {
                if (blockLength < RemoveTaskDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                final RemoveTaskDecoder d = removeTask.wrap(view, at, blockLength, version);
                r.correlationId = d.correlationId();
                int check = checkLength(d.taskLength());
                if (OK != check || OK != (check = checkName(r.task = d.task())))
                {
                    return check;
                }
                return operator(d.limit(), d::operatorNameLength, d::operatorName);
            }
            case DrainWorkerDecoder.TEMPLATE_ID ->
            {
                if (blockLength < DrainWorkerDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                final DrainWorkerDecoder d = drainWorker.wrap(view, at, blockLength, version);
                r.correlationId = d.correlationId();
                int check = checkLength(d.workerLength());
                if (OK != check || OK != (check = checkName(r.worker = d.worker())))
                {
                    return check;
                }
                return operator(d.limit(), d::operatorNameLength, d::operatorName);
            }
            case MoveTaskDecoder.TEMPLATE_ID ->
            {
                if (blockLength < MoveTaskDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                final MoveTaskDecoder d = moveTask.wrap(view, at, blockLength, version);
                r.correlationId = d.correlationId();
                int check = checkLength(d.taskLength());
                if (OK != check || OK != (check = checkName(r.task = d.task())))
                {
                    return check;
                }
                check = checkLength(d.workerLength());
                if (OK != check || OK != (check = checkName(r.worker = d.worker())))
                {
                    return check;
                }
                return operator(d.limit(), d::operatorNameLength, d::operatorName);
            }
            case QueryAssignmentDecoder.TEMPLATE_ID ->
            {
                if (blockLength < QueryAssignmentDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                final QueryAssignmentDecoder d = queryAssignment.wrap(view, at, blockLength, version);
                r.correlationId = d.correlationId();
                final int check = checkLength(d.taskLength());
                return OK != check ? check : checkOptionalName(r.task = d.task());
            }
            case QueryHistoryDecoder.TEMPLATE_ID ->
            {
                if (blockLength < QueryHistoryDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                final QueryHistoryDecoder d = queryHistory.wrap(view, at, blockLength, version);
                r.correlationId = d.correlationId();
                r.number = d.maxEntries();
                final int check = checkLength(d.taskLength());
                return OK != check ? check : checkOptionalName(r.task = d.task());
            }
            case QueryWorkersDecoder.TEMPLATE_ID ->
            {
                if (blockLength < QueryWorkersDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                final QueryWorkersDecoder d = queryWorkers.wrap(view, at, blockLength, version);
                r.correlationId = d.correlationId();
                r.number = d.pageSize();
                final int check = checkLength(d.afterLength());
                return OK != check ? check : checkOptionalName(r.after = d.after());
            }
            case QueryTasksDecoder.TEMPLATE_ID ->
            {
                if (blockLength < QueryTasksDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                final QueryTasksDecoder d = queryTasks.wrap(view, at, blockLength, version);
                r.correlationId = d.correlationId();
                r.number = d.pageSize();
                r.status = d.status();
                final short stuck = d.stuckOnlyRaw();
                final short pending = d.pendingOnlyRaw();
                if (!isBoolean(stuck) || !isBoolean(pending))
                {
                    return AdapterRejection.MALFORMED;
                }
                r.stuckOnly = BooleanType.TRUE.value() == stuck;
                r.pendingOnly = BooleanType.TRUE.value() == pending;
                int check = checkLength(d.ownerLength());
                if (OK != check || OK != (check = checkOptionalName(r.worker = d.owner())))
                {
                    return check;
                }
                check = checkLength(d.reasonContainsLength());
                if (OK != check)
                {
                    return check;
                }
                r.text = d.reasonContains();
                check = checkLength(d.afterLength());
                return OK != check ? check : checkOptionalName(r.after = d.after());
            }
            case ExplainTaskDecoder.TEMPLATE_ID ->
            {
                if (blockLength < ExplainTaskDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                final ExplainTaskDecoder d = explainTask.wrap(view, at, blockLength, version);
                r.correlationId = d.correlationId();
                r.number = d.maxTransitions();
                final int check = checkLength(d.taskLength());
                return OK != check ? check : checkName(r.task = d.task());
            }
            case QueryHistorySinceDecoder.TEMPLATE_ID ->
            {
                if (blockLength < QueryHistorySinceDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                final QueryHistorySinceDecoder d = queryHistorySince.wrap(view, at, blockLength, version);
                r.correlationId = d.correlationId();
                r.seq = d.fromSeq();
                r.number = d.pageSize();
                int check = checkLength(d.taskLength());
                if (OK != check || OK != (check = checkOptionalName(r.task = d.task())))
                {
                    return check;
                }
                check = checkLength(d.workerLength());
                return OK != check ? check : checkOptionalName(r.worker = d.worker());
            }
            case QueryClusterDecoder.TEMPLATE_ID ->
            {
                if (blockLength < QueryClusterDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                r.correlationId = queryCluster.wrap(view, at, blockLength, version).correlationId();
                return OK;
            }
            case ChangeSettingsDecoder.TEMPLATE_ID ->
            {
                if (blockLength < ChangeSettingsDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                final ChangeSettingsDecoder d = changeSettings.wrap(view, at, blockLength, version);
                r.correlationId = d.correlationId();
                r.settings[ServiceSettings.GRACE_PERIOD] = d.gracePeriod();
                r.settings[ServiceSettings.HANDOFF_TIMEOUT] = d.handoffTimeout();
                r.settings[ServiceSettings.REBALANCE_DELAY] = d.rebalanceDelay();
                r.settings[ServiceSettings.RELEASE_BACKOFF] = d.releaseBackoff();
                r.settings[ServiceSettings.MAX_MOVES_PER_ROUND] = d.maxMovesPerRound();
                r.settings[ServiceSettings.HISTORY_CAPACITY] = d.historyCapacity();
                r.settings[ServiceSettings.MAX_WORKERS] = d.maxWorkers();
                r.settings[ServiceSettings.MAX_TASKS] = d.maxTasks();
                final int check = checkLength(d.policyLength());
                if (OK != check)
                {
                    return check;
                }
                r.name = d.policy();
                final int name = checkOptionalName(r.name);
                return OK != name ? name : operator(d.limit(), d::operatorNameLength, d::operatorName);
            }
            case RaiseEpochFloorDecoder.TEMPLATE_ID ->
            {
                if (blockLength < RaiseEpochFloorDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                final RaiseEpochFloorDecoder d = raiseEpochFloor.wrap(view, at, blockLength, version);
                r.correlationId = d.correlationId();
                r.epoch = d.floor();
                if (r.epoch < 0)
                {
                    return RejectionCode.INVALID_NUMBER.value();
                }
                return operator(d.limit(), d::operatorNameLength, d::operatorName);
            }
            case QuerySettingsDecoder.TEMPLATE_ID ->
            {
                if (blockLength < QuerySettingsDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                r.correlationId = querySettings.wrap(view, at, blockLength, version).correlationId();
                return OK;
            }
            default ->
            {
                return AdapterRejection.UNKNOWN_TEMPLATE;
            }
        }
    }

    /**
     * An {@code AddTasks} command's tasks: at most {@link Protocol#MAX_TASKS_PER_COMMAND}, each with at most
     * {@link Protocol#MAX_CAPABILITIES} capabilities and every name checked, so the component builds no id from an
     * unchecked name. The groups' entries are read in order, as SBE requires.
     */
    private int decodeTasks(final AddTasksDecoder.TasksDecoder tasks, final IngressRequest r)
    {
        if (tasks.count() > Protocol.MAX_TASKS_PER_COMMAND)
        {
            return AdapterRejection.FIELD_TOO_LONG;
        }
        if (tasks.actingBlockLength() < AddTasksDecoder.TasksDecoder.sbeBlockLength())
        {
            return AdapterRejection.MALFORMED;
        }
        for (final AddTasksDecoder.TasksDecoder t : tasks)
        {
            final int weight = t.weight();
            final AddTasksDecoder.TasksDecoder.RequiredCapabilitiesDecoder caps = t.requiredCapabilities();
            if (caps.count() > Protocol.MAX_CAPABILITIES)
            {
                return AdapterRejection.FIELD_TOO_LONG;
            }
            final java.util.List<String> requires = caps.count() == 0 ?
                java.util.List.of() : new java.util.ArrayList<>(caps.count());
            for (final AddTasksDecoder.TasksDecoder.RequiredCapabilitiesDecoder cap : caps)
            {
                final int check = checkLength(cap.capabilityLength());
                if (OK != check)
                {
                    return check;
                }
                requires.add(cap.capability());
            }
            final int check = checkLength(t.taskLength());
            if (OK != check)
            {
                return check;
            }
            final String task = t.task();
            final int names = checkNames(task, requires);
            if (OK != names)
            {
                return names;
            }
            r.tasks.add(new IngressRequest.BatchTask(task, weight, requires));
        }
        return OK;
    }

    /**
     * The operator name appended in version 4 (read last: it follows every other var field); empty before version 4,
     * and empty when a version-4 message ends before it (a client that encodes the older layout under the new
     * header), like any appended field an encoder left out.
     */
    private int operator(
        final int limit, final java.util.function.IntSupplier lengthOf, final java.util.function.Supplier<String> read)
    {
        if (limit >= view.capacity())
        {
            request.operator = "";
            return OK;
        }
        final int check = checkLength(lengthOf.getAsInt());
        if (OK != check)
        {
            return check;
        }
        final String name = read.get();
        request.operator = name;
        return checkOptionalName(name);
    }

    private static boolean isBoolean(final short raw)
    {
        return BooleanType.TRUE.value() == raw || BooleanType.FALSE.value() == raw;
    }

    private static int checkLength(final int length)
    {
        return length > Protocol.MAX_NAME_LENGTH ? AdapterRejection.FIELD_TOO_LONG : OK;
    }

    private static int checkName(final String name)
    {
        final RejectionCode code = Names.validate(name);
        return null == code ? OK : code.value();
    }

    private static int checkOptionalName(final String name)
    {
        return name.isEmpty() ? OK : checkName(name);
    }

    private static int checkNames(final String name, final java.util.List<String> names)
    {
        int check = checkName(name);
        for (int i = 0, n = names.size(); i < n && OK == check; i++)
        {
            check = checkName(names.get(i));
        }
        return check;
    }
}
