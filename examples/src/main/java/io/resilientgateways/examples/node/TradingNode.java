package io.resilientgateways.examples.node;

import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.ElectionState;
import io.resilientgateways.aeron.service.BalancerServiceContext;
import io.resilientgateways.aeron.node.BalancerNode;
import io.resilientgateways.aeron.security.CredentialsTable;
import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.examples.Args;
import io.resilientgateways.examples.trading.TradingClusteredService;
import org.agrona.IoUtil;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.ShutdownSignalBarrier;

import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One member of the trading cluster as its own process ({@code scripts/cluster-node.sh}): a {@link BalancerNode}
 * running {@link TradingClusteredService}. Prints its role whenever it changes ({@code is LEADER},
 * {@code is FOLLOWER} once it has caught up and joined the log and stayed so for 100 ms,
 * {@code is no longer leader/following}) and each step of an election it sees ({@code election CANVASS at 5120 ms},
 * read every 10 ms, so a step shorter than that may not show); SIGTERM/Ctrl-C stops it (its data stays for a restart
 * unless {@code --delete-data} is given).
 * <pre>
 * java ... io.resilientgateways.examples.node.TradingNode --id 0 --members hostA:9000,hostB:9000,hostC:9000 \
 *     --credentials-file scripts/credentials.txt [--dir /var/tmp/rg-node-0] [--aeron-dir /dev/shm/aeron-rg-node-0] \
 *     [--clean] [--delete-data] [--session-timeout-ms 2000] [--leader-heartbeat-timeout-ms 500] \
 *     [--leader-heartbeat-interval-ms 50] [--election-timeout-ms 100] [--stall-timeout-ms 10000]
 *     [--no-restart-on-stall] [--snapshot-interval-ms 600000] [--config node.properties] [--epoch-floor N]
 * </pre>
 * Settings not given as options come from system properties ({@code aeron.*}, {@code aeron.cluster.*},
 * {@code resilientgateways.*}; see {@link BalancerNode}), which {@code --config FILE} can supply; then from the
 * defaults below. The member's data is kept across restarts; {@code --clean} wipes it first (with a warning).
 * Every member must be given the same members, credentials and timeouts. Restarted on the data of a killed process it
 * starts at once (stale mark files are cleared). A member that stalls (no completed election for
 * {@code --stall-timeout-ms}, default 20 leader heartbeat timeouts and at least 10 s, or looping on "log replication
 * has not progressed") prints {@code STALLED reason}, counts it ({@code rg-member-stalls}) and restarts itself on its
 * data, backing off from 0.5 s to 30 s ({@code --no-restart-on-stall} only reports).
 */
public final class TradingNode
{
    /** Default client session timeout (ms); every node and gateway must agree. */
    public static final long DEFAULT_SESSION_TIMEOUT_MS = 2_000;
    /** Default leader heartbeat timeout (ms). */
    public static final long DEFAULT_LEADER_HEARTBEAT_TIMEOUT_MS = 500;
    /** Default leader heartbeat interval (ms). */
    public static final long DEFAULT_LEADER_HEARTBEAT_INTERVAL_MS = 50;
    /** Default election timeout (ms). */
    public static final long DEFAULT_ELECTION_TIMEOUT_MS = 100;
    private static final String SHUTDOWN = "shutdown";
    /** How often the role and election state are read (an election step lasts tens of milliseconds). */
    private static final long ROLE_POLL_MS = 10;
    /** How long a member must follow with its election closed before it is reported as caught up. */
    private static final long FOLLOWER_STABLE_MS = 100;

    private TradingNode()
    {
    }

    /**
     * @param args see the class comment.
     * @throws Exception if the credentials cannot be read.
     */
    public static void main(final String[] args) throws Exception
    {
        final Args a = Args.parse(args);
        io.resilientgateways.examples.ExampleLogging.install("node-" + a.get("id"));
        if (a.has("config"))
        {
            BalancerNode.loadConfiguration(a.get("config")); // -D properties on the command line win over the file
        }
        final PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        final int id = Integer.parseInt(a.get("id"));
        final List<String> members = a.members();
        final File dir = new File(a.get("dir", System.getProperty("java.io.tmpdir") + "/rg-node-" + id));
        final BlockingQueue<String> stop = new LinkedBlockingQueue<>();
        final ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
        final Thread signals = new Thread(() ->
        {
            barrier.await();
            stop.add(SHUTDOWN);
        }, "signals");
        signals.setDaemon(true);
        signals.start();
        final boolean restartOnStall = !a.has("no-restart-on-stall");
        // wipe on the first launch only, never on a restart after a stall
        boolean clean = a.has("clean") || Boolean.getBoolean(BalancerNode.Configuration.CLEAN_START_PROP_NAME);
        int restarts = 0;
        try
        {
            while (true)
            {
                final BalancerNode node = launch(a, id, members, dir, clean, restarts, out, stop);
                clean = false;
                out.println("NODE " + id + " up: members " + members + ", data in " + dir +
                    (restarts > 0 ? " (restart " + restarts + " after a stall)" : ""));
                final Thread roleWatcher = roleWatcher(node, id, out);
                final String reason = stop.take();
                roleWatcher.interrupt();
                node.close();
                if (SHUTDOWN.equals(reason) || !restartOnStall)
                {
                    break;
                }
                restarts++;
                out.println("NODE " + id + " restarting after a stall: " + reason);
                stop.clear();
                Thread.sleep(Math.min(30_000, 500L << Math.min(6, restarts - 1)));
            }
            if (a.has("delete-data"))
            {
                IoUtil.delete(dir, true);
            }
            out.println("NODE " + id + " stopped");
        }
        finally
        {
            barrier.close();
        }
    }

    private static BalancerNode launch(
        final Args a,
        final int id,
        final List<String> members,
        final File dir,
        final boolean clean,
        final int restarts,
        final PrintStream out,
        final BlockingQueue<String> stop) throws Exception
    {
        final String aeronDir = a.get("aeron-dir", (new File("/dev/shm").isDirectory() ? "/dev/shm" :
            System.getProperty("java.io.tmpdir")) + "/aeron-rg-node-" + id);
        final BalancerNode.Context ctx = new BalancerNode.Context() // defaults from aeron.* / resilientgateways.*
            .memberId(id)
            .memberEndpoints(members)
            .baseDir(dir)
            .aeronDirectoryName(aeronDir)
            .credentials(CredentialsTable.load(Path.of(a.get("credentials-file"))))
            .previousStalls(restarts)
            .errorHandler((ex) -> out.println("AERON " + ex))
            .eventLog((line) -> out.println("NODE " + id + " " + line))
            .onStall((reason) -> stop.add("stall: " + reason));
        ctx.cleanStart(clean);
        // an option wins; else a property set on the JVM or in --config; else the example's defaults
        if (a.has("session-timeout-ms") || unset(ConsensusModule.Configuration.SESSION_TIMEOUT_PROP_NAME))
        {
            ctx.sessionTimeoutMs(a.getLong("session-timeout-ms", DEFAULT_SESSION_TIMEOUT_MS));
        }
        if (a.has("leader-heartbeat-timeout-ms") ||
            unset(ConsensusModule.Configuration.LEADER_HEARTBEAT_TIMEOUT_PROP_NAME))
        {
            ctx.leaderHeartbeatTimeoutMs(a.getLong("leader-heartbeat-timeout-ms", DEFAULT_LEADER_HEARTBEAT_TIMEOUT_MS));
        }
        if (a.has("leader-heartbeat-interval-ms") ||
            unset(ConsensusModule.Configuration.LEADER_HEARTBEAT_INTERVAL_PROP_NAME))
        {
            ctx.leaderHeartbeatIntervalMs(
                a.getLong("leader-heartbeat-interval-ms", DEFAULT_LEADER_HEARTBEAT_INTERVAL_MS));
        }
        if (a.has("election-timeout-ms") || unset(ConsensusModule.Configuration.ELECTION_TIMEOUT_PROP_NAME))
        {
            ctx.electionTimeoutMs(a.getLong("election-timeout-ms", DEFAULT_ELECTION_TIMEOUT_MS));
        }
        if (a.has("stall-timeout-ms"))
        {
            ctx.stallTimeoutMs(a.getLong("stall-timeout-ms", 0));
        }
        if (a.has("snapshot-interval-ms"))
        {
            ctx.snapshotIntervalMs(a.getLong("snapshot-interval-ms", 0));
        }
        return BalancerNode.launch(ctx.service(new TradingClusteredService(new BalancerServiceContext()
            .balancerConfig(new BalancerConfig().handoffTimeout(5_000))
            .epochFloor(a.getLong("epoch-floor", Long.getLong(BalancerServiceContext.EPOCH_FLOOR_PROP_NAME, 0)))
            .sessionTimeoutMs(ctx.sessionTimeoutMs()), TradingClusteredService.DEFAULT_REDELIVERY_INTERVAL_MS)));
    }

    private static boolean unset(final String propertyName)
    {
        return null == System.getProperty(propertyName);
    }

    private static long electionState(final BalancerNode node)
    {
        final AtomicCounter counter = node.consensusModule().context().electionStateCounter();
        return counter.isClosed() ? Long.MIN_VALUE : counter.get();
    }

    private static String electionStateName(final long code)
    {
        for (final ElectionState state : ElectionState.values())
        {
            if (state.code() == code)
            {
                return state.name();
            }
        }
        return Long.MIN_VALUE == code ? "(closed)" : Long.toString(code);
    }

    private static Thread roleWatcher(final BalancerNode node, final int id, final PrintStream out)
    {
        final Thread roleWatcher = new Thread(() ->
        {
            boolean leader = false;
            boolean following = false;
            long followingSinceNs = Long.MIN_VALUE;
            long electionState = Long.MIN_VALUE;
            final long startNs = System.nanoTime();
            while (!Thread.currentThread().isInterrupted())
            {
                final long state = electionState(node);
                if (state != electionState)
                {
                    electionState = state;
                    out.println("NODE " + id + " election " + electionStateName(state) + " at " +
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs) + " ms");
                }
                final boolean now = node.isLeader();
                if (now != leader)
                {
                    leader = now;
                    out.println("NODE " + id + (leader ? " is LEADER" : " is no longer leader"));
                }
                // a member entering an election is a follower with its old election closed for a moment: only a
                // follower that stays so for FOLLOWER_STABLE_MS is reported as caught up
                final long nowNs = System.nanoTime();
                if (!node.isFollowing())
                {
                    followingSinceNs = Long.MIN_VALUE;
                    if (following)
                    {
                        following = false;
                        out.println("NODE " + id + " is no longer following");
                    }
                }
                else if (Long.MIN_VALUE == followingSinceNs)
                {
                    followingSinceNs = nowNs;
                }
                else if (!following && nowNs - followingSinceNs >= TimeUnit.MILLISECONDS.toNanos(FOLLOWER_STABLE_MS))
                {
                    following = true;
                    out.println("NODE " + id + " is FOLLOWER");
                }
                try
                {
                    Thread.sleep(ROLE_POLL_MS);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
            }
        }, "role-watcher");
        roleWatcher.setDaemon(true);
        roleWatcher.start();
        return roleWatcher;
    }
}
