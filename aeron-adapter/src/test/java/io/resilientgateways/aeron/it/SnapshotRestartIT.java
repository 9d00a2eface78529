package io.resilientgateways.aeron.it;

import io.resilientgateways.aeron.client.AdminClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots: byte-identical on every replica after a scripted workload; a full cluster restart from them keeps
 * every assignment and epoch, and the same gateway processes reconnect and resume their tasks.
 */
class SnapshotRestartIT extends ClusterTestSupport
{
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void replicasWriteIdenticalSnapshotsAfterAWorkload()
    {
        startCluster(21400, 1_000, 1_000);
        final AdminClient admin = admin();
        startGateway("gw-1");
        startGateway("gw-2");
        startGateway("gw-3");
        await(10_000, "three registrations", () -> listeners.values().stream().allMatch((l) -> l.registered > 0));
        addTasks(admin, 10);
        await(10_000, "10 tasks open", () -> totalHeld() == 10 && allOpen(admin));
        final AdminClient.AssignmentRecord first = admin.assignments().get(0);
        final String target = first.owner().equals("gw-1") ? "gw-2" : "gw-1";
        assertThat(admin.moveTask(first.task(), target).accepted()).isTrue();
        await(10_000, "the move", () -> listeners.get(target).held.containsKey(first.task()) && allOpen(admin));
        assertThat(admin.removeTask("PARTY-10").accepted()).isTrue();
        assertThat(admin.drainWorker("gw-3").accepted()).isTrue();
        await(10_000, "gw-3 drained", () -> listeners.get("gw-3").held.isEmpty() && totalHeld() == 9 &&
            allOpen(admin));
        assertThat(admin.history("", 0)).isNotEmpty();

        cluster.snapshot(10_000);
        final byte[] leader = cluster.service(0).component().lastSnapshotBytes();
        assertThat(leader).isNotNull().hasSizeGreaterThan(100);
        assertThat(cluster.service(1).component().lastSnapshotBytes()).isEqualTo(leader);
        assertThat(cluster.service(2).component().lastSnapshotBytes()).isEqualTo(leader);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void fullRestartKeepsAssignmentsAndEpochs()
    {
        startCluster(21500, 1_000, 1_000);
        final AdminClient admin = admin();
        startGateway("gw-1");
        startGateway("gw-2");
        await(10_000, "two registrations", () -> listeners.values().stream().allMatch((l) -> l.registered > 0));
        addTasks(admin, 8);
        await(10_000, "8 tasks open", () -> totalHeld() == 8 && allOpen(admin));
        final List<AdminClient.AssignmentRecord> before = admin.assignments();
        final Map<String, Map<String, Long>> heldBefore = new HashMap<>();
        listeners.forEach((name, l) -> heldBefore.put(name, Map.copyOf(l.held)));
        cluster.snapshot(10_000);
        admin.close();
        closeables.remove(admin);

        for (int i = 0; i < 3; i++)
        {
            cluster.stop(i);
        }
        await(10_000, "gateways to fence", () -> listeners.values().stream().allMatch((l) -> l.held.isEmpty()));
        for (int i = 0; i < 3; i++)
        {
            cluster.start(i, false);
        }
        cluster.awaitLeader(20_000);
        await(20_000, "gateways to resume their tasks", () -> listeners.values().stream()
            .allMatch((l) -> l.held.equals(heldBefore.get(l.name))));

        final List<AdminClient.AssignmentRecord> after = admin().assignments();
        assertThat(after).isEqualTo(before);
    }

    private static boolean allOpen(final AdminClient admin)
    {
        return admin.assignments().stream().allMatch((a) -> a.status().equals("OPEN"));
    }
}
