package io.resilientgateways.aeron.it;

import io.aeron.archive.Archive;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.RecordingLog;
import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.client.GatewayClient;
import io.resilientgateways.aeron.node.BalancerNode;
import io.resilientgateways.aeron.node.LocalCluster;
import io.resilientgateways.aeron.service.BalancerServiceContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.agrona.IoUtil;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Log retention ({@code BalancerNode.Context.logRetainSnapshots}) on a real 3-member cluster with 64 KiB log terms
 * and archive segments and a snapshot every second: each member's log on disk stays a small part of the log written,
 * old snapshot recordings are deleted, and a full restart of every member on its purged data elects a leader and
 * restores the same tasks; a follower stopped for a snapshot catches up from the retained log, and so does one
 * stopped for three snapshots within the hold ({@code logRetainMinMs}, which keeps the log committed within it); one
 * stopped for three snapshots and longer than the hold cannot (the leader's log starts above its position) until it
 * is seeded with a peer's data. The control run (retention off) shows the same measure growing with the log, and
 * that a full restart works there too.
 */
class LogRetentionIT extends ClusterTestSupport
{
    private static final int SEGMENT_LENGTH = 64 * 1024;
    // the hold (logRetainMinMs) of the first test, a fifth of its traffic's duration (at least 20 s)
    private static final long FIRST_TEST_HOLD_MS = 4_000;
    // the catch-up test's hold: its follower is stopped for three snapshots once within it and once beyond it
    private static final long HOLD_MS = 10_000;
    private static final String[] PROPERTIES = {
        Archive.Configuration.SEGMENT_FILE_LENGTH_PROP_NAME, ConsensusModule.Configuration.LOG_CHANNEL_PROP_NAME};
    private final String[] saved = new String[PROPERTIES.length];
    private int churnRound;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void smallSegments()
    {
        for (int i = 0; i < PROPERTIES.length; i++)
        {
            saved[i] = System.getProperty(PROPERTIES[i]);
        }
        System.setProperty(Archive.Configuration.SEGMENT_FILE_LENGTH_PROP_NAME, String.valueOf(SEGMENT_LENGTH));
        System.setProperty(ConsensusModule.Configuration.LOG_CHANNEL_PROP_NAME, "aeron:udp?term-length=64k");
    }

    @AfterEach
    void restoreProperties()
    {
        for (int i = 0; i < PROPERTIES.length; i++)
        {
            if (null == saved[i])
            {
                System.clearProperty(PROPERTIES[i]);
            }
            else
            {
                System.setProperty(PROPERTIES[i], saved[i]);
            }
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void retainedLogStaysSmallAndAFullRestartRestoresFromIt()
    {
        final Measured m = runThenRestartAll(28_500, 2);
        for (int i = 0; i < 3; i++)
        {
            assertThat(m.purgedSegments[i]).as("member " + i + " purged log segments").isPositive();
            assertThat(m.logOnDisk[i]).as("member " + i + "'s log on disk vs written " + m.written)
                .isLessThan(m.written / 2);
            assertThat(m.snapshotRecordings[i]).as("member " + i + "'s snapshot recordings after " + m.snapshots +
                " snapshots").isLessThanOrEqualTo(2 * (2 + 2));
            // the consensus module invalidated the entries of the deleted snapshots (the newest deletion may be
            // pending when the member stops)
            assertThat(m.validSnapshots[i]).as("member " + i + "'s valid snapshot entries").isLessThanOrEqualTo(2 + 2);
        }
    }

    /**
     * The control run, out of the normal build (it shows no regression the first test would miss):
     * {@code flock /tmp/rg-heavy.lock ./mvnw -q -pl aeron-adapter -am verify -Dtest=none
     * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=LogRetentionIT -Drg.retention.control=true}.
     */
    @Test
    @EnabledIfSystemProperty(named = "rg.retention.control", matches = "true")
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void controlWithoutRetentionTheLogGrowsAndAFullRestartWorksToo()
    {
        final Measured m = runThenRestartAll(28_600, 0);
        for (int i = 0; i < 3; i++)
        {
            assertThat(m.purgedSegments[i]).isZero();
            assertThat(m.logOnDisk[i]).as("member " + i + "'s log on disk vs written " + m.written)
                .isGreaterThanOrEqualTo(m.written);
            assertThat(m.snapshotRecordings[i]).isGreaterThan(2 * (2 + 2));
            assertThat(m.validSnapshots[i]).isGreaterThan(2 + 2);
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void followerCatchesUpFromTheRetainedLogAndIsSeededFromAPeerOnceBeyondIt()
    {
        sessionTimeoutMs = 1_000;
        cluster = new LocalCluster(3, 28_700, sessionTimeoutMs, 1_000, CREDENTIALS,
            () -> new BalancerServiceContext().restartReconnectWindowMs(10_000))
            .nodeSettings((node) -> node.snapshotIntervalMs(0).logRetainSnapshots(2).logRetainMinMs(HOLD_MS)
                .eventLog((line) ->
                {
                    events.add(line);
                    System.out.println(line);
                }));
        cluster.start();
        final int leader = cluster.awaitLeader(10_000);
        final int follower = (leader + 1) % 3;
        final int healthy = (leader + 2) % 3;
        AdminClient admin = admin();
        startGateway("gw-1");
        addTasks(admin, 4);
        await(10_000, "4 tasks held", () -> totalHeld() == 4);
        for (int round = 0; round < 3; round++)
        {
            churn(admin, leader, 3L * SEGMENT_LENGTH);
            cluster.snapshot(10_000);
        }
        // nothing committed within the hold is deleted: purges start once the first log is that old
        final long purgeDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3 * HOLD_MS);
        while (!allPurged(cluster))
        {
            assertThat(System.nanoTime() - purgeDeadline).as("every member purged its log: " + members()).isNegative();
            churn(admin, leader, SEGMENT_LENGTH);
            cluster.snapshot(10_000);
        }
        cluster.stop(follower);

        // down for one snapshot: the others purge again, but keep the log from the snapshot before, which it has
        churn(admin, leader, 3L * SEGMENT_LENGTH);
        final long purgedBefore = cluster.node(leader).purgedLogSegments();
        cluster.snapshot(10_000);
        await(10_000, "the leader purged again", () -> cluster.node(leader).purgedLogSegments() > purgedBefore);
        addTasks(admin, 5, 5);
        cluster.start(follower, false);
        awaitCaughtUp(admin, leader, follower);

        // down for three snapshots (a segment of log apart) but less than the hold: the snapshots alone would let the
        // others delete the log from its position on, the hold keeps it, and it catches up
        cluster.stop(follower);
        final long stoppedNs = System.nanoTime();
        final long segmentsBefore = cluster.node(leader).purgedLogSegments();
        for (int round = 0; round < 3; round++)
        {
            churn(admin, leader, SEGMENT_LENGTH + SEGMENT_LENGTH / 2);
            cluster.snapshot(10_000);
        }
        final long downMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedNs);
        System.out.printf("follower %d down for three snapshots, %d ms (hold %d ms); the leader purged %d more " +
            "segments meanwhile%n", follower, downMs, HOLD_MS,
            cluster.node(leader).purgedLogSegments() - segmentsBefore);
        assertThat(downMs).as("the three snapshots were taken within the hold").isLessThan(HOLD_MS);
        cluster.start(follower, false);
        awaitCaughtUp(admin, leader, follower);

        // down for three snapshots and longer than the hold: the leader's log now starts above the follower's position
        cluster.stop(follower);
        final long stoppedAt = commitPosition(leader);
        long threeSegmentsOnNs = 0;
        for (int round = 0; round < 3; round++)
        {
            churn(admin, leader, 3L * SEGMENT_LENGTH);
            threeSegmentsOnNs = 0 == round ? System.nanoTime() : threeSegmentsOnNs;
            cluster.snapshot(10_000);
        }
        // once the log three segments past its position was committed longer ago than the hold (and a sample
        // interval), the next snapshot deletes the log from its position on
        final long heldUntilNs = threeSegmentsOnNs + TimeUnit.MILLISECONDS.toNanos(HOLD_MS + 500);
        while (System.nanoTime() - heldUntilNs < 0)
        {
            admin.poll(); // keeps its session open
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        churn(admin, leader, SEGMENT_LENGTH);
        cluster.snapshot(10_000);
        addTasks(admin, 6, 6);
        cluster.start(follower, false);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() - deadline < 0)
        {
            admin.poll();
            assertThat(cluster.node(follower).isFollowing()).as("following without the log it needs").isFalse();
            assertThat(commitPosition(follower)).isLessThanOrEqualTo(stoppedAt);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        // the leader says why, and what to do
        final AdminClient polled = admin;
        await(20_000, "the leader's report of a catch-up it cannot serve", () ->
        {
            polled.poll();
            return events.stream().anyMatch((line) -> line.startsWith("WARN retention: a follower cannot catch up"));
        });
        // seeded from a healthy follower's data: both stopped (no quorum meanwhile), directory copied, both started
        cluster.stop(follower);
        admin.close();
        closeables.remove(admin);
        cluster.stop(healthy);
        try
        {
            IoUtil.delete(cluster.baseDir(follower), false);
            copy(cluster.baseDir(healthy).toPath(), cluster.baseDir(follower).toPath());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        cluster.start(healthy, false);
        cluster.start(follower, false);
        admin = admin();
        awaitCaughtUp(admin, cluster.awaitLeader(20_000), follower);
        assertThat(admin.assignments()).hasSize(6);
    }

    private void awaitCaughtUp(final AdminClient admin, final int leader, final int follower)
    {
        await(20_000, "member " + follower + " following", () ->
        {
            admin.poll();
            return cluster.node(follower).isFollowing();
        });
        final long leaderPosition = commitPosition(leader);
        await(20_000, "member " + follower + " at the leader's position", () ->
        {
            admin.poll();
            return commitPosition(follower) >= leaderPosition;
        });
        cluster.snapshot(10_000);
        final byte[] leaderBytes = cluster.service(leader).component().lastSnapshotBytes();
        assertThat(cluster.service(follower).component().lastSnapshotBytes()).as("member " + follower)
            .isEqualTo(leaderBytes);
    }

    private record Measured(
        long written,
        long snapshots,
        long[] logOnDisk,
        long[] snapshotRecordings,
        long[] validSnapshots,
        long[] purgedSegments)
    {
    }

    private Measured runThenRestartAll(final int basePort, final int retainSnapshots)
    {
        sessionTimeoutMs = 1_000;
        cluster = new LocalCluster(3, basePort, sessionTimeoutMs, 1_000, CREDENTIALS,
            () -> new BalancerServiceContext().restartReconnectWindowMs(10_000))
            .nodeSettings((node) -> node.snapshotIntervalMs(1_000).logRetainSnapshots(retainSnapshots)
                .logRetainMinMs(FIRST_TEST_HOLD_MS));
        cluster.start();
        int leader = cluster.awaitLeader(10_000);
        await(20_000, "the first periodic snapshot on every member", () -> allSnapshotsAtLeast(1));
        final AdminClient admin = admin();
        final GatewayClient gateway = startGateway("gw-1");
        addTasks(admin, 4);
        await(10_000, "4 tasks held", () -> totalHeld() == 4);

        final long snapshotsBefore = cluster.node(leader).snapshotCount();
        final long startPosition = commitPosition(leader);
        final long churnStartNs = System.nanoTime();
        churn(admin, leader, 12L * SEGMENT_LENGTH, 5 * FIRST_TEST_HOLD_MS);
        System.out.printf("retain=%d: churn of %d bytes took %d ms%n", retainSnapshots,
            commitPosition(leader) - startPosition, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - churnStartNs));
        await(20_000, "three more snapshots on every member", () ->
        {
            admin.poll();
            return allSnapshotsAtLeast(snapshotsBefore + 3);
        });
        if (retainSnapshots > 0)
        {
            awaitAllPurged(10_000);
        }
        final long written = commitPosition(leader) - startPosition;
        addTasks(admin, 6, 5);
        await(10_000, "6 tasks held", () -> totalHeld() == 6);
        final List<String> before = assignments(admin);
        admin.close();
        closeables.remove(admin);

        final long[] logOnDisk = new long[3];
        final long[] snapshotRecordings = new long[3];
        final long[] validSnapshots = new long[3];
        final long[] purged = new long[3];
        for (int i = 0; i < 3; i++)
        {
            purged[i] = cluster.node(i).purgedLogSegments();
        }
        final long snapshots = cluster.node(leader).snapshotCount();
        for (int i = 0; i < 3; i++)
        {
            cluster.stop(i);
        }
        for (int i = 0; i < 3; i++)
        {
            final Archived archived = archived(cluster.baseDir(i));
            logOnDisk[i] = archived.logBytes;
            snapshotRecordings[i] = archived.otherRecordings;
            validSnapshots[i] = archived.validSnapshotEntries;
        }
        System.out.printf("retain=%d: log written %d bytes, %d snapshots; per member log on disk %s, snapshot " +
            "recordings %s, valid snapshots in the recording log %s, purged segments %s%n", retainSnapshots, written,
            snapshots, Arrays.toString(logOnDisk), Arrays.toString(snapshotRecordings),
            Arrays.toString(validSnapshots), Arrays.toString(purged));

        final long restartNs = System.nanoTime();
        for (int i = 0; i < 3; i++)
        {
            cluster.start(i, false);
        }
        leader = cluster.awaitLeader(20_000);
        System.out.printf("retain=%d: full restart to a leader in %d ms%n",
            retainSnapshots, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartNs));
        await(20_000, "every member restored from a snapshot", () ->
        {
            for (int i = 0; i < 3; i++)
            {
                if (cluster.service(i).component().restoredSnapshotBytes() <= 0)
                {
                    return false;
                }
            }
            return true;
        });
        final AdminClient after = admin();
        // the gateway's lease ran out while every member was down: it fenced, and gets the same tasks back
        await(20_000, "the same tasks, held again by the same gateway", () ->
            assignments(after).equals(before) && listeners.get("gw-1").held.size() == 6);
        assertThat(gateway.refusal()).isNull();
        // the gateway works afterwards: a task added now is opened on it
        assertThat(after.addTask("PARTY-07", 1, "API_GATEWAY").accepted()).isTrue();
        await(20_000, "the new task held", () -> listeners.get("gw-1").held.containsKey("PARTY-07"));
        // replicas that replayed from their purged logs hold the same state: with a snapshot every second, their
        // latest snapshots are byte for byte equal once all three took the same one (a divergence never would be)
        await(10_000, "equal snapshot bytes on every member", () ->
        {
            after.poll();
            final byte[] replica = cluster.service(0).component().lastSnapshotBytes();
            return null != replica &&
                Arrays.equals(replica, cluster.service(1).component().lastSnapshotBytes()) &&
                Arrays.equals(replica, cluster.service(2).component().lastSnapshotBytes());
        });
        return new Measured(written, snapshots, logOnDisk, snapshotRecordings, validSnapshots, purged);
    }

    private record Archived(long logBytes, long otherRecordings, long validSnapshotEntries)
    {
    }

    /**
     * The member's archive as files: the log recording's segment files (their length) and how many other recordings
     * (snapshots) have files.
     */
    private static Archived archived(final File baseDir)
    {
        final long logRecordingId;
        final long validSnapshotEntries;
        try (RecordingLog recordingLog = new RecordingLog(new File(baseDir, "cluster"), false))
        {
            logRecordingId = recordingLog.findLastTermRecordingId();
            validSnapshotEntries = recordingLog.entries().stream().filter((e) ->
                RecordingLog.ENTRY_TYPE_SNAPSHOT == e.type && e.isValid &&
                ConsensusModule.Configuration.SERVICE_ID == e.serviceId).count();
        }
        final File[] files = new File(baseDir, "archive").listFiles((dir, name) -> name.endsWith(".rec"));
        long logBytes = 0;
        final List<String> others = new ArrayList<>();
        for (final File f : null == files ? new File[0] : files)
        {
            final String recordingId = f.getName().substring(0, f.getName().indexOf('-'));
            if (Long.parseLong(recordingId) == logRecordingId)
            {
                logBytes += f.length();
            }
            else if (!others.contains(recordingId))
            {
                others.add(recordingId);
            }
        }
        return new Archived(logBytes, others.size(), validSnapshotEntries);
    }

    private void churn(final AdminClient keepAlive, final int leader, final long bytes)
    {
        churn(keepAlive, leader, bytes, 0);
    }

    /**
     * Add and remove tasks (each opened on the gateway and acknowledged) from three admin clients at once until the
     * log grew by this much and at least {@code minMs} passed, keeping the test's own admin client's session alive
     * meanwhile.
     */
    private void churn(final AdminClient keepAlive, final int leader, final long bytes, final long minMs)
    {
        final long target = commitPosition(leader) + bytes;
        final long startNs = System.nanoTime();
        final long minNs = TimeUnit.MILLISECONDS.toNanos(minMs);
        final long deadline = startNs + TimeUnit.SECONDS.toNanos(40) + minNs;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final List<Thread> threads = new ArrayList<>();
        final List<AdminClient> admins = new ArrayList<>();
        for (int t = 0; t < 3; t++)
        {
            final AdminClient admin = admin();
            admins.add(admin);
            final String prefix = "CHURN-" + (churnRound++) + "-";
            final Thread thread = new Thread(() ->
            {
                try
                {
                    for (int n = 0; (commitPosition(leader) < target || System.nanoTime() - startNs < minNs) &&
                        System.nanoTime() - deadline < 0; n++)
                    {
                        final String task = prefix + n;
                        if (!admin.addTask(task, 1, "API_GATEWAY").accepted() || !admin.removeTask(task).accepted())
                        {
                            throw new IllegalStateException("churn refused: " + task);
                        }
                    }
                }
                catch (final Throwable ex)
                {
                    failure.compareAndSet(null, ex);
                }
            }, "churn-" + t);
            thread.start();
            threads.add(thread);
        }
        for (final Thread thread : threads)
        {
            while (thread.isAlive())
            {
                keepAlive.poll();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
        for (final AdminClient admin : admins)
        {
            admin.close();
            closeables.remove(admin);
        }
        if (null != failure.get())
        {
            throw new IllegalStateException("churn failed", failure.get());
        }
        if (commitPosition(leader) < target)
        {
            throw new IllegalStateException("the log grew too slowly: " + commitPosition(leader) + " < " + target);
        }
    }

    private static void copy(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> paths = Files.walk(from))
        {
            for (final Path p : (Iterable<Path>)paths::iterator)
            {
                final Path target = to.resolve(from.relativize(p));
                if (Files.isDirectory(p))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(p, target);
                }
            }
        }
    }

    private long commitPosition(final int member)
    {
        return cluster.node(member).consensusModule().context().commitPositionCounter().get();
    }

    private boolean allSnapshotsAtLeast(final long count)
    {
        for (int i = 0; i < 3; i++)
        {
            if (cluster.node(i).snapshotCount() < count)
            {
                return false;
            }
        }
        return true;
    }

    private void awaitAllPurged(final long timeoutMs)
    {
        try
        {
            await(timeoutMs, "every member purged its log", () -> allPurged(cluster));
        }
        catch (final IllegalStateException ex)
        {
            throw new AssertionError(ex.getMessage() + ": " + members(), ex);
        }
    }

    /**
     * Each member's part in the cluster, for a failure message: role, election state, commit position, snapshots,
     * purged segments.
     */
    private String members()
    {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < 3; i++)
        {
            final BalancerNode node = cluster.node(i);
            if (null == node)
            {
                out.append("[member ").append(i).append(" stopped] ");
                continue;
            }
            final ConsensusModule.Context cm = node.consensusModule().context();
            out.append("[member ").append(i)
                .append(node.isLeader() ? " leader" : node.isFollowing() ? " following" : " neither")
                .append(", election state ").append(cm.electionStateCounter().get())
                .append(", commit position ").append(cm.commitPositionCounter().get())
                .append(", snapshots ").append(node.snapshotCount())
                .append(", purged segments ").append(node.purgedLogSegments()).append("] ");
        }
        return out.toString();
    }

    private static boolean allPurged(final LocalCluster cluster)
    {
        for (int i = 0; i < 3; i++)
        {
            final BalancerNode node = cluster.node(i);
            if (null != node && 0 == node.purgedLogSegments())
            {
                return false;
            }
        }
        return true;
    }

    private static List<String> assignments(final AdminClient admin)
    {
        return admin.assignments().stream()
            .map((a) -> a.task() + ":" + a.owner())
            .sorted()
            .toList();
    }
}
