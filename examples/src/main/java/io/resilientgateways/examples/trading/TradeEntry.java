package io.resilientgateways.examples.trading;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.logbuffer.Header;
import io.resilientgateways.examples.codecs.BookTradeEncoder;
import io.resilientgateways.examples.codecs.MessageHeaderDecoder;
import io.resilientgateways.examples.codecs.MessageHeaderEncoder;
import io.resilientgateways.examples.codecs.TradeBookedDecoder;
import io.resilientgateways.examples.codecs.TradeRejectedDecoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A trade-entry client: books a steady stream of trades round-robin over the parties, on its own thread, and keeps
 * every trade until the cluster answers {@code TradeBooked}. Trade ids rise; after a new leader (or a reconnect)
 * every unanswered trade is sent again in order, and the service books each id once (a repeat is answered
 * {@code DUPLICATE_TRADE}), so no trade is lost or booked twice across a leader failover.
 * <p>
 * Thread-safe: {@link #stop()}, {@link #close()} and the counters may be called from any thread.
 */
public final class TradeEntry implements AutoCloseable
{
    private static final String[] INSTRUMENTS = {"EURUSD", "GBPUSD", "USDJPY", "AUDUSD"};

    private final Supplier<AeronCluster.Context> contextSupplier;
    private final List<String> parties;
    private final long intervalNs;
    private final TreeMap<Long, String> unanswered = new TreeMap<>();
    private final Map<String, Long> lastSeqByParty = new ConcurrentHashMap<>();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final BookTradeEncoder bookTrade = new BookTradeEncoder();
    private final TradeBookedDecoder tradeBooked = new TradeBookedDecoder();
    private final TradeRejectedDecoder tradeRejected = new TradeRejectedDecoder();
    private final Thread thread;
    private AeronCluster cluster;
    // Trade ids must rise across restarts of this client too: the desk books each id of a principal once and answers
    // a lower one DUPLICATE_TRADE. Start above anything an earlier process used (wall clock: this is a client).
    private long nextTradeId = System.currentTimeMillis() * 1_000;
    private long nextToSend = nextTradeId;
    private long nextTradeNs;
    private long lastSendNs;
    private volatile boolean entering = true;
    private volatile boolean running = true;
    private volatile long booked;
    private volatile long rejected;
    private volatile long resent;
    private volatile int pending;

    /**
     * @param contextSupplier a fresh cluster client context per connection (credentials of an admin principal).
     * @param parties         parties to book for, round-robin.
     * @param tradesPerSecond rate.
     */
    public TradeEntry(
        final Supplier<AeronCluster.Context> contextSupplier, final List<String> parties, final int tradesPerSecond)
    {
        this.contextSupplier = contextSupplier;
        this.parties = List.copyOf(parties);
        this.intervalNs = TimeUnit.SECONDS.toNanos(1) / tradesPerSecond;
        thread = new Thread(this::run, "trade-entry");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stop booking new trades; trades already entered are still sent until answered.
     */
    public void stop()
    {
        entering = false;
    }

    /**
     * Start booking new trades again after {@link #stop()}.
     */
    public void resume()
    {
        entering = true;
    }

    /**
     * @return trades the cluster answered as booked.
     */
    public long bookedCount()
    {
        return booked;
    }

    /**
     * @return trades refused (other than repeats).
     */
    public long rejectedCount()
    {
        return rejected;
    }

    /**
     * @return trades sent again after a leader change or reconnect.
     */
    public long resentCount()
    {
        return resent;
    }

    /**
     * @return trades entered but not answered yet.
     */
    public int pendingCount()
    {
        return pending;
    }

    /**
     * @return the highest confirmation sequence booked per party, as answered.
     */
    public Map<String, Long> lastSeqByParty()
    {
        return Map.copyOf(lastSeqByParty);
    }

    /**
     * Stop and disconnect.
     */
    public void close()
    {
        entering = false;
        running = false;
        try
        {
            thread.join(5_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void run()
    {
        try
        {
            while (running)
            {
                if (null == cluster || cluster.isClosed())
                {
                    connect();
                    continue;
                }
                int work = cluster.pollEgress();
                final long nowNs = System.nanoTime();
                if (entering && nowNs - nextTradeNs >= 0)
                {
                    final long tradeId = nextTradeId++;
                    unanswered.put(tradeId, parties.get((int)((tradeId - 1) % parties.size())));
                    nextTradeNs = (0 == nextTradeNs ? nowNs : nextTradeNs) + intervalNs;
                    work++;
                }
                work += send();
                pending = unanswered.size();
                if (nowNs - lastSendNs > TimeUnit.MILLISECONDS.toNanos(100))
                {
                    cluster.sendKeepAlive();
                    lastSendNs = nowNs;
                }
                if (0 == work)
                {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
        }
        finally
        {
            CloseHelper.quietClose(cluster);
        }
    }

    private void connect()
    {
        CloseHelper.quietClose(cluster);
        cluster = null;
        try
        {
            cluster = AeronCluster.connect(contextSupplier.get().egressListener(new Listener()));
            resendAll();
        }
        catch (final RuntimeException ex)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    private void resendAll()
    {
        if (!unanswered.isEmpty() && nextToSend > unanswered.firstKey())
        {
            resent += nextToSend - unanswered.firstKey();
            nextToSend = unanswered.firstKey();
        }
    }

    private int send()
    {
        int sentNow = 0;
        for (final Map.Entry<Long, String> e : unanswered.tailMap(nextToSend, true).entrySet())
        {
            final long tradeId = e.getKey();
            bookTrade.wrapAndApplyHeader(buffer, 0, headerEncoder)
                .tradeId(tradeId)
                .quantity(100 + tradeId % 900)
                .priceMantissa(10_000 + tradeId % 5_000)
                .party(e.getValue())
                .instrument(INSTRUMENTS[(int)(tradeId % INSTRUMENTS.length)]);
            if (cluster.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + bookTrade.encodedLength()) < 0)
            {
                break;
            }
            nextToSend = tradeId + 1;
            lastSendNs = System.nanoTime();
            sentNow++;
        }
        return sentNow;
    }

    private void onMessage(final DirectBuffer b, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return;
        }
        header.wrap(b, offset);
        if (MessageHeaderDecoder.SCHEMA_ID != header.schemaId())
        {
            return;
        }
        final int at = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (header.templateId())
        {
            case TradeBookedDecoder.TEMPLATE_ID ->
            {
                tradeBooked.wrap(b, at, header.blockLength(), header.version());
                final long tradeId = tradeBooked.tradeId();
                final long seq = tradeBooked.seq();
                final String party = tradeBooked.party();
                if (null != unanswered.remove(tradeId))
                {
                    booked++;
                    lastSeqByParty.merge(party, seq, Math::max);
                }
            }
            case TradeRejectedDecoder.TEMPLATE_ID ->
            {
                tradeRejected.wrap(b, at, header.blockLength(), header.version());
                final long tradeId = tradeRejected.tradeId();
                final int code = tradeRejected.code();
                if (null != unanswered.remove(tradeId))
                {
                    if (TradingRejection.DUPLICATE_TRADE == code)
                    {
                        booked++;
                    }
                    else
                    {
                        rejected++;
                        System.err.println("trade " + tradeId + " rejected: " + tradeRejected.text());
                    }
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
            TradeEntry.this.onMessage(buffer, offset, length);
        }

        public void onNewLeader(
            final long clusterSessionId,
            final long leadershipTermId,
            final int leaderMemberId,
            final String ingressEndpoints)
        {
            resendAll();
        }
    }
}
