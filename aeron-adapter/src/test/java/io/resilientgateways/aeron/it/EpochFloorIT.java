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
        sessionTimeoutMs = 1_000;
        cluster = new LocalCluster(3, 45_200, sessionTimeoutMs, 1_000, CREDENTIALS,
            () -> new BalancerServiceContext().epochFloor(floor[0]));
        cluster.start();
        cluster.awaitLeader(10_000);
        AdminClient admin = admin();
        startGateway("gw-1");
        startGateway("gw-2");
        await(10_000, "two registrations", () -> listeners.values().stream().allMatch((l) -> l.registered > 0));
        addTasks(admin, 6);
        await(10_000, "6 tasks held", () -> totalHeld() == 6);
        final String first = admin.assignments().get(0).task();
        final String owner = admin.assignments().get(0).owner();
        assertThat(admin.moveTask(first, owner.equals("gw-1") ? "gw-2" : "gw-1").accepted()).isTrue();
        await(10_000, "the move", () -> totalHeld() == 6 && !listeners.get(owner).held.containsKey(first));

        final Map<String, Long> counterparty = highestEpochs(Long.MIN_VALUE);
        final long wipedAt = System.nanoTime();
        admin.close();
        closeables.remove(admin);
        for (int i = 0; i < 3; i++)
        {
            cluster.stop(i);
        }
        floor[0] = counterparty.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        for (int i = 0; i < 3; i++)
        {
            cluster.start(i, true); // the upgrade wipes every member
        }
        cluster.awaitLeader(20_000);
        admin = admin();
        addTasks(admin, 6);
        await(30_000, "every party open again after the wipe", () -> highestEpochs(wipedAt).size() == 6 &&
            totalHeld() == 6);

        // the counterparty's rule: an epoch not above the highest it saw for the party is stale
        final Map<String, Long> after = highestEpochs(wipedAt);
        listeners.values().forEach((l) -> l.events.stream()
            .filter((e) -> e.kind().equals("OPEN") && e.nanoTime() > wipedAt)
            .forEach((e) -> assertThat(e.epoch()).as(e.task() + " reopened by " + l.name + " (floor " + floor[0] + ")")
                .isGreaterThan(counterparty.get(e.task()))));
        assertThat(after.keySet()).isEqualTo(counterparty.keySet());
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aWipedClusterWhoseFloorIsRaisedThroughTheLogGrantsEpochsACounterpartyAccepts()
    {
        sessionTimeoutMs = 1_000;
        cluster = new LocalCluster(3, 45_500, sessionTimeoutMs, 1_000, CREDENTIALS, BalancerServiceContext::new);
        cluster.start();
        cluster.awaitLeader(10_000);
        AdminClient admin = admin();
        startGateway("gw-1");
        startGateway("gw-2");
        await(10_000, "two registrations", () -> listeners.values().stream().allMatch((l) -> l.registered > 0));
        addTasks(admin, 6);
        await(10_000, "6 tasks held", () -> totalHeld() == 6);
        final String first = admin.assignments().get(0).task();
        final String owner = admin.assignments().get(0).owner();
        assertThat(admin.moveTask(first, owner.equals("gw-1") ? "gw-2" : "gw-1").accepted()).isTrue();
        await(10_000, "the move", () -> totalHeld() == 6 && !listeners.get(owner).held.containsKey(first));

        final Map<String, Long> counterparty = highestEpochs(Long.MIN_VALUE);
        final long wipedAt = System.nanoTime();
        admin.close();
        closeables.remove(admin);
        for (int i = 0; i < 3; i++)
        {
            cluster.stop(i);
        }
        for (int i = 0; i < 3; i++)
        {
            cluster.start(i, true); // wiped, no floor configured
        }
        cluster.awaitLeader(20_000);
        admin = admin().operator("ops");
        final long floor = counterparty.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(admin.raiseEpochFloor(floor).accepted()).isTrue();
        assertThat(admin.raiseEpochFloor(floor - 1).code()).isEqualTo(AdapterRejection.EPOCH_FLOOR_LOWER);
        addTasks(admin, 6);
        await(30_000, "every party open again after the wipe", () -> highestEpochs(wipedAt).size() == 6 &&
            totalHeld() == 6);

        listeners.values().forEach((l) -> l.events.stream()
            .filter((e) -> e.kind().equals("OPEN") && e.nanoTime() > wipedAt)
            .forEach((e) -> assertThat(e.epoch()).as(e.task() + " reopened by " + l.name + " (floor " + floor + ")")
                .isGreaterThan(counterparty.get(e.task()))));
        assertThat(admin.settings().epochFloor()).isEqualTo(floor);
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
