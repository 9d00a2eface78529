package io.resilientgateways.examples.gateway;

import io.resilientgateways.aeron.service.BalancerServiceContext;
import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.client.GatewayClient;
import io.resilientgateways.aeron.client.GatewayContext;
import io.resilientgateways.aeron.node.LocalCluster;
import io.resilientgateways.aeron.security.CredentialsTable;
import io.resilientgateways.examples.counterparty.CounterpartySimulator;
import io.resilientgateways.examples.counterparty.Verdict;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A party's counterparty connection breaks under a valid epoch: the gateway ({@link PartyLinks}) closes it and
 * releases the party, and the other gateway opens it under a newer epoch, which the counterparty accepts.
 */
class PartyLinksReleaseIT
{
    private static final String ADMIN = "admin:ops:admin-secret";
    private static final String PARTY = "PARTY-01";
    private static final Pattern OPEN = Pattern.compile("OPEN " + PARTY + " epoch=(\\d+)");

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final TreeMap<String, ByteArrayOutputStream> output = new TreeMap<>();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aBrokenConnectionIsReleasedAndReopenedElsewhereUnderANewerEpoch() throws IOException
    {
        final LocalCluster cluster = new LocalCluster(3, 22700, 1_000, 1_000,
            CredentialsTable.of("gateway:gw-1:pw-1", "gateway:gw-2:pw-2", ADMIN), BalancerServiceContext::new);
        closeables.add(cluster);
        cluster.start();
        cluster.awaitLeader(10_000);
        final CounterpartySimulator counterparty = new CounterpartySimulator(0);
        closeables.add(counterparty);
        gateway(cluster, counterparty, "gw-1");
        gateway(cluster, counterparty, "gw-2");
        final AdminClient admin = AdminClient.connect(cluster.clientContext(ADMIN));
        closeables.add(admin);
        assertThat(admin.addTask(PARTY, 1, "API_GATEWAY").accepted()).isTrue();

        await(admin, "the party connected", () -> null != counterparty.connectedGateway(PARTY));
        final String first = counterparty.connectedGateway(PARTY);
        final String second = first.equals("gw-1") ? "gw-2" : "gw-1";
        final long firstEpoch = lastOpenEpoch(first);

        assertThat(counterparty.dropConnection(PARTY)).isTrue();
        await(admin, "reconnected by the other gateway", () -> second.equals(counterparty.connectedGateway(PARTY)));
        assertThat(lines(first)).anyMatch((l) -> l.startsWith("LOST " + PARTY + " epoch=" + firstEpoch));
        assertThat(lines(first)).anyMatch((l) -> l.startsWith("RELEASED " + PARTY + " epoch=" + firstEpoch));
        assertThat(lastOpenEpoch(second)).isGreaterThan(firstEpoch);
        assertThat(admin.history(PARTY, 0).stream().map(AdminClient.HistoryRecord::cause))
            .contains(first + " released it");
        final Verdict verdict = counterparty.verdict(List.of(PARTY));
        assertThat(verdict.clean()).as(verdict.toString()).isTrue();
    }

    private void gateway(final LocalCluster cluster, final CounterpartySimulator counterparty, final String name)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        output.put(name, bytes);
        final PartyLinks links = new PartyLinks(name, new InetSocketAddress("localhost", counterparty.port()), 150,
            800, new PrintStream(bytes, true, StandardCharsets.US_ASCII));
        final GatewayClient client = GatewayClient.start(new GatewayContext()
            .workerName(name)
            .capabilities(List.of("API_GATEWAY"))
            .credentials("gateway:" + name + ":pw-" + name.substring(3))
            .ingressEndpoints(cluster.ingressEndpoints())
            .aeronDirectoryName(cluster.clientAeronDirectoryName())
            .sessionTimeoutMs(1_000)
            .keepaliveIntervalMs(100)
            .fenceMarginMs(200)
            .listener(links));
        links.client(client, Long.MAX_VALUE);
        closeables.add(client);
    }

    private List<String> lines(final String gateway)
    {
        return output.get(gateway).toString(StandardCharsets.US_ASCII).lines().toList();
    }

    private long lastOpenEpoch(final String gateway)
    {
        long epoch = -1;
        for (final String line : lines(gateway))
        {
            final Matcher m = OPEN.matcher(line);
            if (m.lookingAt())
            {
                epoch = Long.parseLong(m.group(1));
            }
        }
        return epoch;
    }

    private static void await(final AdminClient admin, final String what, final BooleanSupplier c)
    {
        LocalCluster.await(10_000, what, () ->
        {
            admin.poll();
            return c.getAsBoolean();
        });
    }

    @AfterEach
    void tearDown()
    {
        for (int i = closeables.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(closeables.get(i));
        }
    }
}
