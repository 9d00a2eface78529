package io.resilientgateways.aeron.node;

import io.aeron.cluster.ClusterControl;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.resilientgateways.aeron.service.BalancerClusteredService;
import io.resilientgateways.aeron.service.BalancerServiceContext;
import io.resilientgateways.aeron.security.CredentialsTable;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.io.File;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Several {@link BalancerNode}s in one JVM on loopback, for tests, benchmarks and demos: unique directories (aeron
 * directories under {@code /dev/shm} when it exists), members restartable from their data, and a media driver for
 * clients in the same JVM. {@link #close()} stops everything and deletes every directory it made.
 * <p>
 * Each member runs a {@link BalancerClusteredService}, or any {@link ClusteredService} a factory makes (a team's own
 * service embedding the {@code BalancerServiceComponent}, see {@link #withService}), a new instance per start.
 * Not thread-safe: drive it from one thread.
 */
public final class LocalCluster implements AutoCloseable
{
    private final int memberCount;
    private final int basePort;
    private final long sessionTimeoutMs;
    private final long leaderHeartbeatTimeoutMs;
    private final CredentialsTable credentials;
    private final IntFunction<ClusteredService> serviceFactory;
    private final File root;
    private final String shmRoot;
    private final BalancerNode[] nodes;
    private final ClusteredService[] services;
    private MediaDriver clientDriver;
    private Consumer<BalancerNode.Context> nodeSettings = (ctx) -> {};

    /**
     * @param memberCount              members.
     * @param basePort                 first port; members use basePort .. basePort + 10 * memberCount.
     * @param sessionTimeoutMs         client session timeout.
     * @param leaderHeartbeatTimeoutMs leader heartbeat timeout.
     * @param credentials              accepted clients, or null for none required.
     * @param serviceContext           makes each member's service settings.
     */
    public LocalCluster(
        final int memberCount,
        final int basePort,
        final long sessionTimeoutMs,
        final long leaderHeartbeatTimeoutMs,
        final CredentialsTable credentials,
        final Supplier<BalancerServiceContext> serviceContext)
    {
        this(memberCount, basePort, sessionTimeoutMs, leaderHeartbeatTimeoutMs, credentials,
            (member) -> new BalancerClusteredService(serviceContext.get().sessionTimeoutMs(sessionTimeoutMs)));
    }

    private LocalCluster(
        final int memberCount,
        final int basePort,
        final long sessionTimeoutMs,
        final long leaderHeartbeatTimeoutMs,
        final CredentialsTable credentials,
        final IntFunction<ClusteredService> serviceFactory)
    {
        this.memberCount = memberCount;
        this.basePort = basePort;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.leaderHeartbeatTimeoutMs = leaderHeartbeatTimeoutMs;
        this.credentials = credentials;
        this.serviceFactory = serviceFactory;
        final String suffix = "rg-" + basePort + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        root = new File(System.getProperty("java.io.tmpdir"), suffix);
        final File shm = new File("/dev/shm");
        shmRoot = (shm.isDirectory() ? shm.getPath() : root.getPath()) + File.separator + "aeron-" + suffix;
        nodes = new BalancerNode[memberCount];
        services = new ClusteredService[memberCount];
    }

    /**
     * A cluster running a service of your own on every member.
     *
     * @param memberCount              members.
     * @param basePort                 first port; members use basePort .. basePort + 10 * memberCount.
     * @param sessionTimeoutMs         client session timeout (give an embedded component the same).
     * @param leaderHeartbeatTimeoutMs leader heartbeat timeout.
     * @param credentials              accepted clients, or null for none required.
     * @param serviceFactory           makes a new service for a member on each start (called with the member id).
     * @return the cluster, not started.
     */
    public static LocalCluster withService(
        final int memberCount,
        final int basePort,
        final long sessionTimeoutMs,
        final long leaderHeartbeatTimeoutMs,
        final CredentialsTable credentials,
        final IntFunction<ClusteredService> serviceFactory)
    {
        return new LocalCluster(
            memberCount, basePort, sessionTimeoutMs, leaderHeartbeatTimeoutMs, credentials, serviceFactory);
    }

    /**
     * @param nodeSettings applied to each member's settings on every start, after the cluster's own (e.g. the
     *                     leader heartbeat interval).
     * @return this.
     */
    public LocalCluster nodeSettings(final Consumer<BalancerNode.Context> nodeSettings)
    {
        this.nodeSettings = nodeSettings;
        return this;
    }

    /**
     * Start every member from scratch.
     *
     * @return this.
     */
    public LocalCluster start()
    {
        for (int i = 0; i < memberCount; i++)
        {
            start(i, true);
        }
        return this;
    }

    /**
     * @param member     which.
     * @param cleanStart true to delete its data first; false to restart from its snapshot and log.
     */
    public void start(final int member, final boolean cleanStart)
    {
        services[member] = serviceFactory.apply(member);
        final BalancerNode.Context ctx = new BalancerNode.Context()
            .memberId(member)
            .memberCount(memberCount)
            .basePort(basePort)
            .baseDir(baseDir(member))
            .aeronDirectoryName(shmRoot + "-node-" + member)
            .sessionTimeoutMs(sessionTimeoutMs)
            .leaderHeartbeatTimeoutMs(leaderHeartbeatTimeoutMs)
            .credentials(credentials)
            .cleanStart(cleanStart)
            .errorHandler(LocalCluster::quietError)
            .service(services[member]);
        nodeSettings.accept(ctx);
        nodes[member] = BalancerNode.launch(ctx);
    }

    /**
     * Stop a member (its data stays for a restart).
     *
     * @param member which.
     */
    public void stop(final int member)
    {
        CloseHelper.quietClose(nodes[member]);
        nodes[member] = null;
    }

    /**
     * @param timeoutMs how long to wait.
     * @return the leader's member id.
     * @throws IllegalStateException if none within the timeout.
     */
    public int awaitLeader(final long timeoutMs)
    {
        final int[] leader = {-1};
        await(timeoutMs, "a leader", () ->
        {
            for (int i = 0; i < memberCount; i++)
            {
                if (null != nodes[i] && nodes[i].isLeader())
                {
                    leader[0] = i;
                    return true;
                }
            }
            return false;
        });
        return leader[0];
    }

    /**
     * Ask the leader for a snapshot and wait until every running member has taken it.
     *
     * @param timeoutMs how long to wait.
     */
    public void snapshot(final long timeoutMs)
    {
        final int leader = awaitLeader(timeoutMs);
        final long[] before = new long[memberCount];
        for (int i = 0; i < memberCount; i++)
        {
            before[i] = null == nodes[i] ? 0 : nodes[i].snapshotCount();
        }
        await(timeoutMs, "the snapshot toggle", () -> ClusterControl.ToggleState.SNAPSHOT.toggle(
            nodes[leader].consensusModule().context().controlToggleCounter()));
        await(timeoutMs, "snapshots on every member", () ->
        {
            for (int i = 0; i < memberCount; i++)
            {
                if (null != nodes[i] && nodes[i].snapshotCount() <= before[i])
                {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * @param member which.
     * @return its service (read only from other threads through thread-safe accessors).
     * @throws IllegalStateException if the member runs another kind of service (see {@link #clusteredService}).
     */
    public BalancerClusteredService service(final int member)
    {
        if (services[member] instanceof BalancerClusteredService balancerService)
        {
            return balancerService;
        }
        throw new IllegalStateException("member " + member + " runs " + services[member]);
    }

    /**
     * @param member which.
     * @return the service instance of its latest start, whatever its kind (read it from other threads only through
     * its thread-safe accessors).
     */
    public ClusteredService clusteredService(final int member)
    {
        return services[member];
    }

    /**
     * @param member which.
     * @return the member, or null if stopped.
     */
    public BalancerNode node(final int member)
    {
        return nodes[member];
    }

    /**
     * @param member which.
     * @return its data directory (archive and cluster directories under it), kept across restarts.
     */
    public File baseDir(final int member)
    {
        return new File(root, "node-" + member);
    }

    /**
     * @return ingress endpoints for clients.
     */
    public String ingressEndpoints()
    {
        return BalancerNode.ingressEndpoints(memberCount, basePort, "localhost");
    }

    /**
     * @return the media driver directory for clients in this JVM (launched on first use).
     */
    public String clientAeronDirectoryName()
    {
        if (null == clientDriver)
        {
            clientDriver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(shmRoot + "-clients")
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
                .termBufferSparseFile(true)
                .publicationTermBufferLength(64 * 1024)
                .ipcTermBufferLength(64 * 1024)
                .asyncExecutorEnabled(false)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
        }
        return clientDriver.aeronDirectoryName();
    }

    /**
     * @param credentials what to present, or null.
     * @return a cluster client context for a client in this JVM.
     */
    public AeronCluster.Context clientContext(final String credentials)
    {
        final AeronCluster.Context ctx = new AeronCluster.Context()
            .aeronDirectoryName(clientAeronDirectoryName())
            .ingressChannel("aeron:udp?term-length=128k")
            .ingressEndpoints(ingressEndpoints())
            .egressChannel("aeron:udp?endpoint=localhost:0|term-length=128k")
            .messageTimeoutNs(TimeUnit.SECONDS.toNanos(5))
            .newLeaderTimeoutNs(TimeUnit.SECONDS.toNanos(5)); // not Aeron's 2 x heartbeat timeout: docs/operations.md
        if (null != credentials)
        {
            final byte[] bytes = credentials.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            ctx.credentialsSupplier(new io.aeron.security.CredentialsSupplier()
            {
                public byte[] encodedCredentials()
                {
                    return bytes.clone();
                }

                public byte[] onChallenge(final byte[] encodedChallenge)
                {
                    return bytes.clone();
                }
            });
        }
        return ctx;
    }

    /**
     * @return a fresh directory name under the same root, for a child process's media driver.
     */
    public String newAeronDirectoryName(final String name)
    {
        return shmRoot + "-" + name;
    }

    /**
     * Stop every member and the client driver; delete every directory made.
     */
    public void close()
    {
        for (int i = 0; i < memberCount; i++)
        {
            stop(i);
        }
        CloseHelper.quietClose(clientDriver);
        IoUtil.delete(root, true);
        final File shmParent = new File(shmRoot).getParentFile();
        final String prefix = new File(shmRoot).getName();
        final File[] leftovers = shmParent.listFiles((dir, name) -> name.startsWith(prefix));
        if (null != leftovers)
        {
            for (final File f : leftovers)
            {
                IoUtil.delete(f, true);
            }
        }
    }

    /**
     * Wait for a condition, polling every millisecond.
     *
     * @param timeoutMs how long.
     * @param what      described in the exception.
     * @param condition to wait for.
     * @throws IllegalStateException on timeout.
     */
    public static void await(final long timeoutMs, final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        final SleepingMillisIdleStrategy idle = new SleepingMillisIdleStrategy(1);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            idle.idle();
        }
    }

    private static void quietError(final Throwable ex)
    {
        if (Boolean.getBoolean("rg.verbose"))
        {
            ex.printStackTrace();
        }
    }
}
