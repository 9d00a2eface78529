package io.resilientgateways.aeron.it;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.resilientgateways.aeron.service.BalancerServiceComponent;
import io.resilientgateways.aeron.service.BalancerServiceContext;
import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.client.GatewayClient;
import io.resilientgateways.aeron.client.GatewayContext;
import io.resilientgateways.aeron.client.GatewayListener;
import io.resilientgateways.aeron.client.OpenCompletion;
import io.resilientgateways.aeron.node.LocalCluster;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The extension points a team's own service and gateway use: a custom {@link ClusteredService} in
 * {@link LocalCluster}, application messages both ways ({@link GatewayClient#offer},
 * {@link GatewayListener#onApplicationMessage}, {@link BalancerServiceComponent#offer}), the duty-cycle hook, an
 * open the gateway refuses ({@link OpenCompletion#refused} releases it; with no other
 * gateway it comes back only after the release backoff), and the client's lease usage
 * ({@link GatewayClient#maxSilenceNs()}).
 */
class ApplicationMessageIT extends ClusterTestSupport
{
    static final int APP_SCHEMA_ID = 999;
    static final int MESSAGES = 5;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void applicationMessagesAndRefusedOpens()
    {
        sessionTimeoutMs = 1_000;
        cluster = LocalCluster.withService(3, 21700, sessionTimeoutMs, 1_000, CREDENTIALS, (member) ->
            new EchoService(new BalancerServiceContext().sessionTimeoutMs(sessionTimeoutMs)));
        cluster.start();
        cluster.awaitLeader(10_000);
        for (int i = 0; i < 3; i++)
        {
            assertThat(cluster.clusteredService(i)).isInstanceOf(EchoService.class);
        }

        final AppListener listener = new AppListener();
        final GatewayClient client = GatewayClient.start(new GatewayContext()
            .workerName("gw-1")
            .capabilities(List.of("API_GATEWAY"))
            .credentials("gateway:gw-1:pw-1")
            .ingressEndpoints(cluster.ingressEndpoints())
            .aeronDirectoryName(cluster.clientAeronDirectoryName())
            .sessionTimeoutMs(sessionTimeoutMs)
            .listener(listener));
        listener.client = client;
        closeables.add(client);
        final AdminClient admin = admin();
        assertThat(admin.addTask("PARTY-01", 1, "API_GATEWAY").accepted()).isTrue();
        assertThat(admin.addTask("PARTY-REFUSED", 1, "API_GATEWAY").accepted()).isTrue();

        await(10_000, "echoes", () -> listener.echoes.size() == MESSAGES);
        assertThat(listener.echoes).containsExactly(1L, 2L, 3L, 4L, 5L);
        await(10_000, "PARTY-01 open", () -> admin.assignments().stream()
            .anyMatch((a) -> a.task().equals("PARTY-01") && a.status().equals("OPEN")));
        await(10_000, "the refusal and its retry after the release backoff", () ->
        {
            admin.poll();
            return listener.refusedAt.size() >= 2;
        });
        assertThat(listener.refusedAt.get(1) - listener.refusedAt.get(0))
            .as("no ping-pong: asked again only after the 2 s backoff")
            .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(1_500));
        assertThat(admin.history("PARTY-REFUSED", 0).stream().map(AdminClient.HistoryRecord::cause))
            .contains("gw-1 released it", "retry after gw-1 released it");
        assertThat(admin.assignments().stream().filter((a) -> a.task().equals("PARTY-REFUSED")).findFirst()
            .orElseThrow().status()).isNotEqualTo("OPEN");
        assertThat(listener.opened).containsExactly("PARTY-01");
        await(5_000, "a heartbeat answered while registered", () -> client.maxSilenceNs() > 0);
        assertThat(client.maxSilenceNs()).as("about one keepalive interval, well under the 800 ms lease")
            .isLessThan(TimeUnit.MILLISECONDS.toNanos(800));
    }

    static final class AppListener implements GatewayListener
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        final List<Long> echoes = new CopyOnWriteArrayList<>();
        final List<String> opened = new CopyOnWriteArrayList<>();
        volatile GatewayClient client;
        final List<Long> refusedAt = new CopyOnWriteArrayList<>();
        long sent;

        public void onOpen(final String task, final long epoch, final OpenCompletion done)
        {
            if (task.equals("PARTY-REFUSED"))
            {
                refusedAt.add(System.nanoTime());
                done.refused("refused by the test");
                return;
            }
            opened.add(task);
            done.opened();
        }

        public void onClose(final String task, final long epoch)
        {
        }

        public int onDutyCycle(final long nowNs)
        {
            final GatewayClient c = client;
            if (null == c || sent >= MESSAGES)
            {
                return 0;
            }
            buffer.putShort(0, (short)8, ByteOrder.LITTLE_ENDIAN);
            buffer.putShort(2, (short)1, ByteOrder.LITTLE_ENDIAN);
            buffer.putShort(4, (short)APP_SCHEMA_ID, ByteOrder.LITTLE_ENDIAN);
            buffer.putShort(6, (short)1, ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(8, sent + 1, ByteOrder.LITTLE_ENDIAN);
            if (c.offer(buffer, 0, 16) > 0)
            {
                sent++;
                return 1;
            }
            return 0;
        }

        public void onApplicationMessage(final DirectBuffer buffer, final int offset, final int length)
        {
            if (length == 16 && buffer.getShort(offset + 4, ByteOrder.LITTLE_ENDIAN) == APP_SCHEMA_ID)
            {
                echoes.add(buffer.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN));
            }
        }
    }

    /**
     * A host service of its own: embeds the component and echoes every message of another schema to its sender.
     */
    static final class EchoService implements ClusteredService
    {
        private final BalancerServiceComponent component;

        EchoService(final BalancerServiceContext ctx)
        {
            component = new BalancerServiceComponent(ctx);
        }

        public void onStart(final Cluster cluster, final Image snapshotImage)
        {
            component.onStart(cluster, snapshotImage);
        }

        public void onSessionOpen(final ClientSession session, final long timestamp)
        {
            component.onSessionOpen(session, timestamp);
        }

        public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
        {
            component.onSessionClose(session, timestamp, closeReason);
        }

        public void onSessionMessage(
            final ClientSession session,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final Header header)
        {
            if (!component.onSessionMessage(session, timestamp, buffer, offset, length))
            {
                component.offer(session, buffer, offset, length);
            }
        }

        public void onTimerEvent(final long correlationId, final long timestamp)
        {
            component.onTimerEvent(correlationId, timestamp);
        }

        public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
        {
            component.onTakeSnapshot(snapshotPublication);
        }

        public void onRoleChange(final Cluster.Role newRole)
        {
            component.onRoleChange(newRole);
        }

        public void onTerminate(final Cluster cluster)
        {
        }

        public void onNewLeadershipTermEvent(
            final long leadershipTermId,
            final long logPosition,
            final long timestamp,
            final long termBaseLogPosition,
            final int leaderMemberId,
            final int logSessionId,
            final java.util.concurrent.TimeUnit timeUnit,
            final int appVersion)
        {
            component.onNewLeadershipTermEvent(leadershipTermId, timestamp, timeUnit);
        }
    }
}
