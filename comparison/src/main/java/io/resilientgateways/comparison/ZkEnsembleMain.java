package io.resilientgateways.comparison;

import io.resilientgateways.examples.Args;
import org.agrona.IoUtil;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;

import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real three-server ZooKeeper ensemble (curator-test's {@link TestingCluster}: three quorum peers, each with its own
 * data directory and client port) in one JVM, until SIGTERM. Prints {@code ZK READY connect=...}.
 * <pre>
 * java ... io.resilientgateways.comparison.ZkEnsembleMain --base-port 27300 --tick-ms 2000 --dir /tmp/zk
 * </pre>
 * Server i uses client port base+i, quorum port base+10+i and election port base+20+i. The session bounds are
 * ZooKeeper's defaults for the tick: minimum 2 ticks, maximum 20 ticks (tick 2000 ms: 4 s to 40 s).
 */
public final class ZkEnsembleMain
{
    private ZkEnsembleMain()
    {
    }

    /**
     * @param args see the class comment.
     * @throws Exception if the ensemble cannot start.
     */
    public static void main(final String[] args) throws Exception
    {
        final Args a = Args.parse(args);
        final PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        final int base = (int)a.getLong("base-port", 27300);
        final int tickMs = (int)a.getLong("tick-ms", 2000);
        final File dir = new File(a.get("dir"));
        final List<InstanceSpec> specs = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            final File data = new File(dir, "zk-" + i);
            IoUtil.ensureDirectoryExists(data, "zk data");
            specs.add(new InstanceSpec(data, base + i, base + 20 + i, base + 10 + i, true, i + 1, tickMs, 200,
                Map.of("minSessionTimeout", Integer.toString(2 * tickMs), "maxSessionTimeout", Integer.toString(20 * tickMs),
                    "admin.enableServer", "false"), "127.0.0.1"));
        }
        final TestingCluster cluster = new TestingCluster(specs);
        cluster.start();
        out.println("ZK READY connect=" + cluster.getConnectString() + " tickMs=" + tickMs);
        final ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
        barrier.await();
        try
        {
            cluster.close();
            IoUtil.delete(dir, true);
            out.println("ZK STOPPED");
        }
        finally
        {
            barrier.close();
        }
    }
}
