package io.resilientgateways.aeron.it;

import io.resilientgateways.aeron.service.BalancerServiceContext;
import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.client.GatewayClient;
import io.resilientgateways.aeron.client.GatewayContext;
import io.resilientgateways.aeron.node.LocalCluster;
import io.resilientgateways.aeron.security.CredentialsTable;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static java.util.List.of;

/**
 * Shared set-up of the real-cluster tests: a fresh 3-node cluster per test with its own ports and directories,
 * gateways in this JVM, and teardown in a safe order (clients first, then nodes, then directories).
 */
abstract class ClusterTestSupport
{
    static final String ADMIN = "admin:ops:admin-secret";
    static final CredentialsTable CREDENTIALS = CredentialsTable.of(
        "gateway:gw-1:pw-1", "gateway:gw-2:pw-2", "gateway:gw-3:pw-3", "gateway:gw-kill:pw-kill", ADMIN);

    final List<AutoCloseable> closeables = new ArrayList<>();
    final Map<String, RecordingListener> listeners = new HashMap<>();
    LocalCluster cluster;
    long sessionTimeoutMs;

    LocalCluster startCluster(final int basePort, final long sessionTimeoutMs, final long leaderHeartbeatMs)
    {
        this.sessionTimeoutMs = sessionTimeoutMs;
        cluster = new LocalCluster(3, basePort, sessionTimeoutMs, leaderHeartbeatMs, CREDENTIALS,
            () -> new BalancerServiceContext().restartReconnectWindowMs(10_000));
        cluster.start();
        cluster.awaitLeader(10_000);
        return cluster;
    }

    GatewayClient startGateway(final String name)
    {
        final RecordingListener listener = new RecordingListener(name);
        listeners.put(name, listener);
        final GatewayClient client = GatewayClient.start(new GatewayContext()
            .workerName(name)
            .capabilities(of("API_GATEWAY"))
            .credentials("gateway:" + name + ":pw-" + name.substring(3))
            .ingressEndpoints(cluster.ingressEndpoints())
            .aeronDirectoryName(cluster.clientAeronDirectoryName())
            .sessionTimeoutMs(sessionTimeoutMs)
            .keepaliveIntervalMs(100)
            .fenceMarginMs(Math.max(100, sessionTimeoutMs / 5))
            .listener(listener));
        listener.client = client;
        closeables.add(client);
        return client;
    }

    /**
     * A gateway whose duty cycle runs on a thread of the test's, which the test can pause (as if the process were
     * frozen: no heartbeats, nothing read) and resume.
     */
    static final class PausableGateway implements AutoCloseable
    {
        final GatewayClient client;
        final RecordingListener listener;
        final Thread thread;
        volatile boolean paused;
        volatile boolean running = true;

        PausableGateway(final GatewayClient client, final RecordingListener listener)
        {
            this.client = client;
            this.listener = listener;
            thread = new Thread(this::run, "pausable-" + listener.name);
            thread.setDaemon(true);
            thread.start();
        }

        private void run()
        {
            while (running)
            {
                if (paused || 0 == client.doWork())
                {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
            }
            client.onClose();
        }

        public void close() throws InterruptedException
        {
            running = false;
            thread.join(10_000);
        }
    }

    PausableGateway startPausableGateway(final String name)
    {
        final RecordingListener listener = new RecordingListener(name);
        listeners.put(name, listener);
        final GatewayClient client = new GatewayClient(new GatewayContext()
            .workerName(name)
            .capabilities(of("API_GATEWAY"))
            .credentials("gateway:" + name + ":pw-" + name.substring(3))
            .ingressEndpoints(cluster.ingressEndpoints())
            .aeronDirectoryName(cluster.clientAeronDirectoryName())
            .sessionTimeoutMs(sessionTimeoutMs)
            .keepaliveIntervalMs(100)
            .fenceMarginMs(Math.max(100, sessionTimeoutMs / 5))
            .listener(listener));
        listener.client = client;
        final PausableGateway gateway = new PausableGateway(client, listener);
        closeables.add(gateway);
        return gateway;
    }

    AdminClient admin()
    {
        final AdminClient admin = AdminClient.connect(cluster.clientContext(ADMIN));
        closeables.add(admin);
        return admin;
    }

    void addTasks(final AdminClient admin, final int count)
    {
        addTasks(admin, count, 1);
    }

    void addTasks(final AdminClient admin, final int last, final int first)
    {
        for (int i = first; i <= last; i++)
        {
            final AdminClient.Reply reply = admin.addTask(String.format("PARTY-%02d", i), 1, "API_GATEWAY");
            if (!reply.accepted())
            {
                throw new IllegalStateException("add task refused: " + reply);
            }
        }
    }

    static void await(final long timeoutMs, final String what, final BooleanSupplier condition)
    {
        LocalCluster.await(timeoutMs, what, condition);
    }

    int totalHeld()
    {
        return listeners.values().stream().mapToInt((l) -> l.held.size()).sum();
    }

    @AfterEach
    void tearDown()
    {
        for (int i = closeables.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(closeables.get(i));
        }
        closeables.clear();
        CloseHelper.quietClose(cluster);
    }
}
