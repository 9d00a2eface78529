package io.resilientgateways.examples.trading;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.ImageControlledFragmentAssembler;
import io.aeron.Publication;
import io.aeron.cluster.client.ClusterException;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.resilientgateways.aeron.service.BalancerServiceComponent;
import io.resilientgateways.aeron.service.BalancerServiceContext;
import io.resilientgateways.aeron.security.Principals;
import io.resilientgateways.core.Assignment;
import io.resilientgateways.core.Names;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskStatus;
import io.resilientgateways.examples.codecs.BookTradeDecoder;
import io.resilientgateways.examples.codecs.ConfirmationAckedDecoder;
import io.resilientgateways.examples.codecs.ConfirmationEncoder;
import io.resilientgateways.examples.codecs.DeskSnapshotBeginDecoder;
import io.resilientgateways.examples.codecs.DeskSnapshotBeginEncoder;
import io.resilientgateways.examples.codecs.DeskSnapshotChunkDecoder;
import io.resilientgateways.examples.codecs.DeskSnapshotChunkEncoder;
import io.resilientgateways.examples.codecs.MessageHeaderDecoder;
import io.resilientgateways.examples.codecs.MessageHeaderEncoder;
import io.resilientgateways.examples.codecs.PartyConnectedDecoder;
import io.resilientgateways.examples.codecs.TradeBookedEncoder;
import io.resilientgateways.examples.codecs.TradeRejectedEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The trading team's own clustered service: books trades and routes their confirmations, with the balancer
 * embedded (a {@link BalancerServiceComponent} deciding which gateway holds which party). Messages of the
 * balancer's schema go to the component; the trading schema (id 21064) is decoded here into {@link TradingDesk}
 * calls; confirmations go out through the component's per-session egress queue, in order with its directives.
 * <p>
 * Snapshot: the component's section first, then the desk's bytes ({@code DeskSnapshotBegin} and chunks).
 * Deterministic: the cluster's time and log only. Bad input is counted and, for trade entries, answered with
 * {@code TradeRejected}; no exception escapes for it.
 * <p>
 * Not thread-safe: the service container's thread; the counters are readable from any thread.
 */
public final class TradingClusteredService implements ClusteredService
{
    private static final Logger LOG = Logger.getLogger(TradingClusteredService.class.getName());
    /** Correlation id of the redelivery timer (the component's timers use ids far above). */
    public static final long REDELIVERY_TIMER_ID = 1;
    /** Default redelivery interval, milliseconds. */
    public static final long DEFAULT_REDELIVERY_INTERVAL_MS = 200;

    private static final int CHUNK_LENGTH = 4096;

    private final BalancerServiceComponent component;
    private final TradingDesk desk;
    private final long redeliveryIntervalMs;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer egressBuffer = new UnsafeBuffer(new byte[4096]);
    private final UnsafeBuffer snapshotBuffer = new UnsafeBuffer(new byte[CHUNK_LENGTH + 64]);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final BookTradeDecoder bookTrade = new BookTradeDecoder();
    private final PartyConnectedDecoder partyConnected = new PartyConnectedDecoder();
    private final ConfirmationAckedDecoder confirmationAcked = new ConfirmationAckedDecoder();
    private final ConfirmationEncoder confirmation = new ConfirmationEncoder();
    private final TradeBookedEncoder tradeBooked = new TradeBookedEncoder();
    private final TradeRejectedEncoder tradeRejected = new TradeRejectedEncoder();
    private final EgressOutbox outbox = new EgressOutbox();
    private Cluster cluster;
    private boolean timerScheduled;
    private volatile long malformed;
    private volatile long unauthorised;
    private volatile long foreign;
    private volatile byte[] lastDeskSnapshot;

    /**
     * @param balancerContext      the embedded balancer's settings (equal on every member).
     * @param redeliveryIntervalMs how often unacknowledged confirmations of connected parties are checked and sent
     *                             again (equal on every member).
     */
    public TradingClusteredService(final BalancerServiceContext balancerContext, final long redeliveryIntervalMs)
    {
        if (redeliveryIntervalMs <= 0)
        {
            throw new IllegalArgumentException("redeliveryIntervalMs must be > 0: " + redeliveryIntervalMs);
        }
        this.component = new BalancerServiceComponent(balancerContext);
        this.redeliveryIntervalMs = redeliveryIntervalMs;
        this.desk = new TradingDesk(new ComponentParties(), outbox);
    }

    /**
     * @return the desk (its counters are readable from any thread).
     */
    public TradingDesk desk()
    {
        return desk;
    }

    /**
     * @return the embedded balancer component.
     */
    public BalancerServiceComponent component()
    {
        return component;
    }

    /**
     * @return the desk bytes this member wrote into its last snapshot, or null (readable from any thread, for
     * comparing replicas).
     */
    public byte[] lastDeskSnapshot()
    {
        return lastDeskSnapshot;
    }

    /**
     * @return trading messages that failed to decode, since this process started.
     */
    public long malformedCount()
    {
        return malformed;
    }

    /**
     * @return trades refused because the sender may not book, since this process started.
     */
    public long unauthorisedCount()
    {
        return unauthorised;
    }

    /**
     * @return messages of neither schema, ignored, since this process started.
     */
    public long foreignCount()
    {
        return foreign;
    }

    /**
     * {@inheritDoc}
     */
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        component.onStart(cluster, snapshotImage);
        if (null != snapshotImage)
        {
            new DeskSnapshotLoader().load(snapshotImage, cluster.idleStrategy());
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
        component.onSessionOpen(session, timestamp);
        ensureTimer(timestamp);
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
        component.onSessionClose(session, timestamp, closeReason);
        ensureTimer(timestamp);
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionMessage(
        final ClientSession session,
        final long timestamp,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final Header header)
    {
        if (!component.onSessionMessage(session, timestamp, buffer, offset, length))
        {
            onTradingMessage(session, buffer, offset, length);
        }
        ensureTimer(timestamp);
    }

    /**
     * {@inheritDoc}
     */
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
        if (component.onTimerEvent(correlationId, timestamp))
        {
            return;
        }
        if (REDELIVERY_TIMER_ID == correlationId)
        {
            desk.onRedeliveryTick();
            scheduleRedelivery(timestamp);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        component.onTakeSnapshot(snapshotPublication);
        final byte[] bytes = desk.snapshot();
        lastDeskSnapshot = bytes;
        final DeskSnapshotBeginEncoder begin = new DeskSnapshotBeginEncoder();
        begin.wrapAndApplyHeader(snapshotBuffer, 0, headerEncoder)
            .formatVersion(TradingDesk.FORMAT_VERSION)
            .length(bytes.length)
            .timerScheduled(timerScheduled ? 1 : 0);
        offer(snapshotPublication, MessageHeaderEncoder.ENCODED_LENGTH + begin.encodedLength());
        final DeskSnapshotChunkEncoder chunk = new DeskSnapshotChunkEncoder();
        for (int at = 0; at < bytes.length; at += CHUNK_LENGTH)
        {
            chunk.wrapAndApplyHeader(snapshotBuffer, 0, headerEncoder)
                .putBytes(bytes, at, Math.min(CHUNK_LENGTH, bytes.length - at));
            offer(snapshotPublication, MessageHeaderEncoder.ENCODED_LENGTH + chunk.encodedLength());
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onRoleChange(final Cluster.Role newRole)
    {
        component.onRoleChange(newRole);
    }

    /**
     * {@inheritDoc}
     */
    public void onTerminate(final Cluster cluster)
    {
    }

    /**
     * {@inheritDoc}
     */
    public void onNewLeadershipTermEvent(
        final long leadershipTermId,
        final long logPosition,
        final long timestamp,
        final long termBaseLogPosition,
        final int leaderMemberId,
        final int logSessionId,
        final TimeUnit timeUnit,
        final int appVersion)
    {
        component.onNewLeadershipTermEvent(leadershipTermId, timestamp, timeUnit);
    }

    private void onTradingMessage(final ClientSession session, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            foreign++;
            return;
        }
        view.wrap(buffer, offset, length);
        header.wrap(view, 0);
        if (MessageHeaderDecoder.SCHEMA_ID != header.schemaId())
        {
            foreign++;
            return;
        }
        final int templateId = header.templateId();
        final int blockLength = header.blockLength();
        final int version = header.version();
        try
        {
            if (version < 1 || version > MessageHeaderDecoder.SCHEMA_VERSION)
            {
                malformed(session, templateId);
                return;
            }
            switch (templateId)
            {
                case BookTradeDecoder.TEMPLATE_ID -> onBookTrade(session, blockLength, version);
                case PartyConnectedDecoder.TEMPLATE_ID ->
                {
                    if (blockLength < PartyConnectedDecoder.BLOCK_LENGTH)
                    {
                        malformed(session, templateId);
                        return;
                    }
                    partyConnected.wrap(view, MessageHeaderDecoder.ENCODED_LENGTH, blockLength, version);
                    final long epoch = partyConnected.epoch();
                    final long lastSeq = partyConnected.lastSeq();
                    final String party = partyConnected.party();
                    final long bookedBefore = desk.book().lastBooked(party);
                    final long renumberedBefore = desk.renumbered();
                    if (desk.partyConnected(session.id(), party, epoch, lastSeq) && lastSeq > bookedBefore)
                    {
                        LOG.warning(party + ": the counterparty had accepted up to sequence " + lastSeq +
                            ", beyond the " + bookedBefore + " booked here (a wiped cluster): the sequence resumes" +
                            " after it, " + (desk.renumbered() - renumberedBefore) + " confirmation(s) renumbered");
                    }
                }
                case ConfirmationAckedDecoder.TEMPLATE_ID ->
                {
                    if (blockLength < ConfirmationAckedDecoder.BLOCK_LENGTH)
                    {
                        malformed(session, templateId);
                        return;
                    }
                    confirmationAcked.wrap(view, MessageHeaderDecoder.ENCODED_LENGTH, blockLength, version);
                    final long epoch = confirmationAcked.epoch();
                    final long seq = confirmationAcked.seq();
                    desk.confirmationAcked(session.id(), confirmationAcked.party(), epoch, seq);
                }
                default ->
                {
                    malformed++;
                    outbox.tradeRejected(session.id(), 0, TradingRejection.UNKNOWN_TEMPLATE,
                        "template " + templateId + " is not accepted");
                }
            }
        }
        catch (final IndexOutOfBoundsException ex)
        {
            malformed(session, templateId);
        }
    }

    private void onBookTrade(final ClientSession session, final int blockLength, final int version)
    {
        if (blockLength < BookTradeDecoder.BLOCK_LENGTH)
        {
            malformed(session, BookTradeDecoder.TEMPLATE_ID);
            return;
        }
        bookTrade.wrap(view, MessageHeaderDecoder.ENCODED_LENGTH, blockLength, version);
        final long tradeId = bookTrade.tradeId();
        final long quantity = bookTrade.quantity();
        final long price = bookTrade.priceMantissa();
        final String party = bookTrade.party();
        final String instrument = bookTrade.instrument();
        final byte[] principal = session.encodedPrincipal();
        if (!Principals.ADMIN.equals(Principals.role(principal)))
        {
            unauthorised++;
            outbox.tradeRejected(session.id(), tradeId, TradingRejection.UNAUTHORISED,
                "only admin principals may book trades");
            return;
        }
        desk.bookTrade(session.id(), Principals.name(principal), tradeId, quantity, price, party, instrument);
    }

    private void malformed(final ClientSession session, final int templateId)
    {
        malformed++;
        if (BookTradeDecoder.TEMPLATE_ID == templateId)
        {
            outbox.tradeRejected(session.id(), 0, TradingRejection.MALFORMED, "malformed BookTrade");
        }
    }

    private void ensureTimer(final long timestamp)
    {
        if (!timerScheduled)
        {
            timerScheduled = true;
            scheduleRedelivery(timestamp);
        }
    }

    /**
     * {@code scheduleTimer} returns false under back pressure; a timer never appended to the log would stop
     * redelivery on every replica for good, so retry until it is accepted.
     */
    private void scheduleRedelivery(final long timestamp)
    {
        final IdleStrategy idle = cluster.idleStrategy();
        idle.reset();
        while (!cluster.scheduleTimer(REDELIVERY_TIMER_ID, timestamp + interval()))
        {
            idle.idle();
        }
    }

    private long interval()
    {
        return cluster.timeUnit().convert(redeliveryIntervalMs, TimeUnit.MILLISECONDS);
    }

    private void offer(final ExclusivePublication publication, final int length)
    {
        final IdleStrategy idle = cluster.idleStrategy();
        idle.reset();
        while (true)
        {
            final long result = publication.offer(snapshotBuffer, 0, length);
            if (result > 0)
            {
                return;
            }
            if (Publication.CLOSED == result || Publication.MAX_POSITION_EXCEEDED == result ||
                Publication.NOT_CONNECTED == result)
            {
                throw new ClusterException("trading snapshot write failed: " + Publication.errorString(result));
            }
            idle.idle();
        }
    }

    private final class ComponentParties implements TradingDesk.Parties
    {

        public boolean exists(final String party)
        {
            return null != assignment(party);
        }

        public long liveEpoch(final String party)
        {
            final Assignment a = assignment(party);
            return null != a && (TaskStatus.OPENING == a.status() || TaskStatus.OPEN == a.status()) ? a.epoch() : 0;
        }

        public long holderSession(final String party)
        {
            final Assignment a = assignment(party);
            return null == a || null == a.owner() ? -1 : component.sessionOf(a.owner().name());
        }

        private Assignment assignment(final String party)
        {
            return null != Names.validate(party) ? null : component.balancer().assignment(TaskId.of(party));
        }
    }

    private final class EgressOutbox implements TradingDesk.Outbox
    {
        public void confirmation(
            final long sessionId, final long epoch, final long seq, final String party, final String text)
        {
            confirmation.wrapAndApplyHeader(egressBuffer, 0, headerEncoder)
                .epoch(epoch)
                .seq(seq)
                .party(party)
                .text(text);
            send(sessionId, confirmation.encodedLength());
        }

        public void tradeBooked(final long sessionId, final long tradeId, final long seq, final String party)
        {
            tradeBooked.wrapAndApplyHeader(egressBuffer, 0, headerEncoder).tradeId(tradeId).seq(seq).party(party);
            send(sessionId, tradeBooked.encodedLength());
        }

        public void tradeRejected(final long sessionId, final long tradeId, final int code, final String text)
        {
            tradeRejected.wrapAndApplyHeader(egressBuffer, 0, headerEncoder)
                .tradeId(tradeId)
                .code(code)
                .text(text.length() > 256 ? text.substring(0, 256) : text);
            send(sessionId, tradeRejected.encodedLength());
        }

        private void send(final long sessionId, final int bodyLength)
        {
            component.offer(cluster.getClientSession(sessionId), egressBuffer, 0,
                MessageHeaderEncoder.ENCODED_LENGTH + bodyLength);
        }
    }

    private final class DeskSnapshotLoader implements ControlledFragmentHandler
    {
        private final MessageHeaderDecoder snapshotHeader = new MessageHeaderDecoder();
        private final DeskSnapshotBeginDecoder begin = new DeskSnapshotBeginDecoder();
        private final DeskSnapshotChunkDecoder chunk = new DeskSnapshotChunkDecoder();
        private byte[] bytes;
        private int received;

        void load(final Image image, final IdleStrategy idle)
        {
            // the snapshot image hands over raw fragments: a chunk longer than the snapshot publication's MTU
            // arrives in pieces, reassembled here before onFragment sees it
            final ImageControlledFragmentAssembler assembler = new ImageControlledFragmentAssembler(this);
            while (null == bytes || received < bytes.length)
            {
                final int fragments = image.controlledPoll(assembler, 16);
                if (0 == fragments)
                {
                    if (image.isEndOfStream() || image.isClosed())
                    {
                        throw new ClusterException("snapshot ended before the trading desk's section");
                    }
                    idle.idle();
                }
            }
            desk.restore(bytes);
        }

        public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            if (null != bytes && received == bytes.length)
            {
                return Action.ABORT;
            }
            snapshotHeader.wrap(buffer, offset);
            if (MessageHeaderDecoder.SCHEMA_ID != snapshotHeader.schemaId())
            {
                return Action.CONTINUE;
            }
            final int at = offset + MessageHeaderDecoder.ENCODED_LENGTH;
            switch (snapshotHeader.templateId())
            {
                case DeskSnapshotBeginDecoder.TEMPLATE_ID ->
                {
                    begin.wrap(buffer, at, snapshotHeader.blockLength(), snapshotHeader.version());
                    if (TradingDesk.FORMAT_VERSION != begin.formatVersion())
                    {
                        throw new ClusterException("trading snapshot format " + begin.formatVersion());
                    }
                    bytes = new byte[begin.length()];
                    timerScheduled = 1 == begin.timerScheduled();
                }
                case DeskSnapshotChunkDecoder.TEMPLATE_ID ->
                {
                    chunk.wrap(buffer, at, snapshotHeader.blockLength(), snapshotHeader.version());
                    final int n = chunk.bytesLength();
                    chunk.getBytes(bytes, received, n);
                    received += n;
                }
                default -> throw new ClusterException("unknown template in trading snapshot: " +
                    snapshotHeader.templateId());
            }
            return null != bytes && received == bytes.length ? Action.BREAK : Action.CONTINUE;
        }
    }
}
