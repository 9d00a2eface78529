package io.resilientgateways.comparison;

import io.resilientgateways.examples.counterparty.CounterpartySimulator;
import io.resilientgateways.examples.counterparty.Verdict;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One real ZooKeeper server, the example's counterparty, and two lock gateways in this JVM: the first gateway takes
 * every party, the second takes nothing until the first leaves, and then takes them under higher epochs (the czxid
 * of its latch nodes), which the counterparty accepts without a stale or superseded connection. A gateway's
 * {@code start} returns once it has a node in every party's latch (it has joined, as ours has once registered).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LockGatewaySmokeTest
{
    private static final int ZK_PORT = 27600;
    private static final int COUNTERPARTY_PORT = 27700;
    private static final List<String> PARTIES = List.of("PARTY-01", "PARTY-02", "PARTY-03");

    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    private TestingServer zk;
    private CounterpartySimulator counterparty;
    private LockGateway first;
    private LockGateway second;

    @BeforeEach
    void start() throws Exception
    {
        zk = new TestingServer(ZK_PORT, true);
        counterparty = new CounterpartySimulator(COUNTERPARTY_PORT);
    }

    @AfterEach
    void stop() throws Exception
    {
        if (null != second)
        {
            second.close();
        }
        if (null != first)
        {
            first.close();
        }
        counterparty.close();
        zk.close();
    }

    @Test
    void firstGatewayTakesAllAndHandsOverUnderHigherEpochsWhenItLeaves() throws Exception
    {
        first = gateway("gw-a");
        assertThat(first.start()).isEqualTo(2_000);
        await(() -> held(first).size() == PARTIES.size());
        for (final String party : PARTIES)
        {
            assertThat(counterparty.connectedGateway(party)).isEqualTo("gw-a");
            assertThat(first.epochOf(party)).isEqualTo(czxidOfLeaderNode(party));
        }

        second = gateway("gw-b");
        second.start();
        for (final String party : PARTIES)
        {
            assertThat(queued(party)).as("start returns once the gateway is in every latch's queue").isEqualTo(2);
        }
        await(() -> counterparty.lastSequence("PARTY-01") >= 3);
        assertThat(held(second)).as("a later gateway only queues").isEmpty();

        final TreeMap<String, Long> oldEpochs = new TreeMap<>();
        final TreeMap<String, Long> lastSeqs = new TreeMap<>();
        for (final String party : PARTIES)
        {
            oldEpochs.put(party, first.epochOf(party));
        }
        first.close();
        for (final String party : PARTIES)
        {
            lastSeqs.put(party, counterparty.lastSequence(party));
        }
        first = null;
        await(() -> held(second).size() == PARTIES.size());
        await(() -> counterparty.lastSequence("PARTY-03") > lastSeqs.get("PARTY-03"));
        for (final String party : PARTIES)
        {
            assertThat(counterparty.connectedGateway(party)).isEqualTo("gw-b");
            assertThat(second.epochOf(party)).isGreaterThan(oldEpochs.get(party));
        }
        final Verdict verdict = counterparty.verdict(PARTIES);
        assertThat(verdict.stale()).isZero();
        assertThat(verdict.superseded()).isZero();
        assertThat(verdict.gaps()).isZero();
        assertThat(verdict.duplicates()).isZero();
        assertThat(verdict.connected()).isEqualTo(PARTIES.size());
    }

    private LockGateway gateway(final String name)
    {
        return new LockGateway(name, zk.getConnectString(), new InetSocketAddress("127.0.0.1", COUNTERPARTY_PORT),
            PARTIES, 2_000, 100, quiet);
    }

    private long czxidOfLeaderNode(final String party) throws Exception
    {
        try (CuratorFramework client = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100)))
        {
            client.start();
            final String path = LockGateway.ROOT + party;
            final List<String> children = client.getChildren().forPath(path);
            children.sort((a, b) -> a.substring(a.lastIndexOf('-') + 1).compareTo(b.substring(b.lastIndexOf('-') + 1)));
            return client.checkExists().forPath(path + "/" + children.get(0)).getCzxid();
        }
    }

    private int queued(final String party) throws Exception
    {
        try (CuratorFramework client = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100)))
        {
            client.start();
            return client.getChildren().forPath(LockGateway.ROOT + party).size();
        }
    }

    private static List<String> held(final LockGateway gateway)
    {
        try
        {
            return gateway.held();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static void await(final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            assertThat(System.nanoTime() - deadline).as("condition not met within 20 s").isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
