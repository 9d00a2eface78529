package io.resilientgateways.examples.trading;

import io.resilientgateways.core.Names;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The trading core's logic, free of Aeron so it can be tested alone: books trades into a {@link ConfirmationBook} and
 * routes each confirmation to the gateway that holds the party, under the epoch that gateway reported.
 * <pre>
 *   BookTrade ----------------> book.book(party) = seq --+--> Confirmation(epoch, seq) to the holder, if connected
 *   PartyConnected(e, last) --> book.acked(last) --------+--> Confirmation for every unacked seq > last, in order
 *                               (last above all booked: a wiped cluster; book.resumeAfter(last) renumbers first)
 *   ConfirmationAcked(e, seq) -> book.acked(seq)
 *   redelivery tick ----------> unacked for a whole tick? send them again to the holder (lost egress or a lost
 *                               report); the gateway passes on only the sequence the counterparty expects next
 * </pre>
 * A party is "connected" once the worker holding it (OPENING or OPEN under epoch {@code e}) reported
 * {@code PartyConnected(e)}. While a party is pending, closing, or newly assigned and not yet reported, its
 * confirmations wait in the book. Reports from a session that does not hold the party under that epoch change
 * nothing and are counted.
 * <p>
 * Deterministic: sorted maps, no clock but the cluster time handed in, same bytes on every replica. Not
 * thread-safe: the service thread only; the counters are readable from any thread.
 */
public final class TradingDesk
{
    /** Format of {@link #snapshot()}. */
    static final int FORMAT_VERSION = 1;
    /** Most confirmations (re)sent to a gateway in one go, per party. */
    static final int MAX_BURST = 1_024;
    /** Longest instrument name. */
    static final int MAX_INSTRUMENT_LENGTH = 16;

    /**
     * What the desk needs to know about the balancer's assignment.
     */
    public interface Parties
    {
        /**
         * @param party a party.
         * @return true if the balancer has it as a task.
         */
        boolean exists(String party);

        /**
         * @param party a party.
         * @return its epoch if it is OPENING or OPEN, else 0.
         */
        long liveEpoch(String party);

        /**
         * @param party a party.
         * @return the session of the worker holding it, or -1.
         */
        long holderSession(String party);
    }

    /**
     * Where the desk's egress goes.
     */
    public interface Outbox
    {
        /**
         * @param sessionId the holder's session.
         * @param epoch     the epoch it reported.
         * @param seq       the party's sequence number.
         * @param party     the party.
         * @param text      the confirmation.
         */
        void confirmation(long sessionId, long epoch, long seq, String party, String text);

        /**
         * @param sessionId the trade entry's session.
         * @param tradeId   its trade id.
         * @param seq       the confirmation's sequence number.
         * @param party     the party.
         */
        void tradeBooked(long sessionId, long tradeId, long seq, String party);

        /**
         * @param sessionId the sender.
         * @param tradeId   its trade id.
         * @param code      a {@link TradingRejection} code.
         * @param text      detail.
         */
        void tradeRejected(long sessionId, long tradeId, int code, String text);
    }

    private static final class Delivery
    {
        long epoch;
        long bookedAtTick;
    }

    private final Parties parties;
    private final Outbox outbox;
    private ConfirmationBook book = new ConfirmationBook();
    private final TreeMap<String, Delivery> deliveries = new TreeMap<>();
    private final TreeMap<String, Long> lastTradeIds = new TreeMap<>();
    private volatile long booked;
    private volatile long unacked;
    private volatile long staleReports;
    private volatile long rejectedReports;
    private volatile long redelivered;
    private volatile long resumedParties;
    private volatile long renumbered;

    /**
     * @param parties the balancer's view.
     * @param outbox  the egress.
     */
    public TradingDesk(final Parties parties, final Outbox outbox)
    {
        this.parties = parties;
        this.outbox = outbox;
    }

    /**
     * Book a trade from a trade entry.
     *
     * @param sessionId   the sender.
     * @param entry       the sender's name (its principal); trade ids rise per entry.
     * @param tradeId     the trade's id; an id not above the entry's last booked one is a duplicate.
     * @param quantity    how many, &gt; 0.
     * @param price       price in ten-thousandths.
     * @param party       the counterparty, a balancer task.
     * @param instrument  1-16 printable ASCII characters without spaces.
     * @return 0 if booked, else the {@link TradingRejection} code sent back.
     */
    public int bookTrade(
        final long sessionId,
        final String entry,
        final long tradeId,
        final long quantity,
        final long price,
        final String party,
        final String instrument)
    {
        final int code;
        if (null != Names.validate(party) || !parties.exists(party))
        {
            code = TradingRejection.UNKNOWN_PARTY;
        }
        else if (quantity <= 0 || price <= 0 || !validInstrument(instrument))
        {
            code = TradingRejection.INVALID_TRADE;
        }
        else if (tradeId <= lastTradeIds.getOrDefault(entry, 0L))
        {
            code = TradingRejection.DUPLICATE_TRADE;
        }
        else
        {
            code = 0;
        }
        if (0 != code)
        {
            outbox.tradeRejected(sessionId, tradeId, code, TradingRejection.describe(code) + ": trade " + tradeId);
            return code;
        }
        lastTradeIds.put(entry, tradeId);
        final String text = confirmationText(tradeId, quantity, price, instrument);
        final long seq = book.book(party, text);
        booked++;
        unacked++;
        outbox.tradeBooked(sessionId, tradeId, seq, party);
        final Delivery delivery = deliveries.computeIfAbsent(party, (k) -> new Delivery());
        if (isLive(party, delivery.epoch))
        {
            outbox.confirmation(parties.holderSession(party), delivery.epoch, seq, party, text);
        }
        return 0;
    }

    /**
     * The holder connected to the counterparty under {@code epoch}; the counterparty had accepted up to
     * {@code lastSeq}. Everything up to it is acknowledged; the rest is sent in order. A counterparty that accepted
     * more than this desk ever booked for the party kept its state across a wipe of the cluster: the party's
     * sequence resumes after the counterparty's ({@link ConfirmationBook#resumeAfter(String, long)}), so the
     * confirmations booked since the wipe are numbered again and none is refused as a repeat; the sequence a
     * {@code TradeBooked} reported for them before this handshake no longer holds.
     *
     * @param sessionId the sender.
     * @param party     the party.
     * @param epoch     the epoch it presented.
     * @param lastSeq   the counterparty's last accepted sequence.
     * @return true if accepted; false (counted) from a session not holding the party under that epoch, or for a
     * negative sequence.
     */
    public boolean partyConnected(final long sessionId, final String party, final long epoch, final long lastSeq)
    {
        if (!holds(sessionId, party, epoch))
        {
            staleReports++;
            return false;
        }
        if (lastSeq < 0)
        {
            rejectedReports++;
            return false;
        }
        if (lastSeq > book.lastBooked(party))
        {
            renumbered += book.resumeAfter(party, lastSeq);
            resumedParties++;
        }
        ack(party, lastSeq);
        final Delivery delivery = deliveries.computeIfAbsent(party, (k) -> new Delivery());
        delivery.epoch = epoch;
        delivery.bookedAtTick = book.lastBooked(party);
        send(sessionId, party, epoch, Math.max(lastSeq, book.lastAcked(party)));
        return true;
    }

    /**
     * The counterparty acknowledged the party's confirmations up to {@code seq}.
     *
     * @param sessionId the sender.
     * @param party     the party.
     * @param epoch     the epoch it holds the party under.
     * @param seq       highest acknowledged.
     * @return true if accepted (also when old news); false (counted) from a session not holding the party under
     * that epoch, or for a sequence never booked.
     */
    public boolean confirmationAcked(final long sessionId, final String party, final long epoch, final long seq)
    {
        if (!holds(sessionId, party, epoch))
        {
            staleReports++;
            return false;
        }
        if (seq < 0 || seq > book.lastBooked(party))
        {
            rejectedReports++;
            return false;
        }
        ack(party, seq);
        return true;
    }

    /**
     * The redelivery timer: confirmations that stayed unacknowledged for a whole interval, of a party held OPENING or
     * OPEN, are sent again to its holder under the current epoch, from the first unacknowledged one. This repairs
     * egress lost in a leader change or dropped under back pressure, and a lost {@code PartyConnected} or
     * {@code ConfirmationAcked}. The gateway passes on only the sequence the counterparty expects next (and reports
     * its acks again when it sees a repeat), so repeats never reach the counterparty.
     */
    public void onRedeliveryTick()
    {
        for (final Map.Entry<String, Delivery> e : deliveries.entrySet())
        {
            final String party = e.getKey();
            final Delivery delivery = e.getValue();
            final long epoch = parties.liveEpoch(party);
            final long session = parties.holderSession(party);
            final long lastAcked = book.lastAcked(party);
            if (epoch > 0 && session >= 0 && lastAcked < delivery.bookedAtTick)
            {
                redelivered += send(session, party, epoch, lastAcked);
            }
            delivery.bookedAtTick = book.lastBooked(party);
        }
    }

    /**
     * @return confirmations booked since this process started or restored (readable from any thread).
     */
    public long bookedCount()
    {
        return booked;
    }

    /**
     * @return confirmations not yet acknowledged by the counterparty (readable from any thread).
     */
    public long unackedCount()
    {
        return unacked;
    }

    /**
     * @return party reports ignored because the sender did not hold the party under that epoch.
     */
    public long staleReports()
    {
        return staleReports;
    }

    /**
     * @return party reports ignored for an impossible sequence number.
     */
    public long rejectedReports()
    {
        return rejectedReports;
    }

    /**
     * @return confirmations sent again by the redelivery timer.
     */
    public long redelivered()
    {
        return redelivered;
    }

    /**
     * @return handshakes in which the counterparty had accepted more than this desk ever booked for the party (a
     * wiped cluster): the party's sequence resumed after the counterparty's (see
     * {@link ConfirmationBook#resumeAfter(String, long)}).
     */
    public long resumedParties()
    {
        return resumedParties;
    }

    /**
     * @return confirmations booked before such a handshake and numbered again after the counterparty's sequence.
     */
    public long renumbered()
    {
        return renumbered;
    }

    /**
     * @return the book (read only).
     */
    public ConfirmationBook book()
    {
        return book;
    }

    /**
     * @return the desk's state as bytes; equal desks give equal bytes.
     */
    public byte[] snapshot()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            out.writeInt(FORMAT_VERSION);
            final byte[] bookBytes = book.snapshot();
            out.writeInt(bookBytes.length);
            out.write(bookBytes);
            out.writeInt(deliveries.size());
            for (final Map.Entry<String, Delivery> e : deliveries.entrySet())
            {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue().epoch);
                out.writeLong(e.getValue().bookedAtTick);
            }
            out.writeInt(lastTradeIds.size());
            for (final Map.Entry<String, Long> e : lastTradeIds.entrySet())
            {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
            out.writeLong(booked);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    /**
     * Replace the state with a snapshot's.
     *
     * @param snapshot bytes from {@link #snapshot()}.
     * @throws IllegalStateException if they are not a desk snapshot of this format.
     */
    public void restore(final byte[] snapshot)
    {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot)))
        {
            final int version = in.readInt();
            if (version != FORMAT_VERSION)
            {
                throw new IllegalStateException("trading desk snapshot format " + version + " unsupported");
            }
            final byte[] bookBytes = new byte[in.readInt()];
            in.readFully(bookBytes);
            book = ConfirmationBook.restore(bookBytes);
            deliveries.clear();
            for (int i = 0, n = in.readInt(); i < n; i++)
            {
                final Delivery delivery = new Delivery();
                final String party = in.readUTF();
                delivery.epoch = in.readLong();
                delivery.bookedAtTick = in.readLong();
                deliveries.put(party, delivery);
            }
            lastTradeIds.clear();
            for (int i = 0, n = in.readInt(); i < n; i++)
            {
                final String entry = in.readUTF();
                lastTradeIds.put(entry, in.readLong());
            }
            booked = in.readLong();
            unacked = book.unackedCount();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("corrupt trading desk snapshot", ex);
        }
    }

    /**
     * @param tradeId    the trade.
     * @param quantity   how many.
     * @param price      in ten-thousandths.
     * @param instrument what.
     * @return the confirmation line, e.g. {@code T42 BUY 100 EURUSD @ 1.0842}.
     */
    static String confirmationText(final long tradeId, final long quantity, final long price, final String instrument)
    {
        final long fraction = price % 10_000;
        final StringBuilder sb = new StringBuilder(48).append('T').append(tradeId).append(" BUY ").append(quantity)
            .append(' ').append(instrument).append(" @ ").append(price / 10_000).append('.');
        if (fraction < 1_000)
        {
            sb.append('0');
        }
        if (fraction < 100)
        {
            sb.append('0');
        }
        if (fraction < 10)
        {
            sb.append('0');
        }
        return sb.append(fraction).toString();
    }

    private void ack(final String party, final long seq)
    {
        final long before = book.lastAcked(party);
        if (book.acked(party, seq))
        {
            unacked -= seq - before;
        }
    }

    private int send(final long sessionId, final String party, final long epoch, final long afterSeq)
    {
        final SortedMap<Long, String> pending = book.pendingAfter(party, afterSeq);
        int sent = 0;
        for (final Map.Entry<Long, String> c : pending.entrySet())
        {
            if (sent == MAX_BURST)
            {
                break;
            }
            outbox.confirmation(sessionId, epoch, c.getKey(), party, c.getValue());
            sent++;
        }
        return sent;
    }

    private boolean holds(final long sessionId, final String party, final long epoch)
    {
        return epoch > 0 && parties.exists(party) && parties.liveEpoch(party) == epoch &&
            parties.holderSession(party) == sessionId;
    }

    private boolean isLive(final String party, final long epoch)
    {
        return epoch > 0 && parties.liveEpoch(party) == epoch && parties.holderSession(party) >= 0;
    }

    private static boolean validInstrument(final String instrument)
    {
        if (null == instrument || instrument.isEmpty() || instrument.length() > MAX_INSTRUMENT_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < instrument.length(); i++)
        {
            final char c = instrument.charAt(i);
            if (c <= ' ' || c > '~')
            {
                return false;
            }
        }
        return true;
    }
}
