package io.resilientgateways.examples.trading;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class ConfirmationBookTest
{
    @Test
    void sequencesPerPartyAndPendingUntilAcked()
    {
        final ConfirmationBook book = new ConfirmationBook();
        assertThat(book.book("P1", "a")).isEqualTo(1);
        assertThat(book.book("P1", "b")).isEqualTo(2);
        assertThat(book.book("P2", "x")).isEqualTo(1);
        assertThat(book.pendingAfter("P1", 0)).containsOnlyKeys(1L, 2L);
        assertThat(book.acked("P1", 1)).isTrue();
        assertThat(book.pendingAfter("P1", 0)).containsOnlyKeys(2L);
        assertThat(book.pendingAfter("P1", 2)).isEmpty();
        assertThat(book.unackedCount()).isEqualTo(2);
    }

    @Test
    void oldRepeatedOrImpossibleAcksChangeNothing()
    {
        final ConfirmationBook book = new ConfirmationBook();
        book.book("P1", "a");
        book.book("P1", "b");
        book.acked("P1", 2);
        final byte[] before = book.snapshot();
        assertThat(book.acked("P1", 2)).isFalse();
        assertThat(book.acked("P1", 1)).isFalse();
        assertThat(book.acked("P1", 3)).isFalse();
        assertThat(book.acked("P9", 1)).isFalse();
        assertThat(book.snapshot()).isEqualTo(before);
    }

    @Test
    void resumeAfterACounterpartyAheadRenumbersTheUnacknowledgedInOrder()
    {
        final ConfirmationBook book = new ConfirmationBook();
        book.book("P1", "a");
        book.book("P1", "b");
        book.book("P1", "c");
        book.acked("P1", 1);
        assertThat(book.resumeAfter("P1", 40)).isEqualTo(2);
        assertThat(book.pendingAfter("P1", 0)).containsExactly(entry(41L, "b"), entry(42L, "c"));
        assertThat(book.lastAcked("P1")).isEqualTo(40);
        assertThat(book.lastBooked("P1")).isEqualTo(42);
        assertThat(book.book("P1", "d")).isEqualTo(43);
        assertThat(book.resumeAfter("P2", 7)).as("a party never booked").isZero();
        assertThat(book.book("P2", "x")).isEqualTo(8);
        assertThat(book.unackedCount()).isEqualTo(4);
        final byte[] before = book.snapshot();
        assertThatThrownBy(() -> book.resumeAfter("P1", 43)).isInstanceOf(IllegalArgumentException.class);
        assertThat(book.snapshot()).isEqualTo(before);
    }

    @Test
    void snapshotRoundTrip()
    {
        final ConfirmationBook book = new ConfirmationBook();
        book.book("P2", "x");
        book.book("P1", "a");
        book.book("P1", "b");
        book.acked("P1", 1);
        final ConfirmationBook restored = ConfirmationBook.restore(book.snapshot());
        assertThat(restored.snapshot()).isEqualTo(book.snapshot());
        assertThat(restored.lastAcked("P1")).isEqualTo(1);
        assertThat(restored.book("P1", "c")).isEqualTo(3);
    }
}
