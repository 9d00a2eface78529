package io.resilientgateways.aeron.node;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusterControl;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.ElectionState;
import io.aeron.cluster.NodeControl;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.resilientgateways.aeron.time.MonotonicClusterClock;
import io.resilientgateways.aeron.security.CredentialsTable;
import io.aeron.Aeron;
import io.aeron.Counter;
import io.resilientgateways.aeron.security.TableAuthenticator;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.PropertyAction;
import org.agrona.SystemUtil;
import org.agrona.concurrent.NoOpLock;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One member of a balancer cluster: media driver, archive, consensus module and service container in this JVM,
 * configured for loopback or a LAN with small buffers, sub-second failure detection and cheap idling (see
 * {@code docs/operations.md}). Ports: member {@code i} uses {@code basePort + 10 * i} plus 0 (ingress),
 * 1 (consensus), 2 (log), 3 (catch-up), 4 (archive control). Members on several hosts (each with its own base
 * port) are given by {@link Context#memberEndpoints(List)}.
 * <pre>{@code
 * BalancerNode node = BalancerNode.launch(new BalancerNode.Context()
 *     .memberId(0).memberCount(3).basePort(20000)
 *     .baseDir(new File("/var/lib/rg/node0"))
 *     .credentials(CredentialsTable.load(Path.of("credentials.txt")))
 *     .service(new BalancerClusteredService(new BalancerServiceContext().sessionTimeoutMs(1_000))));
 * }</pre>
 * <p>
 * Healing: a member restarted on the data of a {@code kill -9}ed process starts at once (the dead process's mark
 * files are cleared, see {@code StaleMarkFiles}); a member that stops taking part without dying (no completed
 * election for {@link Context#stallTimeoutMs}, or looping on "log replication has not progressed") is reported once
 * per episode: a {@code STALLED} line to {@link Context#eventLog}, the counter {@value #STALLS_COUNTER_TYPE_ID}
 * ({@code rg-member-stalls}) and {@link Context#onStall}, whose owner may restart the member (the trading node does).
 * Consensus warnings ("quorum position went backwards", and a follower's catch-up refused because log retention
 * deleted the log it needs) are counted under {@value #WARNINGS_COUNTER_TYPE_ID}.
 * <p>
 * Configuration: the settings below come from, in order, the {@link Context}'s setters, system properties (which a
 * file can supply, {@link #loadConfiguration(String)}), then our defaults. Aeron's own properties ({@code aeron.*},
 * {@code aeron.archive.*}, {@code aeron.cluster.*}) are honoured: a setting Aeron reads from a property set on this
 * JVM is never overridden by our defaults (threading, idle strategies, term and segment lengths, channels, timeouts).
 * Ours are under {@code resilientgateways.*} ({@link Configuration}). The data directories are kept across restarts
 * unless {@link Context#cleanStart(boolean)} asks to wipe them, which is logged as a warning.
 * <p>
 * Snapshots: the member that leads asks Aeron for a snapshot every {@link Context#snapshotIntervalMs} (default
 * {@value Configuration#SNAPSHOT_INTERVAL_MS_DEFAULT} ms, 0 turns it off) through the consensus module's control
 * toggle, so a restart replays the log from the latest snapshot instead of from the beginning. Log retention
 * ({@link Context#logRetainSnapshots}, off by default) then deletes, after each snapshot, the log below the oldest
 * of the newest snapshots kept and the older snapshots' recordings, but never log committed within the last
 * {@link Context#logRetainMinMs}, nor (on the leader) log that a follower heard from within that time still needs; a
 * member down for longer than both must be seeded from a peer's data ({@code docs/operations.md}).
 * <p>
 * Thread-safe to close from any thread; the Aeron agents run on their own threads.
 */
public final class BalancerNode implements AutoCloseable
{
    /** Counter type id of the member's stall count (AeronStat shows it). */
    public static final int STALLS_COUNTER_TYPE_ID = 7_100;
    /** Counter type id of the member's consensus warnings ("quorum position went backwards"). */
    public static final int WARNINGS_COUNTER_TYPE_ID = 7_101;
    /** Counter type id of "log replication has not progressed" errors the member saw. */
    public static final int REPLICATION_FAILURES_COUNTER_TYPE_ID = 7_102;
    /** Counter type id of the log segment files this member deleted under {@link Context#logRetainSnapshots}. */
    public static final int PURGED_LOG_SEGMENTS_COUNTER_TYPE_ID = 7_103;
    /** Control stream id of every member's archive (UDP and IPC) and of the members' own archive clients. */
    static final int ARCHIVE_CONTROL_STREAM_ID = 10_000;

    /**
     * Names and defaults of our own system properties (Aeron's are in its {@code Configuration} classes).
     */
    public static final class Configuration
    {
        /** {@code true} wipes this member's archive and cluster directories on start. */
        public static final String CLEAN_START_PROP_NAME = "resilientgateways.node.clean.start";
        /** Milliseconds between the snapshots the leader asks for; 0 disables them. */
        public static final String SNAPSHOT_INTERVAL_MS_PROP_NAME = "resilientgateways.node.snapshot.interval.ms";
        /** Default snapshot interval: ten minutes. */
        public static final long SNAPSHOT_INTERVAL_MS_DEFAULT = 600_000;
        /**
         * Snapshots to keep: after each snapshot the member deletes its log below the oldest of them and the older
         * snapshots' recordings; 0 (default) keeps everything.
         */
        public static final String LOG_RETAIN_SNAPSHOTS_PROP_NAME = "resilientgateways.node.log.retain.snapshots";
        /**
         * Milliseconds for which log retention keeps every committed byte of the log, whatever the snapshots allow.
         */
        public static final String LOG_RETAIN_MIN_MS_PROP_NAME = "resilientgateways.node.log.retain.min.ms";
        /** Default minimum log retention: ten minutes. */
        public static final long LOG_RETAIN_MIN_MS_DEFAULT = 600_000;
        /** Milliseconds without a completed election before the member reports a stall; 0 derives it. */
        public static final String STALL_TIMEOUT_MS_PROP_NAME = "resilientgateways.node.stall.timeout.ms";
        /** Default client session timeout when {@code aeron.cluster.session.timeout} is not set. */
        public static final long SESSION_TIMEOUT_MS_DEFAULT = 1_000;
        /** Default leader heartbeat timeout when {@code aeron.cluster.leader.heartbeat.timeout} is not set. */
        public static final long LEADER_HEARTBEAT_TIMEOUT_MS_DEFAULT = 1_000;
        /** Default maximum of client sessions when {@code aeron.cluster.max.sessions} is not set (Aeron's is 10). */
        public static final int MAX_CONCURRENT_SESSIONS_DEFAULT = 1_000;

        private Configuration()
        {
        }
    }

    // java.util.logging: timestamped records with no dependency for users of the library, who route it to their
    // own logging with a bridge (e.g. SLF4J's jul-to-slf4j) or format it with java.util.logging.SimpleFormatter.format
    private static final Logger LOG = Logger.getLogger(BalancerNode.class.getName());

    private final Context ctx;
    private final ClusteredMediaDriver clusteredMediaDriver;
    private final ClusteredServiceContainer container;
    private final MemberHealth health;
    private final Thread healthWatcher;
    private final Aeron healthClient;
    private final Counter stallsCounter;
    private final Counter warningsCounter;
    private final Counter replicationFailuresCounter;
    private final Counter purgedLogSegmentsCounter;
    private final SnapshotSchedule snapshotSchedule;
    private final LogRetention logRetention;
    private final RecentLog recentLog;
    private long retentionSnapshotCount = -1;
    private boolean validateRecordingLog;
    private volatile boolean closed;

    private BalancerNode(final Context ctx)
    {
        this.ctx = ctx;
        final int id = ctx.memberId;
        health = new MemberHealth(ctx.stallTimeoutMs, ctx.previousStalls, ctx.eventLog);
        final ErrorHandler errorHandler = (ex) ->
        {
            health.onError(ex);
            ctx.errorHandler.onError(ex);
        };
        if (ctx.cleanStart)
        {
            final String warning = "cleanStart: deleting the archive and cluster directories under " +
                ctx.baseDir.getAbsolutePath() + " (this member's snapshots and log)";
            if (ctx.eventLogIsDefault)
            {
                LOG.warning(warning); // the record's level says WARNING
            }
            else
            {
                ctx.eventLog.accept("WARNING " + warning);
            }
        }
        StaleMarkFiles.clear(new File(ctx.baseDir, "cluster"), new File(ctx.baseDir, "archive"), ctx.eventLog);
        final String aeronDir = ctx.aeronDirectoryName;
        final String host = ctx.ownHost();
        final MediaDriver.Context driver = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .errorHandler(errorHandler);
        // our defaults for a small, cheap member; each only where Aeron's property is not set on this JVM
        if (unset(io.aeron.driver.Configuration.THREADING_MODE_PROP_NAME))
        {
            driver.threadingMode(ThreadingMode.SHARED);
        }
        if (unset(io.aeron.driver.Configuration.SHARED_IDLE_STRATEGY_PROP_NAME))
        {
            driver.sharedIdleStrategy(new SleepingMillisIdleStrategy(1));
        }
        if (unset(io.aeron.driver.Configuration.TERM_BUFFER_SPARSE_FILE_PROP_NAME))
        {
            driver.termBufferSparseFile(true);
        }
        if (unset(io.aeron.driver.Configuration.TERM_BUFFER_LENGTH_PROP_NAME))
        {
            driver.publicationTermBufferLength(64 * 1024);
        }
        if (unset(io.aeron.driver.Configuration.IPC_TERM_BUFFER_LENGTH_PROP_NAME))
        {
            driver.ipcTermBufferLength(64 * 1024);
        }
        if (unset(io.aeron.driver.Configuration.ASYNC_EXECUTOR_ENABLED_PROP_NAME))
        {
            driver.asyncExecutorEnabled(false);
        }
        if (unset(io.aeron.driver.Configuration.DIR_DELETE_ON_START_PROP_NAME))
        {
            driver.dirDeleteOnStart(true);   // the driver's directory only (under /dev/shm), never the member's data
        }
        if (unset(io.aeron.driver.Configuration.DIR_DELETE_ON_SHUTDOWN_PROP_NAME))
        {
            driver.dirDeleteOnShutdown(true);
        }
        // One control stream id for every member's archive, over UDP and IPC, and for the local archive clients: a
        // member that copies a term from the leader (log replication) asks the leader's archive on the stream id of
        // its own archive client. With a per-member id the request never arrived: "log replication has not
        // progressed" every leader heartbeat timeout, for ever (docs/reliability.md, LogReplicationIT).
        final AeronArchive.Context archiveClient = new AeronArchive.Context()
            .lock(NoOpLock.INSTANCE)
            .controlRequestChannel("aeron:ipc?term-length=64k")
            .controlResponseChannel("aeron:ipc?term-length=64k")
            .controlRequestStreamId(ARCHIVE_CONTROL_STREAM_ID)
            .controlResponseStreamId(20_000 + id)
            .aeronDirectoryName(aeronDir);
        final Archive.Context archive = new Archive.Context()
            .aeronDirectoryName(aeronDir)
            .archiveId(id)
            .archiveDir(new File(ctx.baseDir, "archive"))
            .controlChannel("aeron:udp?endpoint=" + host + ":" + (port(id) + 4) + "|term-length=64k")
            .controlStreamId(ARCHIVE_CONTROL_STREAM_ID)
            .localControlChannel("aeron:ipc?term-length=64k")
            .localControlStreamId(ARCHIVE_CONTROL_STREAM_ID)
            .errorHandler(errorHandler);
        if (unset(Archive.Configuration.REPLICATION_CHANNEL_PROP_NAME))
        {
            archive.replicationChannel("aeron:udp?endpoint=" + host + ":0");
        }
        if (unset(AeronArchive.Configuration.RECORDING_EVENTS_ENABLED_PROP_NAME))
        {
            archive.recordingEventsEnabled(false);
        }
        if (unset(Archive.Configuration.THREADING_MODE_PROP_NAME))
        {
            archive.threadingMode(ArchiveThreadingMode.SHARED);
        }
        if (unset(Archive.Configuration.ARCHIVE_IDLE_STRATEGY_PROP_NAME))
        {
            archive.idleStrategySupplier(() -> new SleepingMillisIdleStrategy(1));
        }
        if (unset(Archive.Configuration.SEGMENT_FILE_LENGTH_PROP_NAME))
        {
            archive.segmentFileLength(1024 * 1024);
        }
        if (ctx.cleanStart)
        {
            archive.deleteArchiveOnStart(true);
        }
        final ConsensusModule.Context consensus = new ConsensusModule.Context()
            // sessions time out on a clock a wall-clock step cannot move, like the gateways' leases, and a member
            // does not count its own pauses beyond half a leader heartbeat timeout against its clients and peers
            // (docs/operations.md, docs/reliability.md)
            .clusterClock(MonotonicClusterClock.excludingPauses(Math.max(1, ctx.leaderHeartbeatTimeoutMs / 2)))
            .aeronDirectoryName(aeronDir)
            .clusterMemberId(id)
            .clusterMembers(null != ctx.memberEndpoints ? clusterMembers(ctx.memberEndpoints) :
                clusterMembers(ctx.memberCount, ctx.basePort, host))
            .clusterDir(new File(ctx.baseDir, "cluster"))
            .archiveContext(archiveClient.clone())
            .sessionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(ctx.sessionTimeoutMs))
            .leaderHeartbeatTimeoutNs(TimeUnit.MILLISECONDS.toNanos(ctx.leaderHeartbeatTimeoutMs))
            .leaderHeartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(ctx.leaderHeartbeatIntervalMs > 0 ?
                ctx.leaderHeartbeatIntervalMs : Math.max(10, ctx.leaderHeartbeatTimeoutMs / 10)))
            .electionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(ctx.electionTimeoutMs > 0 ?
                ctx.electionTimeoutMs : Math.max(100, ctx.leaderHeartbeatTimeoutMs / 2)))
            .maxConcurrentSessions(ctx.maxConcurrentSessions)
            .errorHandler(errorHandler);
        if (unset(ConsensusModule.Configuration.STARTUP_CANVASS_TIMEOUT_PROP_NAME))
        {
            consensus.startupCanvassTimeoutNs(TimeUnit.MILLISECONDS.toNanos(ctx.leaderHeartbeatTimeoutMs * 2));
        }
        if (unset(ConsensusModule.Configuration.TERMINATION_TIMEOUT_PROP_NAME))
        {
            consensus.terminationTimeoutNs(TimeUnit.MILLISECONDS.toNanos(ctx.leaderHeartbeatTimeoutMs));
        }
        if (unset(AeronCluster.Configuration.INGRESS_CHANNEL_PROP_NAME))
        {
            consensus.ingressChannel("aeron:udp?term-length=128k");
        }
        if (unset(ConsensusModule.Configuration.LOG_CHANNEL_PROP_NAME))
        {
            consensus.logChannel("aeron:udp?term-length=256k");
        }
        if (unset(ConsensusModule.Configuration.REPLICATION_CHANNEL_PROP_NAME))
        {
            consensus.replicationChannel("aeron:udp?endpoint=" + host + ":0");
        }
        if (unset(ClusteredServiceContainer.Configuration.CLUSTER_IDLE_STRATEGY_PROP_NAME))
        {
            consensus.idleStrategySupplier(() -> new SleepingMillisIdleStrategy(1));
        }
        if (ctx.cleanStart)
        {
            consensus.deleteDirOnStart(true);
        }
        if (null != ctx.credentials)
        {
            consensus.authenticatorSupplier(TableAuthenticator.supplier(ctx.credentials));
        }
        final ClusteredServiceContainer.Context service = new ClusteredServiceContainer.Context()
            .aeronDirectoryName(aeronDir)
            .archiveContext(archiveClient.clone())
            .clusterDir(new File(ctx.baseDir, "cluster"))
            .clusteredService(ctx.service)
            .errorHandler(errorHandler);
        if (unset(ClusteredServiceContainer.Configuration.CLUSTER_IDLE_STRATEGY_PROP_NAME))
        {
            service.idleStrategySupplier(() -> new SleepingMillisIdleStrategy(1));
        }

        ClusteredMediaDriver md = null;
        ClusteredServiceContainer sc = null;
        try
        {
            md = ClusteredMediaDriver.launch(driver, archive, consensus);
            sc = ClusteredServiceContainer.launch(service);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(sc, md);
            throw ex;
        }
        clusteredMediaDriver = md;
        container = sc;
        // Its own client, driven by the health thread alone (the consensus module's client is not thread-safe).
        final Aeron aeron = Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(aeronDir)
            .clientName("rg-member-health-" + id)
            .useConductorAgentInvoker(true));
        healthClient = aeron;
        stallsCounter = aeron.addCounter(STALLS_COUNTER_TYPE_ID, "rg-member-stalls: memberId=" + id);
        warningsCounter = aeron.addCounter(WARNINGS_COUNTER_TYPE_ID, "rg-member-consensus-warnings: memberId=" + id);
        replicationFailuresCounter = aeron.addCounter(
            REPLICATION_FAILURES_COUNTER_TYPE_ID, "rg-member-replication-failures: memberId=" + id);
        purgedLogSegmentsCounter = aeron.addCounter(
            PURGED_LOG_SEGMENTS_COUNTER_TYPE_ID, "rg-member-purged-log-segments: memberId=" + id);
        // its own control session with the member's archive, answered on a stream no other client of it uses
        logRetention = ctx.logRetainSnapshots > 0 ? new LogRetention(
            id,
            ctx.logRetainSnapshots,
            new File(ctx.baseDir, "cluster"),
            archiveClient.clone().controlResponseStreamId(30_000 + id).aeron(aeron).ownsAeronClient(false),
            ctx.eventLog) : null;
        recentLog = null != logRetention ? new RecentLog(ctx.logRetainMinMs) : null;
        snapshotSchedule = new SnapshotSchedule(ctx.snapshotIntervalMs, TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));
        healthWatcher = new Thread(this::watchHealth, "member-health-" + id);
        healthWatcher.setDaemon(true);
        healthWatcher.start();
    }

    private void watchHealth()
    {
        final ConsensusModule.Context cm = clusteredMediaDriver.consensusModule().context();
        while (!closed && !cm.electionStateCounter().isClosed())
        {
            final long stallsBefore = health.stalls();
            health.poll(TimeUnit.NANOSECONDS.toMillis(System.nanoTime()), cm.electionStateCounter().get());
            stallsCounter.setRelease(health.stalls());
            warningsCounter.setRelease(health.quorumBackwards() + health.strandedCatchups());
            replicationFailuresCounter.setRelease(health.replicationFailures());
            healthClient.conductorAgentInvoker().invoke();
            if (snapshotSchedule.due(TimeUnit.NANOSECONDS.toMillis(System.nanoTime()), snapshotCount(), isLeader()) &&
                ClusterControl.ToggleState.SNAPSHOT.toggle(cm.controlToggleCounter()))
            {
                snapshotSchedule.requested();
            }
            if (null != logRetention)
            {
                recentLog.sample(TimeUnit.NANOSECONDS.toMillis(System.nanoTime()), cm.commitPositionCounter().get());
                applyRetention(cm);
            }
            if (health.stalls() != stallsBefore)
            {
                ctx.onStall.accept(health.lastStallReason());
            }
            try
            {
                Thread.sleep(100);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
        }
    }

    private void applyRetention(final ConsensusModule.Context cm)
    {
        final long snapshots = snapshotCount();
        // once an election is over (also after a restart, to finish what a crash interrupted), then after each snapshot
        if (snapshots != retentionSnapshotCount && ElectionState.CLOSED.code() == cm.electionStateCounter().get())
        {
            retentionSnapshotCount = snapshots;
            // never the log committed within the hold, nor (on the leader) the log a live follower still needs
            final long recent = recentLog.deletableBelow(TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));
            final long followers = isLeader() ? FollowerLogs.lowestNeeded(cm, recentLog.holdMs()) : Long.MAX_VALUE;
            validateRecordingLog |= followers < recent ?
                logRetention.purge(followers, "a follower's log position") :
                logRetention.purge(recent, "log committed within the hold");
            purgedLogSegmentsCounter.setRelease(logRetention.purgedSegments());
        }
        // the consensus module marks the entries of the snapshots whose recordings are gone invalid itself
        if (validateRecordingLog && NodeControl.ToggleState.VALIDATE_RECORDING_LOG.toggle(cm.nodeControlToggleCounter()))
        {
            validateRecordingLog = false;
        }
    }

    /**
     * @return log segment files this member deleted under {@link Context#logRetainSnapshots} since it started.
     */
    public long purgedLogSegments()
    {
        return null == logRetention ? 0 : logRetention.purgedSegments();
    }

    /**
     * @return snapshot recordings this member deleted under {@link Context#logRetainSnapshots} since it started.
     */
    public long purgedSnapshotRecordings()
    {
        return null == logRetention ? 0 : logRetention.purgedSnapshotRecordings();
    }

    /**
     * @return stalls reported since this member started.
     */
    public long stallCount()
    {
        return health.stalls();
    }

    /**
     * @return "log replication has not progressed" errors seen since this member started.
     */
    public long replicationFailureCount()
    {
        return health.replicationFailures();
    }

    /**
     * @param ctx settings; concluded here.
     * @return the running member.
     */
    public static BalancerNode launch(final Context ctx)
    {
        return new BalancerNode(ctx.conclude());
    }

    /**
     * Load a properties file into the system properties, as Aeron's own launchers do: {@code aeron.*},
     * {@code aeron.cluster.*} and {@code resilientgateways.*} settings for the nodes made after it. A property already
     * set on this JVM (e.g. with {@code -D}) wins over the file.
     *
     * @param fileOrUrl a file name, or a URL Agrona can read ({@code classpath:}, {@code file:}, {@code http:}).
     */
    public static void loadConfiguration(final String fileOrUrl)
    {
        SystemUtil.loadPropertiesFile(PropertyAction.PRESERVE, fileOrUrl);
    }

    private static boolean unset(final String propertyName)
    {
        return null == System.getProperty(propertyName);
    }

    private static long propertyMs(final String propertyName, final long defaultMs)
    {
        return TimeUnit.NANOSECONDS.toMillis(
            SystemUtil.getDurationInNanos(propertyName, TimeUnit.MILLISECONDS.toNanos(defaultMs)));
    }

    /**
     * @param memberCount members.
     * @param basePort    first port of member 0.
     * @param host        host name of every member (one host: loopback clusters).
     * @return the {@code clusterMembers} string.
     */
    public static String clusterMembers(final int memberCount, final int basePort, final String host)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < memberCount; i++)
        {
            final int p = basePort + 10 * i;
            sb.append(i).append(',').append(host).append(':').append(p)
                .append(',').append(host).append(':').append(p + 1)
                .append(',').append(host).append(':').append(p + 2)
                .append(',').append(host).append(':').append(p + 3)
                .append(',').append(host).append(':').append(p + 4).append('|');
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    /**
     * @param memberEndpoints {@code host:basePort} of each member, in member id order.
     * @return the {@code clusterMembers} string (ports basePort + 0..4 on each host).
     */
    public static String clusterMembers(final List<String> memberEndpoints)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < memberEndpoints.size(); i++)
        {
            final String host = hostOf(memberEndpoints.get(i));
            final int p = portOf(memberEndpoints.get(i));
            sb.append(i).append(',').append(host).append(':').append(p)
                .append(',').append(host).append(':').append(p + 1)
                .append(',').append(host).append(':').append(p + 2)
                .append(',').append(host).append(':').append(p + 3)
                .append(',').append(host).append(':').append(p + 4).append('|');
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    /**
     * @param memberEndpoints {@code host:basePort} of each member, in member id order.
     * @return the ingress endpoints string for {@code AeronCluster.Context.ingressEndpoints}.
     */
    public static String ingressEndpoints(final List<String> memberEndpoints)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < memberEndpoints.size(); i++)
        {
            sb.append(i).append('=').append(hostOf(memberEndpoints.get(i))).append(':')
                .append(portOf(memberEndpoints.get(i))).append(',');
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    /**
     * @param memberCount members.
     * @param basePort    first port of member 0.
     * @param host        host name of every member.
     * @return the ingress endpoints string for {@code AeronCluster.Context.ingressEndpoints}.
     */
    public static String ingressEndpoints(final int memberCount, final int basePort, final String host)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < memberCount; i++)
        {
            sb.append(i).append('=').append(host).append(':').append(basePort + 10 * i).append(',');
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    /**
     * @return true if this member is the leader and its election is over.
     */
    public boolean isLeader()
    {
        final ConsensusModule.Context cm = clusteredMediaDriver.consensusModule().context();
        return !cm.clusterNodeRoleCounter().isClosed() &&
            Cluster.Role.LEADER.code() == cm.clusterNodeRoleCounter().get() &&
            ElectionState.CLOSED.code() == cm.electionStateCounter().get();
    }

    /**
     * @return true if this member follows a leader and its election is over (it has caught up and joined the log).
     */
    public boolean isFollowing()
    {
        final ConsensusModule.Context cm = clusteredMediaDriver.consensusModule().context();
        return !cm.clusterNodeRoleCounter().isClosed() &&
            Cluster.Role.FOLLOWER.code() == cm.clusterNodeRoleCounter().get() &&
            ElectionState.CLOSED.code() == cm.electionStateCounter().get();
    }

    /**
     * @return how many snapshots this member has taken.
     */
    public long snapshotCount()
    {
        return clusteredMediaDriver.consensusModule().context().snapshotCounter().get();
    }

    /**
     * @return the consensus module (e.g. for its control toggle).
     */
    public ConsensusModule consensusModule()
    {
        return clusteredMediaDriver.consensusModule();
    }

    /**
     * @return the settings.
     */
    public Context context()
    {
        return ctx;
    }

    /**
     * Stop: consensus module, service container, archive, driver (the driver deletes its directory).
     */
    public void close()
    {
        closed = true;
        healthWatcher.interrupt();
        if (Thread.currentThread() != healthWatcher)
        {
            try
            {
                healthWatcher.join(5_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        CloseHelper.quietCloseAll(
            logRetention, stallsCounter, warningsCounter, replicationFailuresCounter, purgedLogSegmentsCounter,
            healthClient);
        CloseHelper.quietCloseAll(
            clusteredMediaDriver.consensusModule(), container, clusteredMediaDriver.archive(),
            clusteredMediaDriver.mediaDriver());
    }

    private int port(final int memberId)
    {
        return null != ctx.memberEndpoints ? portOf(ctx.memberEndpoints.get(memberId)) : ctx.basePort + 10 * memberId;
    }

    private static String hostOf(final String endpoint)
    {
        final int colon = endpoint.lastIndexOf(':');
        if (colon <= 0)
        {
            throw new IllegalArgumentException("expected host:port, got " + endpoint);
        }
        return endpoint.substring(0, colon);
    }

    private static int portOf(final String endpoint)
    {
        final int colon = endpoint.lastIndexOf(':');
        if (colon <= 0)
        {
            throw new IllegalArgumentException("expected host:port, got " + endpoint);
        }
        return Integer.parseInt(endpoint.substring(colon + 1));
    }

    /**
     * Settings of a {@link BalancerNode}.
     */
    public static final class Context
    {
        private int memberId;
        private int memberCount = 3;
        private int basePort = 20_000;
        private String hostname = "localhost";
        private File baseDir;
        private String aeronDirectoryName;
        private long sessionTimeoutMs = propertyMs(
            ConsensusModule.Configuration.SESSION_TIMEOUT_PROP_NAME, Configuration.SESSION_TIMEOUT_MS_DEFAULT);
        private long leaderHeartbeatTimeoutMs = propertyMs(
            ConsensusModule.Configuration.LEADER_HEARTBEAT_TIMEOUT_PROP_NAME,
            Configuration.LEADER_HEARTBEAT_TIMEOUT_MS_DEFAULT);
        private long leaderHeartbeatIntervalMs = propertyMs(
            ConsensusModule.Configuration.LEADER_HEARTBEAT_INTERVAL_PROP_NAME, 0);
        private long electionTimeoutMs = propertyMs(ConsensusModule.Configuration.ELECTION_TIMEOUT_PROP_NAME, 0);
        private List<String> memberEndpoints;
        private int maxConcurrentSessions = Integer.getInteger(
            ConsensusModule.Configuration.MAX_CONCURRENT_SESSIONS_PROP_NAME, Configuration.MAX_CONCURRENT_SESSIONS_DEFAULT);
        private boolean cleanStart = Boolean.getBoolean(Configuration.CLEAN_START_PROP_NAME);
        private long snapshotIntervalMs = Long.getLong(
            Configuration.SNAPSHOT_INTERVAL_MS_PROP_NAME, Configuration.SNAPSHOT_INTERVAL_MS_DEFAULT);
        private int logRetainSnapshots = Integer.getInteger(Configuration.LOG_RETAIN_SNAPSHOTS_PROP_NAME, 0);
        private long logRetainMinMs = Long.getLong(
            Configuration.LOG_RETAIN_MIN_MS_PROP_NAME, Configuration.LOG_RETAIN_MIN_MS_DEFAULT);
        private CredentialsTable credentials;
        private ClusteredService service;
        private ErrorHandler errorHandler = (ex) -> LOG.log(Level.WARNING, "Aeron reported an error", ex);
        private Consumer<String> eventLog = LOG::info;
        private boolean eventLogIsDefault = true;
        private Consumer<String> onStall = (reason) -> {};
        private long stallTimeoutMs = Long.getLong(Configuration.STALL_TIMEOUT_MS_PROP_NAME, 0);
        private long previousStalls;

        /**
         * Settings with their defaults, read from the system properties now set (see {@link #loadConfiguration}).
         */
        public Context()
        {
        }

        String ownHost()
        {
            return null != memberEndpoints ? hostOf(memberEndpoints.get(memberId)) : hostname;
        }

        Context conclude()
        {
            if (null == baseDir || null == aeronDirectoryName || null == service)
            {
                throw new IllegalStateException("baseDir, aeronDirectoryName and service are required");
            }
            if (null != memberEndpoints)
            {
                memberCount = memberEndpoints.size();
            }
            if (memberId < 0 || memberId >= memberCount)
            {
                throw new IllegalStateException("memberId " + memberId + " not in 0.." + (memberCount - 1));
            }
            if (snapshotIntervalMs < 0)
            {
                throw new IllegalStateException("snapshotIntervalMs must be 0 (off) or positive: " + snapshotIntervalMs);
            }
            if (logRetainSnapshots < 0 || 1 == logRetainSnapshots)
            {
                throw new IllegalStateException("logRetainSnapshots must be 0 (keep everything) or at least 2 (the " +
                    "latest snapshot and a fallback for invalidate-latest-snapshot): " + logRetainSnapshots);
            }
            if (logRetainMinMs < 0)
            {
                throw new IllegalStateException("logRetainMinMs must be 0 or positive: " + logRetainMinMs);
            }
            if (stallTimeoutMs <= 0)
            {
                stallTimeoutMs = Math.max(10_000, 20 * leaderHeartbeatTimeoutMs);
            }
            return this;
        }

        /**
         * @param memberId this member's id, 0-based.
         * @return this.
         */
        public Context memberId(final int memberId)
        {
            this.memberId = memberId;
            return this;
        }

        /**
         * @param memberCount how many members (default 3).
         * @return this.
         */
        public Context memberCount(final int memberCount)
        {
            this.memberCount = memberCount;
            return this;
        }

        /**
         * @param basePort first port of member 0 (default 20000).
         * @return this.
         */
        public Context basePort(final int basePort)
        {
            this.basePort = basePort;
            return this;
        }

        /**
         * @param hostname the host of every member (default localhost).
         * @return this.
         */
        public Context hostname(final String hostname)
        {
            this.hostname = hostname;
            return this;
        }

        /**
         * @param baseDir where the archive and cluster directories live (kept across restarts).
         * @return this.
         */
        public Context baseDir(final File baseDir)
        {
            this.baseDir = baseDir;
            return this;
        }

        /**
         * @param aeronDirectoryName the media driver's directory (deleted on start and shutdown).
         * @return this.
         */
        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        /**
         * @param sessionTimeoutMs client session timeout: a silent gateway is declared gone after this (default 1 s).
         * @return this.
         */
        public Context sessionTimeoutMs(final long sessionTimeoutMs)
        {
            this.sessionTimeoutMs = sessionTimeoutMs;
            return this;
        }

        /**
         * @return the client session timeout in milliseconds.
         */
        public long sessionTimeoutMs()
        {
            return sessionTimeoutMs;
        }

        /**
         * @param leaderHeartbeatTimeoutMs followers start an election after this without the leader (default 1 s).
         * @return this.
         */
        public Context leaderHeartbeatTimeoutMs(final long leaderHeartbeatTimeoutMs)
        {
            this.leaderHeartbeatTimeoutMs = leaderHeartbeatTimeoutMs;
            return this;
        }

        /**
         * @param leaderHeartbeatIntervalMs how often the leader heartbeats; 0 (default) derives it: a tenth of the
         *                                  leader heartbeat timeout, at least 10 ms.
         * @return this.
         */
        public Context leaderHeartbeatIntervalMs(final long leaderHeartbeatIntervalMs)
        {
            this.leaderHeartbeatIntervalMs = leaderHeartbeatIntervalMs;
            return this;
        }

        /**
         * @param electionTimeoutMs how long an election phase waits; 0 (default) derives it: half the leader
         *                          heartbeat timeout, at least 100 ms.
         * @return this.
         */
        public Context electionTimeoutMs(final long electionTimeoutMs)
        {
            this.electionTimeoutMs = electionTimeoutMs;
            return this;
        }

        /**
         * Members on several hosts: {@code host:basePort} of each member in member id order (member {@code i} binds
         * basePort + 0..4 on its host). Overrides {@link #memberCount}, {@link #basePort} and {@link #hostname}.
         *
         * @param memberEndpoints one entry per member.
         * @return this.
         */
        public Context memberEndpoints(final List<String> memberEndpoints)
        {
            this.memberEndpoints = List.copyOf(memberEndpoints);
            return this;
        }

        /**
         * @param maxConcurrentSessions client sessions allowed at once (default 1000; Aeron's default is 10).
         * @return this.
         */
        public Context maxConcurrentSessions(final int maxConcurrentSessions)
        {
            this.maxConcurrentSessions = maxConcurrentSessions;
            return this;
        }

        /**
         * @param cleanStart true deletes the archive and cluster directories on start, with a warning in the event
         *                   log; false (default, or {@value Configuration#CLEAN_START_PROP_NAME}) restarts from them
         *                   (latest snapshot, then the log after it).
         * @return this.
         */
        public Context cleanStart(final boolean cleanStart)
        {
            this.cleanStart = cleanStart;
            return this;
        }

        /**
         * @return true if the member wipes its data on start.
         */
        public boolean cleanStart()
        {
            return cleanStart;
        }

        /**
         * @param snapshotIntervalMs how often the leading member asks for a snapshot, in milliseconds; 0 never (default
         *                           {@value Configuration#SNAPSHOT_INTERVAL_MS_DEFAULT}, or
         *                           {@value Configuration#SNAPSHOT_INTERVAL_MS_PROP_NAME}).
         * @return this.
         */
        public Context snapshotIntervalMs(final long snapshotIntervalMs)
        {
            this.snapshotIntervalMs = snapshotIntervalMs;
            return this;
        }

        /**
         * @return the snapshot interval in milliseconds, 0 if periodic snapshots are off.
         */
        public long snapshotIntervalMs()
        {
            return snapshotIntervalMs;
        }

        /**
         * Log retention: keep the newest {@code logRetainSnapshots} snapshots and the log from the oldest of them on;
         * after each snapshot this member deletes its log segment files below that and the older snapshots'
         * recordings. 0 (default, or {@value Configuration#LOG_RETAIN_SNAPSHOTS_PROP_NAME}) keeps everything: the log
         * grows for ever, but a member that was down for any time catches up from its peers' logs. With retention on,
         * a member that was down while the others took more than {@code logRetainSnapshots - 1} snapshots, and for
         * longer than {@link #logRetainMinMs}, can no longer be caught up from the log and must be seeded from a
         * peer's data ({@code docs/operations.md}).
         *
         * @param logRetainSnapshots 0, or at least 2.
         * @return this.
         */
        public Context logRetainSnapshots(final int logRetainSnapshots)
        {
            this.logRetainSnapshots = logRetainSnapshots;
            return this;
        }

        /**
         * @return the snapshots kept by log retention, 0 if it is off.
         */
        public int logRetainSnapshots()
        {
            return logRetainSnapshots;
        }

        /**
         * The least log that retention keeps, in time: every byte this member committed within the last
         * {@code logRetainMinMs} stays, whatever {@link #logRetainSnapshots} would delete. A member that fell behind
         * (a pause, a lost image, a restart) less than this long ago finds the log it needs on every peer and catches
         * up by itself; only one away for longer can need seeding. The leader also keeps the log from the lowest
         * position a follower heard from within this time has appended. Default {@value
         * Configuration#LOG_RETAIN_MIN_MS_DEFAULT} ms (or {@value Configuration#LOG_RETAIN_MIN_MS_PROP_NAME}); 0 keeps
         * only what the snapshots need. Measured on this member's clock from its commit position, so a member that
         * just started deletes no log until it has run this long. No effect while retention is off.
         *
         * @param logRetainMinMs 0 or more.
         * @return this.
         */
        public Context logRetainMinMs(final long logRetainMinMs)
        {
            this.logRetainMinMs = logRetainMinMs;
            return this;
        }

        /**
         * @return the least log retention keeps, in milliseconds.
         */
        public long logRetainMinMs()
        {
            return logRetainMinMs;
        }

        /**
         * @return the media driver's directory (AeronStat reads the counters there).
         */
        public String aeronDirectoryName()
        {
            return aeronDirectoryName;
        }

        /**
         * @return the leader heartbeat interval in milliseconds; 0 derives it from the heartbeat timeout.
         */
        public long leaderHeartbeatIntervalMs()
        {
            return leaderHeartbeatIntervalMs;
        }

        /**
         * @return the election timeout in milliseconds; 0 derives it from the heartbeat timeout.
         */
        public long electionTimeoutMs()
        {
            return electionTimeoutMs;
        }

        /**
         * @return the stall timeout in milliseconds; 0 (before {@code conclude}) derives it.
         */
        public long stallTimeoutMs()
        {
            return stallTimeoutMs;
        }

        /**
         * @return the leader heartbeat timeout in milliseconds.
         */
        public long leaderHeartbeatTimeoutMs()
        {
            return leaderHeartbeatTimeoutMs;
        }

        /**
         * @return client sessions allowed at once.
         */
        public int maxConcurrentSessions()
        {
            return maxConcurrentSessions;
        }

        /**
         * @param credentials accepted clients; null (default) lets every client connect without a principal.
         * @return this.
         */
        public Context credentials(final CredentialsTable credentials)
        {
            this.credentials = credentials;
            return this;
        }

        /**
         * @param service the clustered service, e.g. a {@code BalancerClusteredService}.
         * @return this.
         */
        public Context service(final ClusteredService service)
        {
            this.service = service;
            return this;
        }

        /**
         * @return the clustered service.
         */
        public ClusteredService service()
        {
            return service;
        }

        /**
         * @param errorHandler for errors of the Aeron agents (default: logged at WARNING with java.util.logging, logger
         *                     {@code io.resilientgateways.aeron.node.BalancerNode}).
         * @return this.
         */
        public Context errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = errorHandler;
            return this;
        }

        /**
         * @param eventLog told about healing: mark files cleared, stalls, consensus warnings, a clean start (default:
         *                 logged at INFO with java.util.logging, logger
         *                 {@code io.resilientgateways.aeron.node.BalancerNode}).
         * @return this.
         */
        public Context eventLog(final Consumer<String> eventLog)
        {
            this.eventLog = eventLog;
            this.eventLogIsDefault = false;
            return this;
        }

        /**
         * @param onStall called (on the member's health thread) with the reason when the member stalls, once per
         *                episode; e.g. close this member and launch it again on its data.
         * @return this.
         */
        public Context onStall(final Consumer<String> onStall)
        {
            this.onStall = onStall;
            return this;
        }

        /**
         * @param stallTimeoutMs a member without a completed election for this long is reported as stalled; 0
         *                       (default) derives it: 20 leader heartbeat timeouts, at least 10 s.
         * @return this.
         */
        public Context stallTimeoutMs(final long stallTimeoutMs)
        {
            this.stallTimeoutMs = stallTimeoutMs;
            return this;
        }

        /**
         * @param previousStalls stalls of earlier runs of this member in the same process (the stall counter starts
         *                       from it, so a restart after a stall does not reset what operators see).
         * @return this.
         */
        public Context previousStalls(final long previousStalls)
        {
            this.previousStalls = previousStalls;
            return this;
        }
    }
}
