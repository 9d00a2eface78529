package io.resilientgateways.aeron.node;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BalancerNodeContextTest
{
    private static final String[] PROPERTIES = {
        "aeron.cluster.session.timeout", "aeron.cluster.leader.heartbeat.timeout", "aeron.cluster.max.sessions",
        BalancerNode.Configuration.CLEAN_START_PROP_NAME, BalancerNode.Configuration.SNAPSHOT_INTERVAL_MS_PROP_NAME};

    @AfterEach
    void clearProperties()
    {
        for (final String name : PROPERTIES)
        {
            System.clearProperty(name);
        }
    }

    @Test
    void defaultsKeepDataAndSnapshotPeriodically()
    {
        final BalancerNode.Context ctx = new BalancerNode.Context();
        assertThat(ctx.cleanStart()).isFalse();
        assertThat(ctx.snapshotIntervalMs()).isEqualTo(BalancerNode.Configuration.SNAPSHOT_INTERVAL_MS_DEFAULT);
        assertThat(ctx.sessionTimeoutMs()).isEqualTo(1_000);
        assertThat(ctx.maxConcurrentSessions()).isEqualTo(1_000);
    }

    @Test
    void aeronAndOurPropertiesBecomeTheDefaultsAndSettersWin()
    {
        System.setProperty("aeron.cluster.session.timeout", "2500ms");
        System.setProperty("aeron.cluster.leader.heartbeat.timeout", "2s");
        System.setProperty("aeron.cluster.max.sessions", "77");
        System.setProperty(BalancerNode.Configuration.CLEAN_START_PROP_NAME, "true");
        System.setProperty(BalancerNode.Configuration.SNAPSHOT_INTERVAL_MS_PROP_NAME, "0");
        final BalancerNode.Context ctx = new BalancerNode.Context();
        assertThat(ctx.sessionTimeoutMs()).isEqualTo(2_500);
        assertThat(ctx.leaderHeartbeatTimeoutMs()).isEqualTo(2_000);
        assertThat(ctx.maxConcurrentSessions()).isEqualTo(77);
        assertThat(ctx.cleanStart()).isTrue();
        assertThat(ctx.snapshotIntervalMs()).isZero();
        assertThat(new BalancerNode.Context().sessionTimeoutMs(900).sessionTimeoutMs()).isEqualTo(900);
    }

    @Test
    void aConfigurationFileFillsPropertiesNotSetOnTheCommandLine() throws IOException
    {
        final Path file = Files.createTempFile("rg-node", ".properties");
        try
        {
            Files.writeString(file, "aeron.cluster.session.timeout=3s\n" +
                BalancerNode.Configuration.SNAPSHOT_INTERVAL_MS_PROP_NAME + "=60000\n");
            System.setProperty(BalancerNode.Configuration.SNAPSHOT_INTERVAL_MS_PROP_NAME, "5000"); // -D wins
            BalancerNode.loadConfiguration(file.toString());
            final BalancerNode.Context ctx = new BalancerNode.Context();
            assertThat(ctx.sessionTimeoutMs()).isEqualTo(3_000);
            assertThat(ctx.snapshotIntervalMs()).isEqualTo(5_000);
        }
        finally
        {
            Files.delete(file);
        }
    }
}
