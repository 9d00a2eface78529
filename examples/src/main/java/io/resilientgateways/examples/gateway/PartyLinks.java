package io.resilientgateways.examples.gateway;

import io.resilientgateways.aeron.client.GatewayClient;
import io.resilientgateways.aeron.client.GatewayListener;
import io.resilientgateways.aeron.client.OpenCompletion;
import io.resilientgateways.examples.codecs.ConfirmationAckedEncoder;
import io.resilientgateways.examples.codecs.ConfirmationDecoder;
import io.resilientgateways.examples.codecs.MessageHeaderDecoder;
import io.resilientgateways.examples.codecs.MessageHeaderEncoder;
import io.resilientgateways.examples.codecs.PartyConnectedEncoder;
import io.resilientgateways.examples.counterparty.CounterpartyConnection;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An API gateway's user code: one TCP connection to the counterparty per party it holds.
 * <pre>
 *   Open(party, e)      connect, present e; the counterparty answers with the last sequence it accepted (L)
 *                       -> PartyConnected(party, e, L); the cluster sends every confirmation after L, in order
 *   Confirmation(e, s)  pass on only s == lastSent + 1 (repeats and jumps are dropped: the cluster re-sends;
 *                       a repeat of an acknowledged one means the cluster missed the ack: report it again)
 *   ACK s (TCP reader)  -> ConfirmationAcked(party, e, s), sent from the client thread's duty cycle
 *   Close(party, e)     close the connection before returning (the client then acknowledges the close)
 *   connection broken   close it and release the party (GatewayClient.release, from the duty cycle)
 * </pre>
 * Connects run on a connector thread of their own, never on the client's thread that keeps the lease: a burst of
 * opens to a slow counterparty (up to ~550 ms per party) delays no heartbeat. Each open answers its
 * {@link OpenCompletion} when done.
 * <p>
 * A party this gateway cannot keep is handed back to the cluster, which opens it on another gateway under a newer
 * epoch and does not give it back here for its release backoff:
 * <ul>
 *   <li>the counterparty refuses the epoch as stale (someone presented it or a newer one), the TCP connect fails
 *       three times, or the handshake fails after the epoch was sent (an answer slower than the handshake timeout):
 *       the open is refused, so the client releases the party. An attempt is retried only while the epoch cannot
 *       have reached the counterparty (the TCP connect failed): a retry under an epoch it may have seen would be
 *       refused as stale;</li>
 *   <li>an open connection breaks (the counterparty closed it, or a send failed): it cannot be reopened under the
 *       same epoch (the counterparty refuses equal epochs), so the duty cycle closes it and releases the party.</li>
 * </ul>
 * <p>
 * Prints one line per event ({@code OPENING party epoch=e} when the cluster's open reaches it, {@code OPEN party
 * epoch=e resumeAfter=L} once connected, {@code CLOSE}, {@code STALE},
 * {@code OPEN-FAILED}, {@code LOST}, {@code RELEASED}, {@code REGISTERED}, {@code FENCED}, and {@code SILENCE} when
 * the cluster was silent longer than ever before, e.g. during a leader election) for the demo to show.
 * <p>
 * Every method runs on the gateway client's thread, except the connects (on the connector thread, which installs a
 * link before it answers the open) and the acknowledgement callbacks of the connections, which only publish a
 * volatile number. {@link #close()} stops the connector.
 */
public final class PartyLinks implements GatewayListener, AutoCloseable
{
    /** Default wait for the counterparty's answer to a handshake; it runs off the lease thread, so it may be long. */
    public static final int DEFAULT_HANDSHAKE_TIMEOUT_MS = 1_000;

    private static final int OPEN_ATTEMPTS = 3;
    private static final long RETRY_PAUSE_NS = 50_000_000L;

    private final String gatewayName;
    private final InetSocketAddress counterparty;
    private final int connectTimeoutMs;
    private final int handshakeTimeoutMs;
    private final long leaseMs;
    private final PrintStream out;
    private final ConcurrentSkipListMap<String, Link> links = new ConcurrentSkipListMap<>();
    private final ExecutorService connector;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ConfirmationDecoder confirmation = new ConfirmationDecoder();
    private final PartyConnectedEncoder partyConnected = new PartyConnectedEncoder();
    private final ConfirmationAckedEncoder confirmationAcked = new ConfirmationAckedEncoder();
    private volatile GatewayClient client;
    private long silenceReportNs;
    private volatile long sent;
    private volatile long dropped;

    private static final class Link
    {
        final String party;
        final long epoch;
        CounterpartyConnection connection;
        long lastSent;
        volatile long acked;
        long reportedAck;
        boolean connectReported;
        boolean lost;

        Link(final String party, final long epoch)
        {
            this.party = party;
            this.epoch = epoch;
        }
    }

    /**
     * @param gatewayName      this gateway's worker name.
     * @param counterparty     where the counterparty listens.
     * @param connectTimeoutMs TCP connect timeout per attempt.
     * @param leaseMs          the client's lease, for the {@code SILENCE} lines.
     * @param out              where the event lines go.
     */
    public PartyLinks(
        final String gatewayName, final InetSocketAddress counterparty, final int connectTimeoutMs, final long leaseMs,
        final PrintStream out)
    {
        this(gatewayName, counterparty, connectTimeoutMs, DEFAULT_HANDSHAKE_TIMEOUT_MS, leaseMs, out);
    }

    /**
     * @param gatewayName        this gateway's worker name.
     * @param counterparty       where the counterparty listens.
     * @param connectTimeoutMs   TCP connect timeout per attempt.
     * @param handshakeTimeoutMs wait for the counterparty's answer once the epoch was sent; when it passes, the
     *                           party is released (never retried under the same epoch).
     * @param leaseMs            the client's lease, for the {@code SILENCE} lines.
     * @param out                where the event lines go.
     */
    public PartyLinks(
        final String gatewayName, final InetSocketAddress counterparty, final int connectTimeoutMs,
        final int handshakeTimeoutMs, final long leaseMs, final PrintStream out)
    {
        this.leaseMs = leaseMs;
        this.gatewayName = gatewayName;
        this.counterparty = counterparty;
        this.connectTimeoutMs = connectTimeoutMs;
        this.handshakeTimeoutMs = handshakeTimeoutMs;
        this.out = out;
        this.connector = Executors.newSingleThreadExecutor((r) ->
        {
            final Thread t = new Thread(r, "party-connector-" + gatewayName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param client          the client these links send through (set once it exists).
     * @param silenceReportNs print a {@code SILENCE} line whenever the client's longest silence without an answer
     *                        (see {@link GatewayClient#maxSilenceNs()}) reaches a new maximum above this.
     */
    public void client(final GatewayClient client, final long silenceReportNs)
    {
        this.silenceReportNs = silenceReportNs;
        this.client = client;
    }

    /**
     * @return confirmations passed to the counterparty.
     */
    public long sentCount()
    {
        return sent;
    }

    /**
     * @return confirmations dropped (repeats, jumps, or for a party not held under that epoch).
     */
    public long droppedCount()
    {
        return dropped;
    }

    /**
     * Starts the connect on the connector thread; a link this party still has (an older epoch) is closed first.
     * {@inheritDoc}
     */
    public void onOpen(final String party, final long epoch, final OpenCompletion done)
    {
        print("OPENING " + party + " epoch=" + epoch);
        final Link previous = links.remove(party);
        if (null != previous)
        {
            previous.connection.close();
        }
        try
        {
            connector.execute(() -> connect(party, epoch, done));
        }
        catch (final RejectedExecutionException ex)
        {
            done.refused("gateway stopping");
        }
    }

    private void connect(final String party, final long epoch, final OpenCompletion done)
    {
        final Link link = new Link(party, epoch);
        for (int attempt = 1; attempt <= OPEN_ATTEMPTS; attempt++)
        {
            try
            {
                link.connection = CounterpartyConnection.open(counterparty, party, epoch, gatewayName,
                    (seq) -> link.acked = seq, connectTimeoutMs, handshakeTimeoutMs);
                link.lastSent = link.connection.resumeAfter();
                link.acked = link.lastSent;
                link.reportedAck = link.lastSent;
                links.put(party, link);
                print("OPEN " + party + " epoch=" + epoch + " resumeAfter=" + link.lastSent);
                done.opened();
                return;
            }
            catch (final CounterpartyConnection.StaleEpochException ex)
            {
                print("STALE " + party + " epoch=" + epoch + " refused by the counterparty; released");
                done.refused(ex.getMessage());
                return;
            }
            catch (final CounterpartyConnection.EpochPresentedException ex)
            {
                print("OPEN-FAILED " + party + " epoch=" + epoch + " " + ex.getMessage() + "; released");
                done.refused(ex.getMessage());
                return;
            }
            catch (final IOException ex)
            {
                if (attempt == OPEN_ATTEMPTS)
                {
                    print("OPEN-FAILED " + party + " epoch=" + epoch + " " + ex.getMessage() + "; released");
                    done.refused(ex.getMessage());
                    return;
                }
                LockSupport.parkNanos(RETRY_PAUSE_NS);
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onClose(final String party, final long epoch)
    {
        final Link link = links.get(party);
        if (null != link && link.epoch == epoch && links.remove(party, link))
        {
            link.connection.close();
            print("CLOSE " + party + " epoch=" + epoch + " lastSent=" + link.lastSent);
        }
    }

    /**
     * Stop the connector thread (connects in progress finish or time out) and close every link.
     */
    public void close()
    {
        connector.shutdownNow();
        for (final Link link : links.values())
        {
            link.connection.close();
        }
        links.clear();
    }

    /**
     * {@inheritDoc}
     */
    public void onRegistered(final boolean resumed)
    {
        print("REGISTERED resumed=" + resumed);
    }

    /**
     * {@inheritDoc}
     */
    public void onFenced()
    {
        print("FENCED lease expired or connection lost; every party closed locally");
    }

    /**
     * {@inheritDoc}
     */
    public void onRejected(final int code, final int templateId, final String text)
    {
        print("REJECTED code=" + code + " template=" + templateId + " " + text);
    }

    /**
     * {@inheritDoc}
     */
    public void onApplicationMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        if (MessageHeaderDecoder.SCHEMA_ID != header.schemaId() ||
            ConfirmationDecoder.TEMPLATE_ID != header.templateId())
        {
            return;
        }
        confirmation.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final long epoch = confirmation.epoch();
        final long seq = confirmation.seq();
        final String party = confirmation.party();
        final Link link = links.get(party);
        if (null == link || link.epoch != epoch || link.lost || seq != link.lastSent + 1)
        {
            dropped++;
            if (null != link && link.epoch == epoch && seq <= link.reportedAck)
            {
                link.reportedAck = seq - 1;
            }
            return;
        }
        final String text = confirmation.text();
        try
        {
            link.connection.send(seq, text);
            link.lastSent = seq;
            sent++;
        }
        catch (final IOException ex)
        {
            lost(link);
        }
    }

    /**
     * {@inheritDoc}
     */
    public int onDutyCycle(final long nowNs)
    {
        final GatewayClient c = client;
        if (null == c)
        {
            return 0;
        }
        int work = 0;
        final long silenceNs = c.maxSilenceNs();
        if (silenceNs > silenceReportNs)
        {
            silenceReportNs = silenceNs;
            print("SILENCE " + TimeUnit.NANOSECONDS.toMillis(silenceNs) + " ms without an answer from the cluster " +
                "(longest so far; the lease fences at " + leaseMs + " ms)");
        }
        final Iterator<Map.Entry<String, Link>> it = links.entrySet().iterator();
        while (it.hasNext())
        {
            final Link link = it.next().getValue();
            if (link.lost)
            {
                if (c.release(link.party, link.epoch) > 0)
                {
                    links.remove(link.party, link);
                    link.connection.close();
                    print("RELEASED " + link.party + " epoch=" + link.epoch + " after losing its connection");
                    work++;
                }
                continue;
            }
            if (!link.connectReported)
            {
                partyConnected.wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .epoch(link.epoch)
                    .lastSeq(link.lastSent)
                    .party(link.party);
                if (c.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + partyConnected.encodedLength()) > 0)
                {
                    link.connectReported = true;
                    work++;
                }
                continue;
            }
            final long acked = link.acked;
            if (acked > link.reportedAck)
            {
                confirmationAcked.wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .epoch(link.epoch)
                    .seq(acked)
                    .party(link.party);
                if (c.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + confirmationAcked.encodedLength()) > 0)
                {
                    link.reportedAck = acked;
                    work++;
                }
            }
            if (!link.connection.isOpen())
            {
                lost(link);
            }
        }
        return work;
    }

    private void lost(final Link link)
    {
        link.lost = true;
        print("LOST " + link.party + " epoch=" + link.epoch + " the connection broke; releasing it");
    }

    private void print(final String line)
    {
        out.println(line);
    }
}
