package io.resilientgateways.aeron.it;

import io.resilientgateways.aeron.client.AdminClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
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
    void fullRestartGivesEveryGatewayItsOwnTasksBackUnderNewEpochs()
    {
        startCluster(21500, 1_000, 1_000);
        final AdminClient admin = admin();
        startGateway("gw-1");
        startGateway("gw-2");
        await(10_000, "two registrations", () -> listeners.values().stream().allMatch((l) -> l.registered > 0));
        addTasks(admin, 8);
        await(10_000, "8 tasks open", () -> totalHeld() == 8 && allOpen(admin));
        final Map<String, Map<String, Long>> heldBefore = new HashMap<>();
        listeners.forEach((name, l) -> heldBefore.put(name, Map.copyOf(l.held)));
        cluster.snapshot(10_000);
        admin.close();
        closeables.remove(admin);

        for (int i = 0; i < 3; i++)
        {
            cluster.stop(i);
        }
        for (int i = 0; i < 3; i++)
        {
            cluster.start(i, false);
        }
        await(10_000, "gateways to fence", () -> listeners.values().stream().allMatch((l) -> l.held.isEmpty()));
        cluster.awaitLeader(20_000);
        // each gateway fenced (its lease ran out while the cluster was down): it gets its own tasks back, each
        // under a new epoch, never the one it closed (a counterparty refuses an epoch it has seen)
        await(20_000, "gateways to hold their own tasks again", () -> listeners.values().stream()
            .allMatch((l) -> l.held.keySet().equals(heldBefore.get(l.name).keySet())));
        listeners.values().forEach((l) -> l.held.forEach((task, epoch) ->
            assertThat(epoch).as(task).isGreaterThan(heldBefore.get(l.name).get(task))));
        await(10_000, "all open", () -> allOpen(admin()));
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aGatewayThatComesBackLateAfterAFullRestartKeepsItsTasksThroughTheReconnectWindow()
    {
        startCluster(21600, 1_000, 1_000);
        final AdminClient admin = admin();
        startGateway("gw-1");
        final PausableGateway late = startPausableGateway("gw-2");
        await(10_000, "two registrations", () -> listeners.values().stream().allMatch((l) -> l.registered > 0));
        addTasks(admin, 8);
        await(10_000, "8 tasks open", () -> totalHeld() == 8 && allOpen(admin));
        final Map<String, Long> lateBefore = Map.copyOf(late.listener.held);
        assertThat(lateBefore).isNotEmpty();
        cluster.snapshot(10_000);
        admin.close();
        closeables.remove(admin);

        for (int i = 0; i < 3; i++)
        {
            cluster.stop(i);
        }
        late.paused = true; // frozen across the restart and well past the session timeout after it
        for (int i = 0; i < 3; i++)
        {
            cluster.start(i, false);
        }
        cluster.awaitLeader(20_000);
        final RecordingListener early = listeners.get("gw-1");
        await(20_000, "gw-1 back with its own tasks", () -> early.registered > 1 && early.held.size() == 8 -
            lateBefore.size());
        final AdminClient admin2 = admin();
        await(5_000, "gw-2 detached (its restored session timed out), its tasks kept", () -> admin2.assignments()
            .stream().filter((a) -> lateBefore.containsKey(a.task())).allMatch((a) -> a.owner().equals("gw-2")));
        final long detachedAt = System.nanoTime();
        while (System.nanoTime() - detachedAt < TimeUnit.MILLISECONDS.toNanos(3 * sessionTimeoutMs))
        {
            assertThat(early.held.keySet()).doesNotContainAnyElementsOf(lateBefore.keySet());
            admin2.poll();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        addTasks(admin2, 12, 9); // new tasks go to the live gateway only
        await(10_000, "new tasks on gw-1", () -> early.held.keySet().containsAll(
            java.util.List.of("PARTY-09", "PARTY-10", "PARTY-11", "PARTY-12")));

        late.paused = false; // it fences at once (lease long gone), reconnects within the window, holds nothing
        await(20_000, "gw-2 to fence and hold its own tasks again, each under a new epoch", () ->
            late.listener.fenced > 0 && late.listener.held.keySet().equals(lateBefore.keySet()) &&
            late.listener.held.entrySet().stream().allMatch((e) -> e.getValue() > lateBefore.get(e.getKey())));
        assertThat(late.listener.events.stream().filter((e) -> e.kind().equals("OPEN") && e.nanoTime() > detachedAt)
            .allMatch((e) -> e.epoch() > lateBefore.get(e.task()))).as("never reopened under an epoch it closed")
            .isTrue();
        assertThat(early.events.stream().filter((e) -> e.kind().equals("OPEN"))
            .noneMatch((e) -> lateBefore.containsKey(e.task()) && e.nanoTime() > detachedAt)).isTrue();
    }

    private static boolean allOpen(final AdminClient admin)
    {
        return admin.assignments().stream().allMatch((a) -> a.status().equals("OPEN"));
    }
}
