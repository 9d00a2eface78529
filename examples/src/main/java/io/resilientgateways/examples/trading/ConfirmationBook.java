package io.resilientgateways.examples.trading;

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
 * The trading core's record of trade confirmations, per party: the next sequence number, and every confirmation not
 * yet acknowledged by the counterparty. Deterministic (sorted maps only) and snapshot-able, so it lives inside the
 * clustered service. Confirmations wait here while a party has no owner or is being handed over; the new owner
 * resumes after the last sequence the counterparty acknowledged, so none is lost or delivered twice.
 */
public final class ConfirmationBook
{
    /** Format of {@link #snapshot()}. */
    static final int FORMAT_VERSION = 1;

    private final TreeMap<String, PartyBook> parties = new TreeMap<>();

    private static final class PartyBook
    {
        long lastSeq;
        long lastAcked;
        final TreeMap<Long, String> unacked = new TreeMap<>();
    }

    /**
     * Book a trade: assign the party's next sequence number to its confirmation.
     *
     * @param party the counterparty.
     * @param text  the confirmation, one line of printable ASCII.
     * @return its sequence number, from 1.
     */
    public long book(final String party, final String text)
    {
        final PartyBook book = parties.computeIfAbsent(party, k -> new PartyBook());
        final long seq = ++book.lastSeq;
        book.unacked.put(seq, text);
        return seq;
    }

    /**
     * The counterparty acknowledged every confirmation up to {@code seq}.
     *
     * @param party the counterparty.
     * @param seq   highest acknowledged sequence number.
     * @return true if it acknowledged something new; false for an old, repeated or impossible value.
     */
    public boolean acked(final String party, final long seq)
    {
        final PartyBook book = parties.get(party);
        if (null == book || seq <= book.lastAcked || seq > book.lastSeq)
        {
            return false;
        }
        book.lastAcked = seq;
        book.unacked.headMap(seq, true).clear();
        return true;
    }

    /**
     * The counterparty has accepted up to {@code seq}, beyond anything this book has booked: the book was started
     * afresh (a wiped cluster) while the counterparty kept its state. The counterparty's sequence wins: the party's
     * unacknowledged confirmations, none of which it can have accepted, are numbered again from {@code seq + 1} in
     * their order, and the next booking follows them. Without this a wiped cluster would send sequence 1 to a
     * counterparty that expects {@code seq + 1}, which refuses it as a repeat, and the confirmation is lost.
     *
     * @param party the counterparty.
     * @param seq   the counterparty's last accepted sequence, above {@link #lastBooked(String)}.
     * @return how many confirmations were numbered again.
     * @throws IllegalArgumentException if {@code seq} is not above the last booked sequence.
     */
    public int resumeAfter(final String party, final long seq)
    {
        final PartyBook book = parties.computeIfAbsent(party, k -> new PartyBook());
        if (seq <= book.lastSeq)
        {
            throw new IllegalArgumentException("sequence " + seq + " is not above the last booked " + book.lastSeq);
        }
        final TreeMap<Long, String> renumbered = new TreeMap<>();
        long next = seq;
        for (final String text : book.unacked.values())
        {
            renumbered.put(++next, text);
        }
        final int moved = book.unacked.size();
        book.unacked.clear();
        book.unacked.putAll(renumbered);
        book.lastAcked = seq;
        book.lastSeq = next;
        return moved;
    }

    /**
     * @param party    the counterparty.
     * @param afterSeq send from the next one.
     * @return unacknowledged confirmations after {@code afterSeq}, in order.
     */
    public SortedMap<Long, String> pendingAfter(final String party, final long afterSeq)
    {
        final PartyBook book = parties.get(party);
        return null == book ? new TreeMap<>() : book.unacked.tailMap(afterSeq, false);
    }

    /**
     * @param party the counterparty.
     * @return the highest sequence acknowledged, 0 if none.
     */
    public long lastAcked(final String party)
    {
        final PartyBook book = parties.get(party);
        return null == book ? 0 : book.lastAcked;
    }

    /**
     * @param party the counterparty.
     * @return the highest sequence booked, 0 if none.
     */
    public long lastBooked(final String party)
    {
        final PartyBook book = parties.get(party);
        return null == book ? 0 : book.lastSeq;
    }

    /**
     * @return confirmations booked but not yet acknowledged, over all parties.
     */
    public int unackedCount()
    {
        int n = 0;
        for (final PartyBook book : parties.values())
        {
            n += book.unacked.size();
        }
        return n;
    }

    /**
     * @return the whole book as bytes; equal books give equal bytes.
     */
    public byte[] snapshot()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            out.writeInt(FORMAT_VERSION);
            out.writeInt(parties.size());
            for (final Map.Entry<String, PartyBook> e : parties.entrySet())
            {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue().lastSeq);
                out.writeLong(e.getValue().lastAcked);
                out.writeInt(e.getValue().unacked.size());
                for (final Map.Entry<Long, String> c : e.getValue().unacked.entrySet())
                {
                    out.writeLong(c.getKey());
                    out.writeUTF(c.getValue());
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    /**
     * @param snapshot bytes from {@link #snapshot()}.
     * @return the book.
     * @throws IllegalStateException if the bytes are not a book snapshot of this format.
     */
    public static ConfirmationBook restore(final byte[] snapshot)
    {
        final ConfirmationBook book = new ConfirmationBook();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot)))
        {
            final int version = in.readInt();
            if (version != FORMAT_VERSION)
            {
                throw new IllegalStateException("confirmation book format " + version + " unsupported");
            }
            final int partyCount = in.readInt();
            for (int i = 0; i < partyCount; i++)
            {
                final PartyBook party = new PartyBook();
                book.parties.put(in.readUTF(), party);
                party.lastSeq = in.readLong();
                party.lastAcked = in.readLong();
                final int unacked = in.readInt();
                for (int k = 0; k < unacked; k++)
                {
                    party.unacked.put(in.readLong(), in.readUTF());
                }
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("corrupt confirmation book snapshot", ex);
        }
        return book;
    }
}
