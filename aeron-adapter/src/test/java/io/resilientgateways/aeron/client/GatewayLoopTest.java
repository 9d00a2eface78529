package io.resilientgateways.aeron.client;

import io.resilientgateways.aeron.codecs.AddTaskEncoder;
import io.resilientgateways.aeron.codecs.MessageHeaderEncoder;
import io.resilientgateways.aeron.service.BalancerServiceComponent;
import io.resilientgateways.aeron.service.BalancerServiceContext;
import io.resilientgateways.aeron.service.FakeCluster;
import io.resilientgateways.core.Assignment;
import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.core.TaskStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real gateway sessions against the real service component, through an in-memory leader that can lose egress: a
 * Close lost on the way is noticed (sequence gap), resynced, acknowledged, and rebalancing carries on.
 */
class GatewayLoopTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final FakeCluster cluster = new FakeCluster();
    private final BalancerServiceComponent component = new BalancerServiceComponent(new BalancerServiceContext()
        .balancerConfig(new BalancerConfig())
        .sessionTimeoutMs(1_000));
    private final List<Gateway> gateways = new ArrayList<>();
    private long nowNs = 5_000 * MS;

    {
        cluster.time(1_000);
        component.onStart(cluster, null);
        component.onNewLeadershipTermEvent(0, cluster.time(), TimeUnit.MILLISECONDS);
    }

    private final class Gateway implements GatewayListener
    {
        final String name;
        final FakeCluster.Session clusterSide;
        final GatewaySession session;
        final TreeMap<String, Long> held = new TreeMap<>();
        final GatewayProxy.Ingress ingress;
        final List<UnsafeBuffer> outbox = new ArrayList<>();
        int delivered;

        Gateway(final String name)
        {
            this.name = name;
            clusterSide = cluster.openSession("gateway:" + name);
            session = new GatewaySession(new GatewayContext()
                .workerName(name).ingressEndpoints("0=localhost:1").aeronDirectoryName("/dev/null")
                .sessionTimeoutMs(1_000).fenceMarginMs(200).keepaliveIntervalMs(100)
                .nanoClock(() -> nowNs).listener(this).conclude(), new GatewayProxy());
            ingress = (buffer, offset, length) ->
            {
                final UnsafeBuffer copy = new UnsafeBuffer(new byte[length]);
                copy.putBytes(0, buffer, offset, length);
                outbox.add(copy);
                return 1;
            };
            session.onConnected(nowNs, nowNs);
        }

        public void onOpen(final String task, final long epoch, final OpenCompletion done)
        {
            held.put(task, epoch);
            done.opened();
        }

        public void onClose(final String task, final long epoch)
        {
            held.remove(task, epoch);
        }
    }

    @Test
    void aLostCloseIsResyncedAndRebalancingCarriesOn()
    {
        final Gateway gw1 = new Gateway("gw-1");
        gateways.add(gw1);
        run(5);
        final FakeCluster.Session admin = cluster.openSession("admin:ops");
        for (int i = 1; i <= 4; i++)
        {
            addTask(admin, "PARTY-" + i);
        }
        run(5);
        assertThat(gw1.held).hasSize(4);

        gw1.clusterSide.loseTemplateId = io.resilientgateways.aeron.codecs.CloseEncoder.TEMPLATE_ID;
        gw1.clusterSide.loseNext = 1; // the first Close gw-1 gets next (as gw-2 joins) is lost
        final Gateway gw2 = new Gateway("gw-2");
        gateways.add(gw2);
        run(50);

        assertThat(gw1.clusterSide.loseNext).isZero();
        assertThat(gw1.session.resyncCount()).isGreaterThanOrEqualTo(1);
        assertThat(gw1.held.size() + gw2.held.size()).isEqualTo(4);
        assertThat(gw2.held).hasSize(2);
        final List<Assignment> all = component.balancer().assignments();
        assertThat(all).allSatisfy((a) -> assertThat(a.status()).isEqualTo(TaskStatus.OPEN));

        // and the next membership change still rebalances
        final Gateway gw3 = new Gateway("gw-3");
        gateways.add(gw3);
        run(50);
        assertThat(gw3.held).isNotEmpty();
        assertThat(component.balancer().assignments())
            .allSatisfy((a) -> assertThat(a.status()).isEqualTo(TaskStatus.OPEN));
    }

    private void run(final int cycles)
    {
        for (int i = 0; i < cycles; i++)
        {
            nowNs += 20 * MS;
            cluster.time(cluster.time() + 20);
            cluster.fireDueTimers(component);
            for (final Gateway g : gateways)
            {
                g.session.beforePoll(nowNs);
                while (g.delivered < g.clusterSide.received.size())
                {
                    final UnsafeBuffer m = g.clusterSide.received.get(g.delivered++);
                    g.session.onMessage(m, 0, m.capacity());
                }
                g.session.afterPoll(nowNs, g.ingress);
                for (final UnsafeBuffer m : g.outbox)
                {
                    component.onSessionMessage(g.clusterSide, cluster.time(), m, 0, m.capacity());
                }
                g.outbox.clear();
            }
        }
    }

    private void addTask(final FakeCluster.Session admin, final String task)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final AddTaskEncoder e = new AddTaskEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .correlationId(1).weight(1);
        e.requiredCapabilitiesCount(0);
        e.task(task);
        component.onSessionMessage(admin, cluster.time(), buffer, 0,
            MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }
}
