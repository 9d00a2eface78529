package io.resilientgateways.aeron.service;

import io.resilientgateways.aeron.protocol.Protocol;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.ImageControlledFragmentAssembler;
import io.aeron.Publication;
import io.aeron.cluster.client.ClusterException;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.resilientgateways.aeron.codecs.MessageHeaderDecoder;
import io.resilientgateways.aeron.codecs.MessageHeaderEncoder;
import io.resilientgateways.aeron.codecs.SnapshotAdminActionDecoder;
import io.resilientgateways.aeron.codecs.SnapshotAdminActionEncoder;
import io.resilientgateways.aeron.codecs.SnapshotBeginDecoder;
import io.resilientgateways.aeron.codecs.SnapshotBeginEncoder;
import io.resilientgateways.aeron.codecs.SnapshotChunkDecoder;
import io.resilientgateways.aeron.codecs.SnapshotChunkEncoder;
import io.resilientgateways.aeron.codecs.SnapshotEndDecoder;
import io.resilientgateways.aeron.codecs.SnapshotEndEncoder;
import io.resilientgateways.aeron.codecs.SnapshotSettingsDecoder;
import io.resilientgateways.aeron.codecs.SnapshotSettingsEncoder;
import io.resilientgateways.aeron.codecs.SnapshotWorkerDecoder;
import io.resilientgateways.aeron.codecs.SnapshotWorkerEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The component's snapshot section: {@code SnapshotBegin} (format version, engine length, term, timer counter),
 * the engine's bytes in {@code SnapshotChunk}s, one {@code SnapshotWorker} per binding in name order, one
 * {@code SnapshotAdminAction} per remembered operator action (schema version 4; none in an older snapshot), one
 * {@code SnapshotSettings} (schema version 5: the policy, engine settings and epoch floor in force; none in an older
 * snapshot, which was taken under the nodes' configured settings), then {@code SnapshotEnd}. Loading stops right
 * after {@code SnapshotEnd}, leaving the rest of the image to the host.
 */
final class ComponentSnapshot implements ControlledFragmentHandler
{
    /**
     * Where a snapshot is read from: an Aeron {@code Image}, or bytes in a test.
     */
    interface Source
    {
        /**
         * @return fragments delivered to the handler.
         */
        int poll(ControlledFragmentHandler handler, int fragmentLimit);

        /**
         * @return true if nothing more will come.
         */
        boolean ended();
    }

    static final int CHUNK_LENGTH = 4096;

    private final BalancerServiceComponent component;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CHUNK_LENGTH + 256]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final SnapshotBeginEncoder beginEncoder = new SnapshotBeginEncoder();
    private final SnapshotChunkEncoder chunkEncoder = new SnapshotChunkEncoder();
    private final SnapshotWorkerEncoder workerEncoder = new SnapshotWorkerEncoder();
    private final SnapshotEndEncoder endEncoder = new SnapshotEndEncoder();
    private final SnapshotAdminActionEncoder actionEncoder = new SnapshotAdminActionEncoder();
    private final SnapshotAdminActionDecoder actionDecoder = new SnapshotAdminActionDecoder();
    private final SnapshotBeginDecoder beginDecoder = new SnapshotBeginDecoder();
    private final SnapshotChunkDecoder chunkDecoder = new SnapshotChunkDecoder();
    private final SnapshotWorkerDecoder workerDecoder = new SnapshotWorkerDecoder();
    private final SnapshotEndDecoder endDecoder = new SnapshotEndDecoder();
    private final SnapshotSettingsEncoder settingsEncoder = new SnapshotSettingsEncoder();
    private final SnapshotSettingsDecoder settingsDecoder = new SnapshotSettingsDecoder();
    private final ExpandableArrayBuffer written = new ExpandableArrayBuffer(CHUNK_LENGTH);
    private int writtenLength;
    private volatile byte[] lastWritten;
    private ExpandableArrayBuffer engineBytes;
    private int engineLength;
    private int received;
    private boolean begun;
    private boolean ended;
    /** The settings the loaded snapshot recorded, or null if it recorded none (written before schema version 5). */
    ServiceSettings loadedSettings;

    ComponentSnapshot(final BalancerServiceComponent component)
    {
        this.component = component;
    }

    byte[] lastWritten()
    {
        return lastWritten;
    }

    /**
     * Where a snapshot is written to: an {@code ExclusivePublication}'s offer, or a list in a test.
     */
    interface Target
    {
        /**
         * @return the new position (above 0), or a {@code Publication} code.
         */
        long offer(DirectBuffer buffer, int offset, int length);
    }

    void write(final ExclusivePublication publication, final byte[] engine, final IdleStrategy idle)
    {
        write((Target)publication::offer, engine, idle);
    }

    void write(final Target publication, final byte[] engine, final IdleStrategy idle)
    {
        writtenLength = 0;
        beginEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .formatVersion(Protocol.SNAPSHOT_FORMAT_VERSION)
            .engineLength(engine.length)
            .termId(component.termId)
            .termStartTime(component.termStartTime)
            .timerCounter(component.timerCounter);
        offer(publication, MessageHeaderEncoder.ENCODED_LENGTH + beginEncoder.encodedLength(), idle);
        for (int offset = 0; offset < engine.length; offset += CHUNK_LENGTH)
        {
            final int length = Math.min(CHUNK_LENGTH, engine.length - offset);
            chunkEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder).putBytes(engine, offset, length);
            offer(publication, MessageHeaderEncoder.ENCODED_LENGTH + chunkEncoder.encodedLength(), idle);
        }
        for (final WorkerBinding binding : component.workersByName.values())
        {
            workerEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                .sessionId(binding.sessionId)
                .incarnation(binding.incarnation)
                .directiveSeq(binding.directiveSeq)
                .lastHeardTerm(binding.lastHeardTerm)
                .detachTimerId(binding.detachTimerId)
                .connectedSince(binding.connectedSince)
                .lastHeard(binding.lastHeard)
                .name(binding.name);
            offer(publication, MessageHeaderEncoder.ENCODED_LENGTH + workerEncoder.encodedLength(), idle);
        }
        for (int i = 0, n = component.audit.size(); i < n; i++)
        {
            actionEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                .fromSeq(component.audit.fromSeq(i))
                .toSeq(component.audit.toSeq(i))
                .operatorName(component.audit.operator(i));
            offer(publication, MessageHeaderEncoder.ENCODED_LENGTH + actionEncoder.encodedLength(), idle);
        }
        final ServiceSettings settings = component.settings;
        settingsEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .policyVersion(settings.policyVersion)
            .gracePeriod(settings.values[ServiceSettings.GRACE_PERIOD])
            .handoffTimeout(settings.values[ServiceSettings.HANDOFF_TIMEOUT])
            .rebalanceDelay(settings.values[ServiceSettings.REBALANCE_DELAY])
            .releaseBackoff(settings.values[ServiceSettings.RELEASE_BACKOFF])
            .maxMovesPerRound((int)settings.values[ServiceSettings.MAX_MOVES_PER_ROUND])
            .historyCapacity((int)settings.values[ServiceSettings.HISTORY_CAPACITY])
            .maxWorkers((int)settings.values[ServiceSettings.MAX_WORKERS])
            .maxTasks((int)settings.values[ServiceSettings.MAX_TASKS])
            .epochFloor(settings.epochFloor)
            .changes(settings.changes)
            .changedAt(settings.changedAt)
            .policy(settings.policy)
            .changedBy(settings.changedBy);
        offer(publication, MessageHeaderEncoder.ENCODED_LENGTH + settingsEncoder.encodedLength(), idle);
        endEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder).workerCount(component.workersByName.size());
        offer(publication, MessageHeaderEncoder.ENCODED_LENGTH + endEncoder.encodedLength(), idle);
        final byte[] copy = new byte[writtenLength];
        written.getBytes(0, copy);
        lastWritten = copy;
    }

    /**
     * The snapshot image as the cluster hands it to {@code onStart}: raw fragments, so a message longer than the
     * snapshot publication's MTU (a {@code SnapshotChunk} of {@value #CHUNK_LENGTH} bytes, once the engine state is
     * over about 1.3 KB) arrives in pieces and is reassembled here before the handler sees it.
     */
    static Source source(final Image image)
    {
        return new Source()
        {
            private ControlledFragmentHandler handler;
            private ImageControlledFragmentAssembler assembler;

            public int poll(final ControlledFragmentHandler handler, final int fragmentLimit)
            {
                if (handler != this.handler)
                {
                    this.handler = handler;
                    assembler = new ImageControlledFragmentAssembler(handler);
                }
                return image.controlledPoll(assembler, fragmentLimit);
            }

            public boolean ended()
            {
                return image.isEndOfStream() || image.isClosed();
            }
        };
    }

    byte[] load(final Source source, final IdleStrategy idle)
    {
        begun = false;
        ended = false;
        received = 0;
        loadedSettings = null;
        while (!ended)
        {
            final int fragments = source.poll(this, 16);
            if (0 == fragments)
            {
                if (source.ended())
                {
                    throw new ClusterException("snapshot ended before the balancer's SnapshotEnd");
                }
                idle.idle();
            }
            else
            {
                idle.reset();
            }
        }
        if (received != engineLength)
        {
            throw new ClusterException("snapshot engine bytes: expected " + engineLength + ", got " + received);
        }
        final byte[] bytes = new byte[engineLength];
        engineBytes.getBytes(0, bytes);
        engineBytes = null;
        return bytes;
    }

    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (ended)
        {
            return Action.ABORT;
        }
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != Protocol.SCHEMA_ID)
        {
            if (begun)
            {
                throw new ClusterException("foreign message inside the balancer's snapshot section");
            }
            return Action.CONTINUE;
        }
        final int at = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        switch (headerDecoder.templateId())
        {
            case SnapshotBeginDecoder.TEMPLATE_ID ->
            {
                beginDecoder.wrap(buffer, at, blockLength, version);
                if (beginDecoder.formatVersion() != Protocol.SNAPSHOT_FORMAT_VERSION)
                {
                    throw new ClusterException("balancer snapshot format " + beginDecoder.formatVersion() +
                        " unsupported, expected " + Protocol.SNAPSHOT_FORMAT_VERSION);
                }
                engineLength = beginDecoder.engineLength();
                engineBytes = new ExpandableArrayBuffer(Math.max(engineLength, 1));
                component.termId = beginDecoder.termId();
                component.termStartTime = beginDecoder.termStartTime();
                component.timerCounter = beginDecoder.timerCounter();
                component.workersByName.clear();
                component.audit.clear();
                begun = true;
            }
            case SnapshotChunkDecoder.TEMPLATE_ID ->
            {
                chunkDecoder.wrap(buffer, at, blockLength, version);
                final int length2 = chunkDecoder.bytesLength();
                chunkDecoder.getBytes(engineBytes, received, length2);
                received += length2;
            }
            case SnapshotWorkerDecoder.TEMPLATE_ID ->
            {
                workerDecoder.wrap(buffer, at, blockLength, version);
                final long sessionId = workerDecoder.sessionId();
                final long incarnation = workerDecoder.incarnation();
                final long seq = workerDecoder.directiveSeq();
                final long lastHeardTerm = workerDecoder.lastHeardTerm();
                final long detachTimerId = workerDecoder.detachTimerId();
                // appended in schema version 4: an older snapshot reads the null value, kept as unknown
                final long since = version < 4 ? -1 : workerDecoder.connectedSince();
                final long heard = version < 4 ? -1 : workerDecoder.lastHeard();
                final WorkerBinding binding = new WorkerBinding(workerDecoder.name(), sessionId, incarnation);
                binding.directiveSeq = seq;
                binding.lastHeardTerm = lastHeardTerm;
                binding.detachTimerId = detachTimerId;
                binding.connectedSince = since;
                binding.lastHeard = heard;
                component.workersByName.put(binding.name, binding);
            }
            case SnapshotAdminActionDecoder.TEMPLATE_ID ->
            {
                actionDecoder.wrap(buffer, at, blockLength, version);
                final long from = actionDecoder.fromSeq();
                final long to = actionDecoder.toSeq();
                component.audit.record(from, to, actionDecoder.operatorName());
            }
            case SnapshotSettingsDecoder.TEMPLATE_ID ->
            {
                final SnapshotSettingsDecoder d = settingsDecoder.wrap(buffer, at, blockLength, version);
                final ServiceSettings settings = new ServiceSettings();
                settings.policyVersion = d.policyVersion();
                settings.values[ServiceSettings.GRACE_PERIOD] = d.gracePeriod();
                settings.values[ServiceSettings.HANDOFF_TIMEOUT] = d.handoffTimeout();
                settings.values[ServiceSettings.REBALANCE_DELAY] = d.rebalanceDelay();
                settings.values[ServiceSettings.RELEASE_BACKOFF] = d.releaseBackoff();
                settings.values[ServiceSettings.MAX_MOVES_PER_ROUND] = d.maxMovesPerRound();
                settings.values[ServiceSettings.HISTORY_CAPACITY] = d.historyCapacity();
                settings.values[ServiceSettings.MAX_WORKERS] = d.maxWorkers();
                settings.values[ServiceSettings.MAX_TASKS] = d.maxTasks();
                settings.epochFloor = d.epochFloor();
                settings.changes = d.changes();
                settings.changedAt = d.changedAt();
                settings.policy = d.policy();
                settings.changedBy = d.changedBy();
                loadedSettings = settings;
            }
            case SnapshotEndDecoder.TEMPLATE_ID ->
            {
                endDecoder.wrap(buffer, at, blockLength, version);
                if (endDecoder.workerCount() != component.workersByName.size())
                {
                    throw new ClusterException("balancer snapshot: expected " + endDecoder.workerCount() +
                        " workers, read " + component.workersByName.size());
                }
                ended = true;
                return Action.BREAK;
            }
            default -> throw new ClusterException("unknown template in balancer snapshot: " +
                headerDecoder.templateId());
        }
        return Action.CONTINUE;
    }

    private void offer(final Target publication, final int length, final IdleStrategy idle)
    {
        idle.reset();
        while (true)
        {
            final long result = publication.offer(buffer, 0, length);
            if (result > 0)
            {
                written.putBytes(writtenLength, buffer, 0, length);
                writtenLength += length;
                return;
            }
            if (Publication.CLOSED == result || Publication.MAX_POSITION_EXCEEDED == result ||
                Publication.NOT_CONNECTED == result)
            {
                throw new ClusterException("balancer snapshot write failed: " + Publication.errorString(result));
            }
            idle.idle();
        }
    }
}
