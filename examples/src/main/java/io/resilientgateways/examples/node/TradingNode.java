package io.resilientgateways.examples.node;

import io.resilientgateways.aeron.service.BalancerServiceContext;
import io.resilientgateways.aeron.node.BalancerNode;
import io.resilientgateways.aeron.security.CredentialsTable;
import io.resilientgateways.core.BalancerConfig;
import io.resilientgateways.examples.Args;
import io.resilientgateways.examples.trading.TradingClusteredService;
import org.agrona.IoUtil;
import org.agrona.concurrent.ShutdownSignalBarrier;

import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * One member of the trading cluster as its own process ({@code scripts/cluster-node.sh}): a {@link BalancerNode}
 * running {@link TradingClusteredService}. Prints its role whenever it changes; SIGTERM/Ctrl-C stops it (its data
 * stays for a restart unless {@code --delete-data} is given).
 * <pre>
 * java ... io.resilientgateways.examples.node.TradingNode --id 0 --members hostA:9000,hostB:9000,hostC:9000 \
 *     --credentials-file scripts/credentials.txt [--dir /var/tmp/rg-node-0] [--aeron-dir /dev/shm/aeron-rg-node-0] \
 *     [--clean] [--delete-data] [--session-timeout-ms 1000] [--leader-heartbeat-timeout-ms 200] \
 *     [--leader-heartbeat-interval-ms 20] [--election-timeout-ms 50]
 * </pre>
 * Every member must be given the same members, credentials and timeouts.
 */
public final class TradingNode
{
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
        final PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        final int id = Integer.parseInt(a.get("id"));
        final List<String> members = a.members();
        final long sessionTimeoutMs = a.getLong("session-timeout-ms", 1_000);
        final File dir = new File(a.get("dir", System.getProperty("java.io.tmpdir") + "/rg-node-" + id));
        final String aeronDir = a.get("aeron-dir", (new File("/dev/shm").isDirectory() ? "/dev/shm" :
            System.getProperty("java.io.tmpdir")) + "/aeron-rg-node-" + id);
        final BalancerNode node = BalancerNode.launch(new BalancerNode.Context()
            .memberId(id)
            .memberEndpoints(members)
            .baseDir(dir)
            .aeronDirectoryName(aeronDir)
            .cleanStart(a.has("clean"))
            .credentials(CredentialsTable.load(Path.of(a.get("credentials-file"))))
            .sessionTimeoutMs(sessionTimeoutMs)
            .leaderHeartbeatTimeoutMs(a.getLong("leader-heartbeat-timeout-ms", 200))
            .leaderHeartbeatIntervalMs(a.getLong("leader-heartbeat-interval-ms", 20))
            .electionTimeoutMs(a.getLong("election-timeout-ms", 50))
            .errorHandler((ex) -> out.println("AERON " + ex))
            .service(new TradingClusteredService(new BalancerServiceContext()
                .balancerConfig(new BalancerConfig().handoffTimeout(5_000))
                .sessionTimeoutMs(sessionTimeoutMs), TradingClusteredService.DEFAULT_REDELIVERY_INTERVAL_MS)));
        out.println("NODE " + id + " up: members " + members + ", data in " + dir);
        final ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
        final Thread roleWatcher = new Thread(() ->
        {
            boolean leader = false;
            while (!Thread.currentThread().isInterrupted())
            {
                final boolean now = node.isLeader();
                if (now != leader)
                {
                    leader = now;
                    out.println("NODE " + id + (leader ? " is LEADER" : " is no longer leader"));
                }
                try
                {
                    Thread.sleep(50);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
            }
        }, "role-watcher");
        roleWatcher.setDaemon(true);
        roleWatcher.start();
        barrier.await();
        try
        {
            roleWatcher.interrupt();
            node.close();
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
}
