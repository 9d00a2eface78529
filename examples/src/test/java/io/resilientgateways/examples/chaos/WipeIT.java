package io.resilientgateways.examples.chaos;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A cluster wiped while the counterparty keeps its state, with real processes (three {@code TradingNode}s, three
 * gateways, the counterparty, a trade entry): the members are SIGKILLed and started on empty directories with the
 * highest epoch the counterparty has seen as their epoch floor, and a new trade entry books at once. The counterparty
 * must refuse no connection as stale, see no repeated or skipped sequence, and accept every confirmation booked
 * after the wipe: each party's sequence resumes after the one the counterparty accepted before it
 * ({@code TradingDesk.partyConnected}). Without the floor the counterparty refuses the new epochs as stale; without
 * the resumed sequence it refuses the first confirmations after the wipe as repeats.
 * <p>
 * Ports 29000-29124 (below Linux's ephemeral range: the members restart while clients reconnect).
 */
class WipeIT
{
    @Test
    void aWipedClusterWithTheCounterpartysEpochAsFloorLosesNoConfirmation() throws Exception
    {
        final long sessionTimeoutMs = 2_000;
        final ChaosRun.Options options = new ChaosRun.Options(1, 0, List.of(), 3, 12, 20, 29000, sessionTimeoutMs,
            sessionTimeoutMs / 5, 500, 50, 100, 200, Boolean.getBoolean("chaos.echo"), System.out);
        final AtomicReference<ChaosRun.Wipe> wipe = new AtomicReference<>();
        final AtomicReference<ChaosRun.Outcome> outcome = new AtomicReference<>();
        final AtomicReference<List<String>> after = new AtomicReference<>();
        final AtomicReference<ChaosRun.Delivery> end = new AtomicReference<>();
        assertTimeoutPreemptively(Duration.ofSeconds(240), () ->
        {
            try (ChaosRun run = new ChaosRun(options))
            {
                run.startAll();
                Thread.sleep(2_000);
                wipe.set(run.wipe(true));
                Thread.sleep(2_000);
                outcome.set(run.finish(List.of()));
                end.set(run.lastDelivery());
                after.set(run.counterpartyEventLines(wipe.get().atNs()));
            }
        });
        final ChaosRun.Outcome o = outcome.get();
        final String report = "wipe " + wipe.get() + "; outcome " + o + "; counterparty events after the wipe " +
            after.get();
        assertThat(wipe.get().before().booked()).as("confirmations before the wipe").isNotEmpty();
        assertThat(wipe.get().floor()).as(report).isPositive().isEqualTo(wipe.get().highest());
        assertThat(o.stale()).as("stale refusals: " + report).isZero();
        assertThat(o.duplicates()).as("repeated sequences: " + report).isZero();
        assertThat(o.gaps()).as("skipped sequences: " + report).isZero();
        assertThat(o.unanswered()).as("booked after the wipe but not accepted: " + report).isZero();
        // the counterparty's highest sequences are from before the wipe, so only a count shows a confirmation
        // booked after it that never arrived (the gateway drops what is not the next expected sequence)
        final long acceptedAfter = end.get().accepted() - wipe.get().before().accepted();
        System.out.printf("WIPE floor %d; before the wipe %d confirmations accepted; after it %d booked, %d accepted;" +
            " stale %d, duplicates %d, gaps %d%n", wipe.get().floor(), wipe.get().before().accepted(),
            end.get().bookedCount(), acceptedAfter, o.stale(), o.duplicates(), o.gaps());
        assertThat(end.get().bookedCount()).as("booked after the wipe").isPositive();
        assertThat(acceptedAfter).as("confirmations accepted after the wipe: " + report)
            .isEqualTo(end.get().bookedCount());
        assertThat(o.pass()).as(report).isTrue();
        assertThat(after.get()).as("every party welcomed again after the wipe")
            .filteredOn((l) -> l.startsWith("CP WELCOME ")).hasSizeGreaterThanOrEqualTo(12);
    }
}
