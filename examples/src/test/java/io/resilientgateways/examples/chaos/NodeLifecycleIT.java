package io.resilientgateways.examples.chaos;

import io.aeron.Aeron;
import org.agrona.concurrent.status.CountersReader;
import io.resilientgateways.aeron.node.BalancerNode;
import io.resilientgateways.examples.node.TradingNode;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node lifecycle with real processes: a member restarted on the data of a {@code kill -9}ed process starts at
 * once (Aeron alone refuses for 10 s: "active mark file detected"), and a member that cannot complete an election is
 * reported (a line and the {@code rg-member-stalls} counter) and restarts itself.
 */
class NodeLifecycleIT
{
    private static final String CREDENTIALS = new File("../scripts/credentials.txt").getAbsolutePath();
    private final List<Proc> procs = new ArrayList<>();
    private final List<File> dirs = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException
    {
        for (final Proc p : procs)
        {
            p.close();
        }
        for (final File dir : dirs)
        {
            IoUtil.delete(dir, true);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void restartAfterKillNineStartsAtOnce() throws Exception
    {
        final File data = tempDir("rg-chaos-restart-");
        final String aeronDir = shmDir("rg-chaos-restart-");
        final List<String> args = List.of("--id", "0", "--members", "localhost:30200", "--credentials-file",
            CREDENTIALS, "--dir", data.getPath(), "--aeron-dir", aeronDir, "--delete-data");
        final Proc first = start("node-0", withClean(args));
        assertThat(first.await(0, (l) -> l.contains("is LEADER"), 20_000)).isNotNegative();
        first.sigkill();

        final long restartedNs = System.nanoTime();
        final Proc second = start("node-0'", args);
        final int leader = second.await(0, (l) -> l.contains("is LEADER"), 20_000);
        assertThat(leader).as("restarted member elected: %s", second.lines).isNotNegative();
        final long toLeaderMs = TimeUnit.NANOSECONDS.toMillis(second.lines.get(leader).nanoTime() - restartedNs);
        // Aeron's own liveness check would refuse the start for 10 s after the kill; a cold JVM takes ~1-3 s.
        assertThat(toLeaderMs).as("restart to leader").isLessThan(8_000);
        assertThat(second.find(0, (l) -> l.contains("cleared the mark file"))).isNotNegative();
        assertThat(second.find(0, (l) -> l.toLowerCase().contains("active mark file"))).isNegative();
        assertThat(second.isAlive()).isTrue();
        System.out.println("restart after kill -9 to leader: " + toLeaderMs + " ms");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void liveMembersMarkFileIsNotCleared() throws Exception
    {
        final File data = tempDir("rg-chaos-live-");
        final List<String> args = List.of("--id", "0", "--members", "localhost:30210", "--credentials-file",
            CREDENTIALS, "--dir", data.getPath());
        final Proc first = start("node-0", withAeronDir(withClean(args), shmDir("rg-chaos-live-a-")));
        assertThat(first.await(0, (l) -> l.contains("is LEADER"), 20_000)).isNotNegative();

        // a second process on the same data while the first runs must still be refused
        final Proc second = start("node-0-twin", withAeronDir(args, shmDir("rg-chaos-live-b-")));
        assertThat(second.await(0, (l) -> l.toLowerCase().contains("active mark file"), 20_000)).isNotNegative();
        assertThat(second.find(0, (l) -> l.contains("cleared the mark file"))).isNegative();
        assertThat(first.isAlive()).isTrue();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void memberWithoutQuorumIsReportedCountedAndRestarted() throws Exception
    {
        final File data = tempDir("rg-chaos-stall-");
        final String aeronDir = shmDir("rg-chaos-stall-");
        // member 0 of three, alone: it can never complete an election
        final Proc node = start("node-0", List.of("--id", "0", "--members",
            "localhost:30220,localhost:30230,localhost:30240", "--credentials-file", CREDENTIALS, "--dir",
            data.getPath(), "--aeron-dir", aeronDir, "--clean", "--stall-timeout-ms", "2000"));
        final int stalled = node.await(0, (l) -> l.contains("STALLED no completed election"), 20_000);
        assertThat(stalled).as("stall reported: %s", node.lines).isNotNegative();
        assertThat(node.await(stalled, (l) -> l.contains("restarting after a stall"), 5_000)).isNotNegative();
        assertThat(node.await(stalled, (l) -> l.contains("up: members") && l.contains("restart 1"), 10_000))
            .as("restarted in-process: %s", node.lines).isNotNegative();
        // the restarted member's counter carries the stall on (and counts the next one, 2 s later)
        assertThat(stallsCounter(aeronDir)).as("rg-member-stalls counter").isBetween(1L, 2L);
        assertThat(node.find(0, (l) -> l.toLowerCase().contains("active mark file"))).isNegative();
        assertThat(node.isAlive()).isTrue();
    }

    private static long stallsCounter(final String aeronDir)
    {
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir)))
        {
            final CountersReader counters = aeron.countersReader();
            final long[] value = {-1};
            counters.forEach((id, typeId, key, label) ->
            {
                if (BalancerNode.STALLS_COUNTER_TYPE_ID == typeId)
                {
                    value[0] = counters.getCounterValue(id);
                }
            });
            return value[0];
        }
    }

    private Proc start(final String name, final List<String> args) throws Exception
    {
        final Proc p = new Proc(name, TradingNode.class, 256, args, System.out::println);
        procs.add(p);
        return p;
    }

    private static List<String> withClean(final List<String> args)
    {
        final List<String> a = new ArrayList<>(args);
        a.add("--clean");
        return a;
    }

    private static List<String> withAeronDir(final List<String> args, final String aeronDir)
    {
        final List<String> a = new ArrayList<>(args);
        a.add("--aeron-dir");
        a.add(aeronDir);
        return a;
    }

    private File tempDir(final String prefix) throws Exception
    {
        final File dir = Files.createTempDirectory(prefix).toFile();
        dirs.add(dir);
        return dir;
    }

    private String shmDir(final String prefix)
    {
        final File shm = new File("/dev/shm");
        final File dir = new File(shm.isDirectory() ? shm : new File(System.getProperty("java.io.tmpdir")),
            prefix + ProcessHandle.current().pid() + "-" + System.nanoTime());
        dirs.add(dir);
        return dir.getPath();
    }
}
