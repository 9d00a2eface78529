package io.resilientgateways.examples.it;

import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.node.LocalCluster;
import io.resilientgateways.aeron.security.CredentialsTable;
import io.resilientgateways.aeron.service.BalancerServiceContext;
import io.resilientgateways.examples.trading.TradeEntry;
import io.resilientgateways.examples.trading.TradingClusteredService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trading service restored from a real snapshot: a desk far larger than the snapshot publication's MTU (its
 * 4 KiB chunks arrive in fragments) is written by three members, one member restarts from its snapshot, and all
 * three then write the same bytes again. Before the loader reassembled fragments the restarted member never finished
 * its start: a desk of more than about 1.3 KB could not be restored, so a cluster could not restart from its
 * snapshots once a few confirmations were waiting.
 * <p>
 * Ports 29300-29329.
 */
class TradingSnapshotRestoreIT
{
    private static final String ADMIN = "admin:ops:ops-secret";
    private static final String TRADE_ENTRY = "admin:trade-entry:entry-secret";
    private LocalCluster cluster;
    private TradeEntry tradeEntry;

    @AfterEach
    void close()
    {
        if (null != tradeEntry)
        {
            tradeEntry.close();
        }
        if (null != cluster)
        {
            cluster.close();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aMemberRestoresADeskLargerThanTheMtuFromItsSnapshot()
    {
        cluster = LocalCluster.withService(3, 29300, 2_000, 1_000, CredentialsTable.of(ADMIN, TRADE_ENTRY),
            (member) -> new TradingClusteredService(new BalancerServiceContext().sessionTimeoutMs(2_000),
                TradingClusteredService.DEFAULT_REDELIVERY_INTERVAL_MS)).start();
        final List<String> parties = List.of("PARTY-01", "PARTY-02", "PARTY-03");
        try (AdminClient admin = AdminClient.connect(cluster.clientContext(ADMIN)))
        {
            for (final String party : parties)
            {
                assertThat(admin.addTask(party, 1, "API_GATEWAY").accepted()).isTrue();
            }
        }
        // no gateway: every confirmation stays unacknowledged in the desk, which grows by ~40 bytes a trade
        tradeEntry = new TradeEntry(() -> cluster.clientContext(TRADE_ENTRY), parties, 500);
        LocalCluster.await(30_000, "300 trades booked", () -> tradeEntry.bookedCount() >= 300);
        tradeEntry.stop();
        LocalCluster.await(10_000, "the trade entry idle", () -> tradeEntry.pendingCount() == 0);

        cluster.snapshot(20_000);
        final byte[] written = desk(0).lastDeskSnapshot();
        assertThat(written.length).as("desk snapshot bytes").isGreaterThan(3 * 4096);
        assertThat(Arrays.equals(desk(1).lastDeskSnapshot(), written)).as("member 1 as member 0").isTrue();
        assertThat(Arrays.equals(desk(2).lastDeskSnapshot(), written)).as("member 2 as member 0").isTrue();
        final long unacked = desk(0).desk().unackedCount();

        final int restarted = (cluster.awaitLeader(10_000) + 1) % 3;
        cluster.stop(restarted);
        cluster.start(restarted, false);
        LocalCluster.await(30_000, "member " + restarted + " restored from its snapshot",
            () -> null != cluster.node(restarted) && desk(restarted).desk().unackedCount() == unacked);

        // the redelivery timer has moved on since (its per-party marks are in the desk), so compare the members'
        // next snapshots with each other
        cluster.snapshot(20_000);
        final byte[] again = desk(restarted).lastDeskSnapshot();
        assertThat(again.length).as("the restored member's next snapshot").isEqualTo(written.length);
        for (int i = 0; i < 3; i++)
        {
            assertThat(Arrays.equals(desk(i).lastDeskSnapshot(), again))
                .as("member %d wrote the restored member's bytes", i).isTrue();
        }
    }

    private TradingClusteredService desk(final int member)
    {
        return (TradingClusteredService)cluster.clusteredService(member);
    }
}
