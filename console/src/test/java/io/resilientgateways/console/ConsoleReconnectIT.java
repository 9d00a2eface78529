package io.resilientgateways.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.resilientgateways.aeron.node.LocalCluster;
import io.resilientgateways.aeron.service.BalancerServiceContext;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A console whose cluster is not there says so (503 with a message, health UNREACHABLE, the link's last error) and
 * connects by itself once the cluster comes up. Ports 26400-26499: below Linux's ephemeral range (32768-60999), so
 * no socket the reconnecting console opens meanwhile can take a member's port before the cluster starts.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ConsoleReconnectIT
{
    @Test
    void aConsoleWithoutItsClusterSaysSoAndConnectsWhenTheClusterComesUp() throws Exception
    {
        final LocalCluster cluster = new LocalCluster(3, 26400, 1_000, 1_000, TestCluster.CREDENTIALS,
            BalancerServiceContext::new);
        Console console = null;
        try
        {
            console = Console.start(new Console.Settings()
                .ingressEndpoints(cluster.ingressEndpoints())
                .credentials(TestCluster.ADMIN)
                .aeronDir(cluster.clientAeronDirectoryName())
                .port(26490)
                .pollMs(100));
            final Http api = new Http(console.url());
            LocalCluster.await(30_000, "the console to report the cluster unreachable", () ->
            {
                final JsonNode health = get(api, "/api/health");
                return null != health && 2 == health.get("verdict").get("code").asInt() &&
                    !health.get("link").get("lastError").asText().isEmpty();
            });
            final Http.Response down = api.get("/api/workers");
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.body().get("error").asText()).contains("cluster");

            cluster.start();
            cluster.awaitLeader(15_000);
            LocalCluster.await(30_000, "the console to connect", () ->
            {
                final JsonNode health = get(api, "/api/health");
                return null != health && health.get("link").get("connected").asBoolean();
            });
            assertThat(api.get("/api/workers").status()).isEqualTo(200);
            assertThat(api.get("/api/describe").body().get("link").get("reconnects").asLong()).isPositive();
        }
        finally
        {
            CloseHelper.quietClose(console);
            CloseHelper.quietClose(cluster);
        }
    }

    private static JsonNode get(final Http api, final String path)
    {
        try
        {
            final Http.Response r = api.get(path);
            return 200 == r.status() ? r.body() : null;
        }
        catch (final Exception ex)
        {
            return null;
        }
    }
}
