package io.resilientgateways.aeron.it;

import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.node.LocalCluster;
import io.resilientgateways.aeron.protocol.AdapterRejection;
import io.resilientgateways.aeron.service.BalancerServiceContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upgrade that wipes the cluster: the gateways and a counterparty that fences by epoch (it refuses an epoch not
 * above the highest it saw for the party) keep running; the new cluster starts clean with the epoch floor set to the
 * highest epoch the counterparty saw, and every party is opened again under an epoch the counterparty accepts.
 */
class EpochFloorIT extends ClusterTestSupport
{
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aWipedClusterWithAnEpochFloorGrantsEpochsACounterpartyAccepts()
    {
        final long[] floor = {0};
        final Wiped wiped = runThenWipe(27_200, () -> new BalancerServiceContext().epochFloor(floor[0]),
            (counterparty) -> floor[0] = counterparty.values().stream().mapToLong(Long::longValue).max().orElseThrow());
        final AdminClient admin = admin();
        addTasks(admin, 6);
        await(30_000, "every party open again after the wipe", () -> highestEpochs(wiped.at).size() == 6 &&
            totalHeld() == 6);

        assertEveryReopenedEpochAboveTheCounterpartys(wiped, floor[0]);
        assertThat(highestEpochs(wiped.at).keySet()).isEqualTo(wiped.counterparty.keySet());
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aWipedClusterWhoseFloorIsRaisedThroughTheLogGrantsEpochsACounterpartyAccepts()
    {
        final Wiped wiped = runThenWipe(27_500, BalancerServiceContext::new, (counterparty) -> { });
        final AdminClient admin = admin().operator("ops");
        final long floor = wiped.counterparty.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(admin.raiseEpochFloor(floor).accepted()).isTrue();
        assertThat(admin.raiseEpochFloor(floor - 1).code()).isEqualTo(AdapterRejection.EPOCH_FLOOR_LOWER);
        addTasks(admin, 6);
        await(30_000, "every party open again after the wipe", () -> highestEpochs(wiped.at).size() == 6 &&
            totalHeld() == 6);

        assertEveryReopenedEpochAboveTheCounterpartys(wiped, floor);
        assertThat(admin.settings().epochFloor()).isEqualTo(floor);
    }

    /** What the counterparty saw before the wipe (the highest epoch per party) and when the wipe began. */
    private record Wiped(Map<String, Long> counterparty, long at)
    {
    }

    /**
     * Three members, two gateways, six tasks and one move (so epochs differ per party); then every member is stopped
     * and started again wiped, {@code beforeRestart} seeing what the counterparty saw.
     */
    private Wiped runThenWipe(
        final int basePort,
        final Supplier<BalancerServiceContext> context,
        final Consumer<Map<String, Long>> beforeRestart)
    {
        sessionTimeoutMs = 1_000;
        cluster = new LocalCluster(3, basePort, sessionTimeoutMs, 1_000, CREDENTIALS, context);
        cluster.start();
        cluster.awaitLeader(10_000);
        final AdminClient admin = admin();
        startGateway("gw-1");
        startGateway("gw-2");
        await(10_000, "two registrations", () -> listeners.values().stream().allMatch((l) -> l.registered > 0));
        addTasks(admin, 6);
        await(10_000, "6 tasks held", () -> totalHeld() == 6);
        final String first = admin.assignments().get(0).task();
        final String owner = admin.assignments().get(0).owner();
        assertThat(admin.moveTask(first, owner.equals("gw-1") ? "gw-2" : "gw-1").accepted()).isTrue();
        await(10_000, "the move", () -> totalHeld() == 6 && !listeners.get(owner).held.containsKey(first));

        final Wiped wiped = new Wiped(highestEpochs(Long.MIN_VALUE), System.nanoTime());
        admin.close();
        closeables.remove(admin);
        for (int i = 0; i < 3; i++)
        {
            cluster.stop(i);
        }
        beforeRestart.accept(wiped.counterparty);
        for (int i = 0; i < 3; i++)
        {
            cluster.start(i, true); // the upgrade wipes every member
        }
        cluster.awaitLeader(20_000);
        return wiped;
    }

    // the counterparty's rule: an epoch not above the highest it saw for the party is stale
    private void assertEveryReopenedEpochAboveTheCounterpartys(final Wiped wiped, final long floor)
    {
        listeners.values().forEach((l) -> l.events.stream()
            .filter((e) -> e.kind().equals("OPEN") && e.nanoTime() > wiped.at)
            .forEach((e) -> assertThat(e.epoch()).as(e.task() + " reopened by " + l.name + " (floor " + floor + ")")
                .isGreaterThan(wiped.counterparty.get(e.task()))));
    }

    private Map<String, Long> highestEpochs(final long sinceNanos)
    {
        final Map<String, Long> highest = new TreeMap<>();
        listeners.values().forEach((l) -> l.events.stream()
            .filter((e) -> e.kind().equals("OPEN") && e.nanoTime() > sinceNanos)
            .forEach((e) -> highest.merge(e.task(), e.epoch(), Math::max)));
        return highest;
    }
}
