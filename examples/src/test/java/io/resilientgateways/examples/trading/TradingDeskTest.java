package io.resilientgateways.examples.trading;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class TradingDeskTest
{
    private final FakeParties parties = new FakeParties();
    private final RecordingOutbox outbox = new RecordingOutbox();
    private final TradingDesk desk = new TradingDesk(parties, outbox);

    @Test
    void confirmationsWaitUntilTheHolderReportsItsConnection()
    {
        parties.hold("P1", 7, 100);
        assertThat(book("P1", 1)).isZero();
        assertThat(book("P1", 2)).isZero();
        assertThat(outbox.confirmations).isEmpty();
        assertThat(outbox.booked).containsExactly("1:1:P1", "2:2:P1");

        assertThat(desk.partyConnected(100, "P1", 7, 0)).isTrue();
        assertThat(outbox.confirmations).containsExactly("100:7:1:P1", "100:7:2:P1");
        book("P1", 3);
        assertThat(outbox.confirmations).endsWith("100:7:3:P1");
        assertThat(desk.unackedCount()).isEqualTo(3);
        assertThat(desk.confirmationAcked(100, "P1", 7, 2)).isTrue();
        assertThat(desk.unackedCount()).isEqualTo(1);
        assertThat(desk.book().pendingAfter("P1", 0)).containsOnlyKeys(3L);
    }

    @Test
    void aNewOwnerResumesAfterTheCounterpartysLastSequence()
    {
        parties.hold("P1", 7, 100);
        desk.partyConnected(100, "P1", 7, 0);
        book("P1", 1);
        book("P1", 2);
        book("P1", 3);
        outbox.confirmations.clear();

        parties.hold("P1", 9, 200);
        book("P1", 4);
        assertThat(outbox.confirmations).as("not connected under epoch 9 yet").isEmpty();
        assertThat(desk.partyConnected(200, "P1", 9, 2)).isTrue();
        assertThat(outbox.confirmations).containsExactly("200:9:3:P1", "200:9:4:P1");
        assertThat(desk.book().lastAcked("P1")).isEqualTo(2);
    }

    @Test
    void aCounterpartyAheadOfTheBookAfterAWipeSetsTheSequence()
    {
        // a wiped cluster: the counterparty accepted up to 57 from the earlier deployment; two trades are booked
        // before the new holder's handshake and were sent under the new epoch as 1 and 2
        parties.hold("P1", 30, 100);
        desk.partyConnected(100, "P1", 30, 0);
        book("P1", 1);
        book("P1", 2);
        outbox.confirmations.clear();

        parties.hold("P1", 31, 200);
        assertThat(desk.partyConnected(200, "P1", 31, 57)).isTrue();
        assertThat(outbox.confirmations).as("numbered after the counterparty's sequence")
            .containsExactly("200:31:58:P1", "200:31:59:P1");
        assertThat(desk.resumedParties()).isEqualTo(1);
        assertThat(desk.renumbered()).isEqualTo(2);
        assertThat(desk.rejectedReports()).isZero();
        assertThat(desk.unackedCount()).isEqualTo(2);
        book("P1", 3);
        assertThat(outbox.confirmations).endsWith("200:31:60:P1");
        assertThat(desk.confirmationAcked(200, "P1", 31, 60)).isTrue();
        assertThat(desk.unackedCount()).isZero();
        assertThat(desk.book().pendingAfter("P1", 0)).isEmpty();
    }

    @Test
    void reportsFromAWorkerNotHoldingThePartyUnderThatEpochAreIgnoredAndCounted()
    {
        parties.hold("P1", 7, 100);
        book("P1", 1);
        final byte[] before = desk.snapshot();
        assertThat(desk.partyConnected(101, "P1", 7, 0)).isFalse();
        assertThat(desk.partyConnected(100, "P1", 6, 0)).isFalse();
        assertThat(desk.confirmationAcked(100, "P1", 6, 1)).isFalse();
        assertThat(desk.partyConnected(100, "P9", 7, 0)).isFalse();
        assertThat(desk.staleReports()).isEqualTo(4);
        assertThat(desk.partyConnected(100, "P1", 7, -1)).isFalse();
        assertThat(desk.confirmationAcked(100, "P1", 7, 5)).as("never booked").isFalse();
        assertThat(desk.confirmationAcked(100, "P1", 7, -1)).isFalse();
        assertThat(desk.rejectedReports()).isEqualTo(3);
        assertThat(desk.snapshot()).isEqualTo(before);
        assertThat(outbox.confirmations).isEmpty();
    }

    @Test
    void nothingIsSentWhileThePartyIsClosing()
    {
        parties.hold("P1", 7, 100);
        desk.partyConnected(100, "P1", 7, 0);
        parties.closing("P1");
        book("P1", 1);
        desk.onRedeliveryTick();
        desk.onRedeliveryTick();
        assertThat(outbox.confirmations).isEmpty();
    }

    @Test
    void badTradesAreRejectedWithATypedCode()
    {
        parties.hold("P1", 7, 100);
        assertThat(desk.bookTrade(5, "entry", 1, 10, 10_000, "NOPE", "EURUSD")).isEqualTo(TradingRejection.UNKNOWN_PARTY);
        assertThat(desk.bookTrade(5, "entry", 1, 10, 10_000, "bad name", "EURUSD"))
            .isEqualTo(TradingRejection.UNKNOWN_PARTY);
        assertThat(desk.bookTrade(5, "entry", 1, 0, 10_000, "P1", "EURUSD")).isEqualTo(TradingRejection.INVALID_TRADE);
        assertThat(desk.bookTrade(5, "entry", 1, 10, 10_000, "P1", "EUR USD"))
            .isEqualTo(TradingRejection.INVALID_TRADE);
        assertThat(desk.bookTrade(5, "entry", 1, 10, 10_000, "P1", "EURUSD")).isZero();
        assertThat(desk.bookTrade(5, "entry", 1, 10, 10_000, "P1", "EURUSD"))
            .isEqualTo(TradingRejection.DUPLICATE_TRADE);
        assertThat(desk.bookTrade(5, "other-entry", 1, 10, 10_000, "P1", "EURUSD")).isZero();
        assertThat(outbox.rejected).hasSize(5);
        assertThat(desk.bookedCount()).isEqualTo(2);
    }

    @Test
    void confirmationsUnackedForAWholeIntervalAreSentAgain()
    {
        parties.hold("P1", 7, 100);
        desk.partyConnected(100, "P1", 7, 0);
        book("P1", 1);
        book("P1", 2);
        outbox.confirmations.clear();
        desk.onRedeliveryTick();
        assertThat(outbox.confirmations).as("booked within this interval").isEmpty();
        desk.confirmationAcked(100, "P1", 7, 1);
        desk.onRedeliveryTick();
        assertThat(outbox.confirmations).containsExactly("100:7:2:P1");
        assertThat(desk.redelivered()).isEqualTo(1);
        desk.confirmationAcked(100, "P1", 7, 2);
        desk.onRedeliveryTick();
        assertThat(outbox.confirmations).hasSize(1);
    }

    @Test
    void aHolderWhoseConnectionReportWasLostStillGetsItsConfirmations()
    {
        parties.hold("P1", 7, 100);
        book("P1", 1);
        book("P1", 2);
        desk.onRedeliveryTick();
        assertThat(outbox.confirmations).as("booked within this interval").isEmpty();
        desk.onRedeliveryTick();
        assertThat(outbox.confirmations).containsExactly("100:7:1:P1", "100:7:2:P1");
    }

    @Test
    void snapshotRestoresAnEqualDesk()
    {
        parties.hold("P1", 7, 100);
        parties.hold("P2", 8, 100);
        desk.partyConnected(100, "P1", 7, 0);
        book("P1", 1);
        book("P2", 2);
        desk.confirmationAcked(100, "P1", 7, 1);
        final byte[] bytes = desk.snapshot();
        final TradingDesk copy = new TradingDesk(parties, new RecordingOutbox());
        copy.restore(bytes);
        assertThat(copy.snapshot()).isEqualTo(bytes);
        assertThat(copy.unackedCount()).isEqualTo(1);
        assertThat(copy.bookedCount()).isEqualTo(2);
        assertThat(copy.bookTrade(5, "entry", 2, 1, 1, "P1", "X")).isEqualTo(TradingRejection.DUPLICATE_TRADE);
    }

    @Test
    void confirmationTextIsFixedPoint()
    {
        assertThat(TradingDesk.confirmationText(42, 100, 10_842, "EURUSD")).isEqualTo("T42 BUY 100 EURUSD @ 1.0842");
        assertThat(TradingDesk.confirmationText(1, 1, 1_230_005, "X")).isEqualTo("T1 BUY 1 X @ 123.0005");
    }

    private int book(final String party, final long tradeId)
    {
        return desk.bookTrade(5, "entry", tradeId, 100, 10_842, party, "EURUSD");
    }

    private static final class FakeParties implements TradingDesk.Parties
    {
        final TreeMap<String, long[]> held = new TreeMap<>();

        void hold(final String party, final long epoch, final long session)
        {
            held.put(party, new long[]{epoch, session});
        }

        void closing(final String party)
        {
            held.get(party)[0] = 0;
        }

        public boolean exists(final String party)
        {
            return held.containsKey(party);
        }

        public long liveEpoch(final String party)
        {
            return held.containsKey(party) ? held.get(party)[0] : 0;
        }

        public long holderSession(final String party)
        {
            return held.containsKey(party) ? held.get(party)[1] : -1;
        }
    }

    private static final class RecordingOutbox implements TradingDesk.Outbox
    {
        final List<String> confirmations = new ArrayList<>();
        final List<String> booked = new ArrayList<>();
        final List<String> rejected = new ArrayList<>();

        public void confirmation(
            final long sessionId, final long epoch, final long seq, final String party, final String text)
        {
            confirmations.add(sessionId + ":" + epoch + ":" + seq + ":" + party);
        }

        public void tradeBooked(final long sessionId, final long tradeId, final long seq, final String party)
        {
            booked.add(tradeId + ":" + seq + ":" + party);
        }

        public void tradeRejected(final long sessionId, final long tradeId, final int code, final String text)
        {
            rejected.add(tradeId + ":" + code);
        }
    }
}
