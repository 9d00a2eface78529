package io.resilientgateways.aeron.it;

import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.node.LocalCluster;
import io.resilientgateways.aeron.protocol.AdapterRejection;
import io.resilientgateways.aeron.service.BalancerServiceContext;
import io.resilientgateways.aeron.service.LastWorkerPolicy;
import io.resilientgateways.aeron.service.PolicyRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upgrade without wiping on a real 3-member cluster: the policy and a setting change through the log while
 * gateways hold tasks, every member switches at the same entry (equal snapshot bytes), and the change survives a
 * full restart of members still configured with the old policy (restored from the snapshot, then the log after it).
 */
class SettingsChangeIT extends ClusterTestSupport
{
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aPolicySwitchThroughTheLogIsTheSameOnEveryMemberAndSurvivesAFullRestart()
    {
        sessionTimeoutMs = 1_000;
        cluster = new LocalCluster(3, 27_400, sessionTimeoutMs, 1_000, CREDENTIALS, () -> new BalancerServiceContext()
            .policies(PolicyRegistry.shipped().with(LastWorkerPolicy::new))
            .restartReconnectWindowMs(10_000));
        cluster.start();
        cluster.awaitLeader(10_000);
        AdminClient admin = admin().operator("alice");
        startGateway("gw-1");
        startGateway("gw-2");
        await(10_000, "two registrations", () -> listeners.values().stream().allMatch((l) -> l.registered > 0));
        addTasks(admin, 4);
        await(10_000, "4 tasks held", () -> totalHeld() == 4);
        assertThat(listeners.get("gw-1").held).as("sticky spreads").isNotEmpty();

        final AdminClient.Reply unknown = admin.changeSettings("no-such-policy", Map.of());
        assertThat(unknown.accepted()).isFalse();
        assertThat(unknown.code()).isEqualTo(AdapterRejection.UNKNOWN_POLICY);
        assertThat(admin.changeSettings("", Map.of("maxTasks", 2L)).code()).isEqualTo(AdapterRejection.INVALID_SETTING);
        assertThat(admin.changeSettings("last-worker", Map.of("handoffTimeout", 7_000L)).accepted()).isTrue();
        assertThat(admin.raiseEpochFloor(500).accepted()).isTrue();
        assertThat(admin.raiseEpochFloor(400).code()).isEqualTo(AdapterRejection.EPOCH_FLOOR_LOWER);
        addTasks(admin, 8, 5);
        await(10_000, "the new tasks on gw-2", () -> listeners.get("gw-2").held.keySet()
            .containsAll(List.of("PARTY-05", "PARTY-06", "PARTY-07", "PARTY-08")));
        assertThat(listeners.get("gw-2").held.get("PARTY-05")).isGreaterThan(500);

        cluster.snapshot(10_000);
        final byte[] leader = cluster.service(0).component().lastSnapshotBytes();
        assertThat(cluster.service(1).component().lastSnapshotBytes()).isEqualTo(leader);
        assertThat(cluster.service(2).component().lastSnapshotBytes()).isEqualTo(leader);
        addTasks(admin, 9, 9); // in the log after the snapshot: replayed under the switched policy
        await(10_000, "PARTY-09 on gw-2", () -> listeners.get("gw-2").held.containsKey("PARTY-09"));

        admin.close();
        closeables.remove(admin);
        for (int i = 0; i < 3; i++)
        {
            cluster.stop(i);
        }
        for (int i = 0; i < 3; i++)
        {
            cluster.start(i, false); // configured as before: sticky, the default settings
        }
        cluster.awaitLeader(20_000);
        admin = admin();
        final AdminClient probe = admin;
        await(30_000, "both gateways back", () -> probe.workers("", 10).rows().stream()
            .filter((w) -> !w.detached() && w.status().equals("LIVE")).count() == 2);
        final AdminClient.SettingsInfo settings = admin.settings();
        assertThat(settings.policy()).isEqualTo("last-worker");
        assertThat(settings.values().get("handoffTimeout")).isEqualTo(7_000L);
        assertThat(settings.changes()).isEqualTo(1);
        assertThat(settings.changedBy()).isEqualTo("alice");
        assertThat(settings.epochFloor()).isEqualTo(500);
        assertThat(admin.describe().policy()).isEqualTo("last-worker");

        addTasks(admin, 10, 10);
        await(10_000, "PARTY-10 on gw-2", () -> listeners.get("gw-2").held.containsKey("PARTY-10"));
        cluster.snapshot(10_000);
        final byte[] after = cluster.service(0).component().lastSnapshotBytes();
        assertThat(cluster.service(1).component().lastSnapshotBytes()).isEqualTo(after);
        assertThat(cluster.service(2).component().lastSnapshotBytes()).isEqualTo(after);
        for (int i = 0; i < 3; i++)
        {
            assertThat(cluster.service(i).component().restoredSnapshotBytes()).as("member " + i + " restored")
                .isPositive();
        }
    }
}
