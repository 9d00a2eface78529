package io.resilientgateways.aeron.service;

import io.resilientgateways.aeron.protocol.AdapterRejection;
import io.resilientgateways.aeron.protocol.Protocol;
import io.resilientgateways.aeron.codecs.AddTaskDecoder;
import io.resilientgateways.aeron.codecs.DeregisterDecoder;
import io.resilientgateways.aeron.codecs.DrainWorkerDecoder;
import io.resilientgateways.aeron.codecs.HeartbeatDecoder;
import io.resilientgateways.aeron.codecs.MessageHeaderDecoder;
import io.resilientgateways.aeron.codecs.MoveTaskDecoder;
import io.resilientgateways.aeron.codecs.QueryAssignmentDecoder;
import io.resilientgateways.aeron.codecs.QueryHistoryDecoder;
import io.resilientgateways.aeron.codecs.RegisterDecoder;
import io.resilientgateways.aeron.codecs.RemoveTaskDecoder;
import io.resilientgateways.aeron.codecs.ResyncDecoder;
import io.resilientgateways.aeron.codecs.TaskClosedDecoder;
import io.resilientgateways.aeron.codecs.TaskOpenedDecoder;
import io.resilientgateways.aeron.codecs.TaskReleasedDecoder;
import io.resilientgateways.core.Names;
import io.resilientgateways.core.RejectionCode;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Decodes and validates one ingress message of our schema into an {@link IngressRequest}. Every read goes through a
 * bounds-checked view of exactly the message's bytes, so a truncated message or a length pointing past its end is
 * reported as {@link AdapterRejection#MALFORMED}, never read from a neighbour. Names are checked against
 * {@link Names} before any id is built from them.
 * <p>
 * Not thread-safe: one per service.
 */
final class IngressDecoder
{
    /** Returned by {@link #decode} for a message of another schema: not ours, leave it to the host service. */
    static final int NOT_OURS = -1;
    /** Returned by {@link #decode} for a valid message. */
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
    private final RemoveTaskDecoder removeTask = new RemoveTaskDecoder();
    private final DrainWorkerDecoder drainWorker = new DrainWorkerDecoder();
    private final MoveTaskDecoder moveTask = new MoveTaskDecoder();
    private final QueryAssignmentDecoder queryAssignment = new QueryAssignmentDecoder();
    private final QueryHistoryDecoder queryHistory = new QueryHistoryDecoder();
    private final IngressRequest request = new IngressRequest();
    private int failedTemplateId;

    /**
     * @return the request filled by the last successful {@link #decode}.
     */
    IngressRequest request()
    {
        return request;
    }

    /**
     * @return the template id of the last message, 0 if the header itself was unreadable.
     */
    int templateId()
    {
        return failedTemplateId;
    }

    /**
     * @param buffer holding the message.
     * @param offset where it starts.
     * @param length its length.
     * @return {@link #OK}, {@link #NOT_OURS}, an {@link AdapterRejection} code, or an engine
     * {@link RejectionCode#value()} for an invalid name.
     */
    int decode(final DirectBuffer buffer, final int offset, final int length)
    {
        failedTemplateId = 0;
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return length >= 6 && buffer.getShort(offset + 4, MessageHeaderDecoder.BYTE_ORDER) ==
                (short)Protocol.SCHEMA_ID ? AdapterRejection.MALFORMED : NOT_OURS;
        }
        view.wrap(buffer, offset, length);
        header.wrap(view, 0);
        if (header.schemaId() != Protocol.SCHEMA_ID)
        {
            return NOT_OURS;
        }
        final int templateId = header.templateId();
        failedTemplateId = templateId;
        if (header.version() < 1 || header.version() > Protocol.SCHEMA_VERSION)
        {
            return AdapterRejection.WRONG_SCHEMA_VERSION;
        }
        request.reset(templateId);
        try
        {
            return decodeBody(templateId, header.blockLength(), header.version());
        }
        catch (final IndexOutOfBoundsException ex)
        {
            return AdapterRejection.MALFORMED;
        }
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
            case TaskOpenedDecoder.TEMPLATE_ID ->
            {
                if (blockLength < TaskOpenedDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                final TaskOpenedDecoder d = taskOpened.wrap(view, at, blockLength, version);
                r.epoch = d.epoch();
                final int check = checkLength(d.taskLength());
                return OK != check ? check : checkName(r.task = d.task());
            }
            case TaskClosedDecoder.TEMPLATE_ID ->
            {
                if (blockLength < TaskClosedDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                final TaskClosedDecoder d = taskClosed.wrap(view, at, blockLength, version);
                r.epoch = d.epoch();
                final int check = checkLength(d.taskLength());
                return OK != check ? check : checkName(r.task = d.task());
            }
            case TaskReleasedDecoder.TEMPLATE_ID ->
            {
                if (blockLength < TaskReleasedDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                final TaskReleasedDecoder d = taskReleased.wrap(view, at, blockLength, version);
                r.epoch = d.epoch();
                final int check = checkLength(d.taskLength());
                return OK != check ? check : checkName(r.task = d.task());
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
            case HeartbeatDecoder.TEMPLATE_ID ->
            {
                if (blockLength < HeartbeatDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                final HeartbeatDecoder d = heartbeat.wrap(view, at, blockLength, version);
                r.correlationId = d.correlationId();
                r.sendTimeNs = d.sendTimeNs();
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
                return checkNames(r.task, r.capabilities);
            }
            case RemoveTaskDecoder.TEMPLATE_ID ->
            {
                if (blockLength < RemoveTaskDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                final RemoveTaskDecoder d = removeTask.wrap(view, at, blockLength, version);
                r.correlationId = d.correlationId();
                final int check = checkLength(d.taskLength());
                return OK != check ? check : checkName(r.task = d.task());
            }
            case DrainWorkerDecoder.TEMPLATE_ID ->
            {
                if (blockLength < DrainWorkerDecoder.BLOCK_LENGTH)
                {
                    return AdapterRejection.MALFORMED;
                }
                final DrainWorkerDecoder d = drainWorker.wrap(view, at, blockLength, version);
                r.correlationId = d.correlationId();
                final int check = checkLength(d.workerLength());
                return OK != check ? check : checkName(r.worker = d.worker());
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
                return OK != check ? check : checkName(r.worker = d.worker());
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
            default ->
            {
                return AdapterRejection.UNKNOWN_TEMPLATE;
            }
        }
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
