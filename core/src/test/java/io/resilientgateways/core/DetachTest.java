package io.resilientgateways.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Balancer#workerDetached} and {@link Balancer#workerReattached}: the adapter's restart reconnect window.
 */
class DetachTest
{
    private final RecordingSink sink = new RecordingSink();

    private static WorkerId w(final String name)
    {
        return WorkerId.of(name);
    }

    private static TaskId t(final String name)
    {
        return TaskId.of(name);
    }

    private Balancer engine(final BalancerConfig config)
    {
        return new Balancer(config, new BasicPolicy(), sink, sink);
    }

    private void openAll(final Balancer b, final long now)
    {
        for (final String d : sink.drain())
        {
            final String[] p = d.split(" ");
            if (p[0].equals("open"))
            {
                assertThat(b.taskOpened(now, w(p[1]), t(p[2]), Long.parseLong(p[3])).accepted()).isTrue();
            }
        }
    }

    /** gw-1 holds P1, P3 (open, epochs 1 and 3); gw-2 holds P2 (open, epoch 2). */
    private Balancer twoWorkersThreeTasks()
    {
        final Balancer b = engine(new BalancerConfig());
        b.registerWorker(0, WorkerSpec.of("gw-1"));
        b.registerWorker(0, WorkerSpec.of("gw-2"));
        b.addTask(1, TaskSpec.of("P1"));
        b.addTask(1, TaskSpec.of("P2"));
        b.addTask(1, TaskSpec.of("P3"));
        openAll(b, 4);
        assertThat(b.assignmentsOf(w("gw-1"))).extracting(Assignment::task).containsExactly(t("P1"), t("P3"));
        assertThat(b.assignmentsOf(w("gw-2"))).extracting(Assignment::task).containsExactly(t("P2"));
        return b;
    }

    @Test
    void detachedWorkerKeepsItsTasksAndEpochsButGetsNoNewOnes()
    {
        final Balancer b = twoWorkersThreeTasks();
        final List<Assignment> before = b.assignmentsOf(w("gw-1"));
        assertThat(b.workerDetached(10, w("gw-1")).accepted()).isTrue();
        assertThat(sink.drain()).isEmpty();
        assertThat(b.assignmentsOf(w("gw-1"))).isEqualTo(before);
        assertThat(b.view().workers()).extracting(v -> v.id()).containsExactly(w("gw-2"));

        for (int i = 4; i <= 7; i++)
        {
            b.addTask(11, TaskSpec.of("P" + i));
        }
        assertThat(sink.drain()).allMatch(d -> d.startsWith("open gw-2")).hasSize(4);
        assertThat(b.assignmentsOf(w("gw-1"))).isEqualTo(before);
    }

    @Test
    void detachedWorkerIsNoRebalanceOrMoveTarget()
    {
        final Balancer b = twoWorkersThreeTasks();
        b.workerDetached(10, w("gw-2"));
        b.registerWorker(11, WorkerSpec.of("gw-3"));
        final List<String> out = sink.drain();
        assertThat(out).noneMatch(d -> d.contains("gw-2"));
        final Result move = b.moveTask(12, t("P1"), w("gw-2"));
        assertThat(move.code()).isEqualTo(RejectionCode.WORKER_NOT_ELIGIBLE);
        assertThat(move.message()).contains("detached");
    }

    @Test
    void detachedWorkersTasksAreNotMovedByRebalancingOrDraining()
    {
        final Balancer b = engine(new BalancerConfig());
        b.registerWorker(0, WorkerSpec.of("gw-1"));
        for (int i = 1; i <= 4; i++)
        {
            b.addTask(1, TaskSpec.of("P" + i));
        }
        openAll(b, 2);
        b.workerDetached(10, w("gw-1"));
        b.registerWorker(11, WorkerSpec.of("gw-2"));
        b.drainWorker(12, w("gw-1"));
        assertThat(sink.drain()).isEmpty();
        assertThat(b.assignmentsOf(w("gw-1"))).hasSize(4).allMatch(a -> a.status() == TaskStatus.OPEN);

        // once it speaks again the drain goes ahead
        b.workerReattached(20, w("gw-1"), true);
        assertThat(sink.drain()).allMatch(d -> d.startsWith("close gw-1")).hasSize(4);
    }

    @Test
    void directivesToADetachedWorkerAreStillEmitted()
    {
        final Balancer b = twoWorkersThreeTasks();
        b.workerDetached(10, w("gw-1"));
        assertThat(b.removeTask(11, t("P1")).accepted()).isTrue();
        assertThat(sink.drain()).containsExactly("close gw-1 P1 1");
    }

    @Test
    void onlyWorkerDetachedLeavesNewTasksPendingUntilItReattaches()
    {
        final Balancer b = engine(new BalancerConfig());
        b.registerWorker(0, WorkerSpec.of("gw-1"));
        b.workerDetached(1, w("gw-1"));
        b.addTask(2, TaskSpec.of("P1"));
        assertThat(b.assignment(t("P1")).status()).isEqualTo(TaskStatus.PENDING);
        assertThat(b.pendingReason(t("P1"))).isEqualTo("no eligible workers");
        assertThat(sink.drain()).isEmpty();
        b.workerReattached(3, w("gw-1"), true);
        assertThat(sink.drain()).filteredOn(d -> !d.startsWith("schedule")).containsExactly("open gw-1 P1 1");
    }

    @Test
    void reattachHoldingTasksChangesNothingOfThem()
    {
        final Balancer b = twoWorkersThreeTasks();
        final List<Assignment> before = b.assignmentsOf(w("gw-1"));
        b.workerDetached(10, w("gw-1"));
        assertThat(b.workerReattached(20, w("gw-1"), true).accepted()).isTrue();
        assertThat(sink.drain()).isEmpty();
        assertThat(b.assignmentsOf(w("gw-1"))).isEqualTo(before);
        assertThat(b.view().workers()).extracting(v -> v.id()).containsExactly(w("gw-1"), w("gw-2"));
    }

    @Test
    void reattachWithoutTasksRegrantsUnderNewEpochsAndCompletesCloses()
    {
        final Balancer b = engine(new BalancerConfig());
        b.registerWorker(0, WorkerSpec.of("gw-1"));
        b.addTask(1, TaskSpec.of("P1"));   // e1, acked below: OPEN
        b.addTask(1, TaskSpec.of("P2"));   // e2, acked below, then moved to gw-2: CLOSING
        b.addTask(1, TaskSpec.of("P3"));   // e3, acked below, then removed: CLOSING for removal
        openAll(b, 2);
        b.addTask(3, TaskSpec.of("P4"));   // e4, never acked: OPENING
        assertThat(sink.drain()).containsExactly("open gw-1 P4 4");
        b.registerWorker(4, WorkerSpec.of("gw-2"));
        assertThat(sink.drain()).containsExactly("close gw-1 P1 1", "close gw-1 P2 2");
        b.taskClosed(5, w("gw-1"), t("P1"), 1);
        assertThat(sink.drain()).containsExactly("open gw-2 P1 5");
        b.removeTask(6, t("P3"));
        assertThat(sink.drain()).containsExactly("close gw-1 P3 3");
        assertThat(b.assignment(t("P2")).status()).isEqualTo(TaskStatus.CLOSING);

        b.workerDetached(10, w("gw-1"));
        assertThat(b.workerReattached(20, w("gw-1"), false).accepted()).isTrue();
        // closes complete: P2 goes to its target, P3 is removed; P4 (OPENING e4) is granted again under a new epoch
        assertThat(sink.drain()).containsExactly("open gw-2 P2 6", "open gw-1 P4 7");
        assertThat(b.assignment(t("P3"))).isNull();
        assertThat(b.assignment(t("P4"))).isEqualTo(
            new Assignment(t("P4"), TaskStatus.OPENING, w("gw-1"), w("gw-1"), 7, false));
        assertThat(b.history(t("P4")).get(b.history(t("P4")).size() - 1).describe())
            .isEqualTo("gw-1 reattached without its tasks");
        // the old epoch is refused, the new one accepted
        assertThat(b.taskOpened(21, w("gw-1"), t("P4"), 4).code()).isEqualTo(RejectionCode.STALE_EPOCH);
        assertThat(b.taskOpened(21, w("gw-1"), t("P4"), 7).accepted()).isTrue();
    }

    @Test
    void reattachWithoutTasksRegrantsOpenTasksToo()
    {
        final Balancer b = twoWorkersThreeTasks();
        b.workerDetached(10, w("gw-1"));
        b.workerReattached(20, w("gw-1"), false);
        assertThat(sink.drain()).containsExactly("open gw-1 P1 4", "open gw-1 P3 5");
        assertThat(b.assignmentsOf(w("gw-2"))).extracting(Assignment::epoch).containsExactly(2L);
    }

    @Test
    void reattachWithoutTasksAlsoWorksWhenNotDetached()
    {
        final Balancer b = twoWorkersThreeTasks();
        final byte[] before = b.snapshot();
        assertThat(b.workerReattached(10, w("gw-1"), true).accepted()).isTrue();
        assertThat(b.snapshot()).as("held tasks, not detached: nothing to do").isEqualTo(before);
        assertThat(b.workerReattached(10, w("gw-1"), false).accepted()).isTrue();
        assertThat(sink.drain()).containsExactly("open gw-1 P1 4", "open gw-1 P3 5");
    }

    @Test
    void detachIsIdempotent()
    {
        final Balancer b = twoWorkersThreeTasks();
        b.workerDetached(10, w("gw-1"));
        final byte[] once = b.snapshot();
        assertThat(b.workerDetached(11, w("gw-1")).accepted()).isTrue();
        assertThat(b.snapshot()).isEqualTo(once);
    }

    @Test
    void unknownOrDepartedWorkersAreRejectedAndNothingChanges()
    {
        final Balancer b = engine(new BalancerConfig().gracePeriod(1_000));
        b.registerWorker(0, WorkerSpec.of("gw-1"));
        b.addTask(1, TaskSpec.of("P1"));
        openAll(b, 2);
        b.workerLeft(3, w("gw-1"), LeaveReason.SESSION_TIMEOUT);
        sink.drain();
        final byte[] before = b.snapshot();
        for (final String name : new String[]{"ghost", "gw-1"})
        {
            assertThat(b.workerDetached(4, w(name)).code()).isEqualTo(RejectionCode.UNKNOWN_WORKER);
            assertThat(b.workerReattached(4, w(name), false).code()).isEqualTo(RejectionCode.UNKNOWN_WORKER);
            assertThat(b.workerReattached(4, w(name), true).code()).isEqualTo(RejectionCode.UNKNOWN_WORKER);
        }
        assertThat(b.snapshot()).isEqualTo(before);
        assertThat(sink.drain()).isEmpty();
    }

    @Test
    void detachedFlagSurvivesSnapshotAndRestore()
    {
        final Balancer b = twoWorkersThreeTasks();
        b.workerDetached(10, w("gw-1"));
        final byte[] snapshot = b.snapshot();
        final Balancer restored = Balancer.restore(new BalancerConfig(), new BasicPolicy(), sink, sink, snapshot);
        assertThat(restored.snapshot()).isEqualTo(snapshot);
        assertThat(restored.view().workers()).extracting(v -> v.id()).containsExactly(w("gw-2"));
        restored.addTask(11, TaskSpec.of("P4"));
        assertThat(sink.drain()).containsExactly("open gw-2 P4 4");
        restored.workerReattached(12, w("gw-1"), true);
        assertThat(restored.view().workers()).extracting(v -> v.id()).containsExactly(w("gw-1"), w("gw-2"));
    }

    @Test
    void detachedWorkerThatLeavesIsReservedForAndComesBackAttached()
    {
        final Balancer b = engine(new BalancerConfig().gracePeriod(1_000));
        b.registerWorker(0, WorkerSpec.of("gw-1"));
        b.registerWorker(0, WorkerSpec.of("gw-2"));
        b.addTask(1, TaskSpec.of("P1"));
        openAll(b, 2);
        b.workerDetached(10, w("gw-1"));
        b.workerLeft(20, w("gw-1"), LeaveReason.SESSION_TIMEOUT);
        assertThat(b.assignment(t("P1")).status()).isEqualTo(TaskStatus.RESERVED);
        sink.drain();
        b.registerWorker(30, WorkerSpec.of("gw-1"));
        assertThat(sink.drain()).contains("open gw-1 P1 2");
        assertThat(b.view().workers()).extracting(v -> v.id()).containsExactly(w("gw-1"), w("gw-2"));
    }
}
