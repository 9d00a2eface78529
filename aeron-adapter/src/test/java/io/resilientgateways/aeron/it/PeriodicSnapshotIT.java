package io.resilientgateways.aeron.it;

import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.client.GatewayClient;
import io.resilientgateways.aeron.node.LocalCluster;
import io.resilientgateways.aeron.service.BalancerServiceContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Periodic snapshots: with nobody asking, the leader has every member snapshot once per interval, and a full restart
 * on the members' data (cleanStart false) restores from that snapshot, then replays only the log after it.
 */
class PeriodicSnapshotIT extends ClusterTestSupport
{
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void snapshotsArePeriodicAndARestartLoadsTheLatest()
    {
        sessionTimeoutMs = 1_000;
        cluster = new LocalCluster(3, 27_000, sessionTimeoutMs, 1_000, CREDENTIALS, BalancerServiceContext::new)
            .nodeSettings((node) -> node.snapshotIntervalMs(1_500));
        cluster.start();
        cluster.awaitLeader(10_000);
        // the first snapshot comes 1.5 s after the start, about when the leader is elected: connect after it (an
        // admin request sent while it was being taken got no reply within 5 s in some runs on a loaded machine)
        await(20_000, "the first periodic snapshot on every member", () -> allSnapshotsAtLeast(1));
        final AdminClient admin = admin();
        final GatewayClient gateway = startGateway("gw-1");
        addTasks(admin, 4);
        await(10_000, "4 tasks held", () -> totalHeld() == 4);
        final long taken = cluster.node(cluster.awaitLeader(1_000)).snapshotCount();
        await(20_000, "two more periodic snapshots on every member", () ->
        {
            admin.poll(); // an admin client sends no keepalives by itself: its session would time out
            return allSnapshotsAtLeast(taken + 2);
        });
        // a snapshot pauses the log for a moment: the gateway must ride through it without fencing
        assertThat(listeners.get("gw-1").fenced).isZero();
        assertThat(gateway.maxSilenceNs()).isLessThan(TimeUnit.MILLISECONDS.toNanos(800));
        addTasks(admin, 6, 5); // after the snapshot: only in the log
        await(10_000, "6 tasks", () -> admin.assignments().size() == 6);
        final List<String> before = tasks(admin);
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
        cluster.awaitLeader(20_000);
        await(20_000, "every member restored from a snapshot", () ->
        {
            for (int i = 0; i < 3; i++)
            {
                if (cluster.service(i).component().restoredSnapshotBytes() <= 0)
                {
                    return false;
                }
            }
            return true;
        });
        final AdminClient after = admin();
        await(10_000, "the same 6 tasks after the restart", () -> tasks(after).equals(before));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void noSnapshotIsTakenWhenTheIntervalIsZero() throws InterruptedException
    {
        sessionTimeoutMs = 1_000;
        cluster = new LocalCluster(3, 27_100, sessionTimeoutMs, 1_000, CREDENTIALS, BalancerServiceContext::new)
            .nodeSettings((node) -> node.snapshotIntervalMs(0));
        cluster.start();
        cluster.awaitLeader(10_000);
        addTasks(admin(), 2);
        Thread.sleep(3_000); // three intervals of the other test: a periodic snapshot would have come by now
        for (int i = 0; i < 3; i++)
        {
            assertThat(cluster.node(i).snapshotCount()).isZero();
        }
    }

    private boolean allSnapshotsAtLeast(final long count)
    {
        for (int i = 0; i < 3; i++)
        {
            if (cluster.node(i).snapshotCount() < count)
            {
                return false;
            }
        }
        return true;
    }

    private static List<String> tasks(final AdminClient admin)
    {
        return admin.assignments().stream().map(AdminClient.AssignmentRecord::task).sorted().toList();
    }
}
