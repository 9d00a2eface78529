package io.resilientgateways.examples.counterparty;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class CounterpartySimulatorTest
{
    private final CounterpartySimulator counterparty = newSimulator();
    private final InetSocketAddress address = new InetSocketAddress("127.0.0.1", counterparty.port());
    private final List<Long> acks = new CopyOnWriteArrayList<>();

    private static CounterpartySimulator newSimulator()
    {
        try
        {
            return new CounterpartySimulator(0);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    @AfterEach
    void close()
    {
        counterparty.close();
    }

    private static void await(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void acceptsInSequenceAndResumesForTheNextOwner() throws Exception
    {
        try (CounterpartyConnection first = CounterpartyConnection.open(address, "P1", 1, "gw-1", acks::add))
        {
            assertThat(first.resumeAfter()).isZero();
            first.send(1, "trade-1");
            first.send(2, "trade-2");
            await(() -> acks.size() == 2);
        }
        await(() -> null == counterparty.connectedGateway("P1"));
        try (CounterpartyConnection second = CounterpartyConnection.open(address, "P1", 5, "gw-2", acks::add))
        {
            assertThat(second.resumeAfter()).isEqualTo(2);
            second.send(3, "trade-3");
            await(() -> acks.size() == 3);
            final Verdict verdict = counterparty.verdict(List.of("P1"));
            assertThat(verdict.clean()).as(verdict.toString()).isTrue();
            assertThat(verdict.confirmations()).isEqualTo(3);
            assertThat(verdict.superseded()).isZero();
        }
    }

    @Test
    void confirmationsBookedButNeverDeliveredMakeTheVerdictFailThoughNoGapWasSeen() throws Exception
    {
        try (CounterpartyConnection connection = CounterpartyConnection.open(address, "P1", 1, "gw-1", acks::add))
        {
            connection.send(1, "trade-1");
            connection.send(2, "trade-2");
            await(() -> acks.size() == 2);
            // trades 3..5 were booked for P1 and 1 for P2, but never reached the counterparty: no later message shows
            // a gap, so only the booked sequences reveal them
            final Verdict verdict = counterparty.verdict(List.of("P1"), Map.of("P1", 5L, "P2", 1L));
            assertThat(verdict.gaps()).isZero();
            assertThat(verdict.undelivered()).isEqualTo(4);
            assertThat(verdict.clean()).as(verdict.toString()).isFalse();
            assertThat(verdict.toString()).contains("undelivered 4", "FAILED");
            final Verdict delivered = counterparty.verdict(List.of("P1"), Map.of("P1", 2L));
            assertThat(delivered.undelivered()).isZero();
            assertThat(delivered.clean()).as(delivered.toString()).isTrue();
            assertThat(counterparty.verdict(List.of("P1")).toString()).contains("undelivered not checked");
        }
    }

    @Test
    void higherEpochSupersedesAndNothingMoreIsAcceptedOnTheOldConnection() throws Exception
    {
        final CounterpartyConnection old = CounterpartyConnection.open(address, "P1", 1, "gw-1", acks::add);
        try (CounterpartyConnection fresh = CounterpartyConnection.open(address, "P1", 2, "gw-2", acks::add))
        {
            await(() -> !old.isOpen());
            try
            {
                old.send(1, "late");
            }
            catch (final IOException expected)
            {
                // the socket may already be gone
            }
            fresh.send(1, "trade-1");
            await(() -> counterparty.lastSequence("P1") == 1);
            assertThat(counterparty.connectedGateway("P1")).isEqualTo("gw-2");
            final Verdict verdict = counterparty.verdict(List.of("P1"));
            assertThat(verdict.superseded()).isEqualTo(1);
            assertThat(verdict.confirmations()).isEqualTo(1);
        }
    }

    @Test
    void equalOrLowerEpochIsRefusedAsStale() throws Exception
    {
        try (CounterpartyConnection owner = CounterpartyConnection.open(address, "P1", 7, "gw-1", acks::add))
        {
            assertThatThrownBy(() -> CounterpartyConnection.open(address, "P1", 7, "gw-2", acks::add))
                .isInstanceOf(CounterpartyConnection.StaleEpochException.class).hasMessageContaining("7");
            assertThatThrownBy(() -> CounterpartyConnection.open(address, "P1", 3, "gw-2", acks::add))
                .isInstanceOf(CounterpartyConnection.StaleEpochException.class);
            assertThat(counterparty.connectedGateway("P1")).isEqualTo("gw-1");
            final Verdict verdict = counterparty.verdict(List.of("P1"));
            assertThat(verdict.stale()).isEqualTo(2);
            assertThat(verdict.clean()).isFalse();
            assertThat(owner.isOpen()).isTrue();
        }
    }

    @Test
    void duplicatesAndGapsAreCountedNotAccepted() throws Exception
    {
        try (CounterpartyConnection c = CounterpartyConnection.open(address, "P1", 1, "gw-1", acks::add))
        {
            c.send(1, "a");
            c.send(1, "a again");
            c.send(3, "skipped two");
            c.send(2, "b");
            await(() -> counterparty.lastSequence("P1") == 2);
            final Verdict verdict = counterparty.verdict(List.of("P1", "P2"));
            assertThat(verdict.duplicates()).isEqualTo(1);
            assertThat(verdict.gaps()).isEqualTo(1);
            assertThat(verdict.missing()).containsExactly("P2");
            assertThat(verdict.toString()).contains("FAILED");
        }
    }
}
