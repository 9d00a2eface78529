package io.resilientgateways.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker hands a task back ({@link Balancer#taskReleased}): it goes elsewhere under a new epoch, or waits out the
 * release backoff when nobody else can run it; a release of a closing task is its close ack.
 */
class ReleaseTest
{
    private final RecordingSink sink = new RecordingSink();

    private static BalancerConfig config()
    {
        return new BalancerConfig().handoffTimeout(0); // no handoff timer: the release timers get ids 1, 2...
    }

    private static WorkerId w(final String name)
    {
        return WorkerId.of(name);
    }

    private static TaskId t(final String name)
    {
        return TaskId.of(name);
    }

    private static Transition last(final Balancer b, final String task)
    {
        final List<Transition> history = b.history(t(task));
        return history.get(history.size() - 1);
    }

    private static void openAll(final Balancer b, final RecordingSink sink, final long now)
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

    @Test
    void releasedTaskGoesToTheLeastLoadedOtherWorkerUnderANewEpoch()
    {
        final Balancer b = new Balancer(config(), new BasicPolicy(), sink, sink);
        b.registerWorker(1, WorkerSpec.of("gw-1"));
        b.registerWorker(1, WorkerSpec.of("gw-2", "X"));
        b.registerWorker(1, WorkerSpec.of("gw-3", "X"));
        b.addTask(2, TaskSpec.of("X1", "X"));   // gw-2
        b.addTask(2, TaskSpec.of("X2", "X"));   // gw-3
        b.addTask(2, TaskSpec.of("X3", "X"));   // gw-2
        b.addTask(2, TaskSpec.of("P1"));        // gw-1, the least loaded, epoch 4
        openAll(b, sink, 3);
        assertThat(b.assignment(t("P1")).owner()).isEqualTo(w("gw-1"));

        // the policy would pick gw-1 again (load 0): the engine steers it to gw-3 (1 task) rather than gw-2 (2)
        assertThat(b.taskReleased(10, w("gw-1"), t("P1"), 4).accepted()).isTrue();
        assertThat(sink.drain()).containsExactly("schedule 1 2010", "open gw-3 P1 5");
        final Assignment a = b.assignment(t("P1"));
        assertThat(a.status()).isEqualTo(TaskStatus.OPENING);
        assertThat(a.owner()).isEqualTo(w("gw-3"));
        assertThat(a.epoch()).isEqualTo(5);
        final Transition released = last(b, "P1");
        assertThat(released.cause()).isEqualTo(Cause.TASK_RELEASED);
        assertThat(released.from()).isEqualTo(TaskStatus.OPEN);
        assertThat(released.to()).isEqualTo(TaskStatus.OPENING);
        assertThat(released.worker()).isEqualTo(w("gw-3"));
        assertThat(released.describe()).isEqualTo("gw-1 released it");
        assertThat(b.worker(w("gw-1")).taskCount()).isZero();

        // once the backoff ends the record goes: a release by gw-3 may now land on gw-1 again
        assertThat(b.taskOpened(11, w("gw-3"), t("P1"), 5).accepted()).isTrue();
        assertThat(b.onTimer(2010, 1).accepted()).isTrue();
        assertThat(sink.drain()).isEmpty();
        assertThat(b.taskReleased(2020, w("gw-3"), t("P1"), 5).accepted()).isTrue();
        assertThat(sink.drain()).containsExactly("schedule 2 4020", "open gw-1 P1 6");
    }

    @Test
    void releaseOfAnUnacknowledgedOpenAlsoMovesIt()
    {
        final Balancer b = new Balancer(config(), new BasicPolicy(), sink, sink);
        b.registerWorker(1, WorkerSpec.of("gw-1"));
        b.registerWorker(1, WorkerSpec.of("gw-2"));
        b.addTask(2, TaskSpec.of("P1"));   // gw-1, OPENING
        sink.drain();
        assertThat(b.taskReleased(3, w("gw-1"), t("P1"), 1).accepted()).isTrue();
        assertThat(sink.drain()).containsExactly("schedule 1 2003", "open gw-2 P1 2");
        assertThat(last(b, "P1").from()).isEqualTo(TaskStatus.OPENING);
    }

    @Test
    void onlyCapableWorkerReleasesItThenTheTaskWaitsAndIsRetriedThereAfterTheBackoff()
    {
        final Balancer b = new Balancer(config(), new BasicPolicy(), sink, sink);
        b.registerWorker(1, WorkerSpec.of("gw-1", "FIX"));
        b.registerWorker(1, WorkerSpec.of("gw-2"));
        b.addTask(2, TaskSpec.of("P1", "FIX"));
        openAll(b, sink, 3);

        assertThat(b.taskReleased(10, w("gw-1"), t("P1"), 1).accepted()).isTrue();
        assertThat(sink.drain()).containsExactly("schedule 1 2010");
        assertThat(b.assignment(t("P1")).status()).isEqualTo(TaskStatus.PENDING);
        assertThat(b.pendingReason(t("P1"))).isEqualTo("released by gw-1; retried at 2010");
        assertThat(last(b, "P1").to()).isEqualTo(TaskStatus.PENDING);
        assertThat(last(b, "P1").describe()).isEqualTo("gw-1 released it");

        // the backoff survives a snapshot: the restored engine retries exactly as the original does
        final RecordingSink restoredSink = new RecordingSink();
        final Balancer restored = Balancer.restore(config(), new BasicPolicy(), restoredSink,
            restoredSink, b.snapshot());
        assertThat(restored.pendingReason(t("P1"))).isEqualTo("released by gw-1; retried at 2010");

        assertThat(b.onTimer(2010, 1).accepted()).isTrue();
        assertThat(sink.drain()).containsExactly("open gw-1 P1 2");
        assertThat(last(b, "P1").cause()).isEqualTo(Cause.RELEASE_RETRY);
        assertThat(last(b, "P1").describe()).isEqualTo("retry after gw-1 released it");
        assertThat(b.onTimer(2011, 1).code()).isEqualTo(RejectionCode.UNKNOWN_TIMER);

        assertThat(restored.onTimer(2010, 1).accepted()).isTrue();
        assertThat(restoredSink.drain()).containsExactly("open gw-1 P1 2");
        assertThat(restored.snapshot()).isEqualTo(b.snapshot());
    }

    @Test
    void aWorkerJoiningDuringTheBackoffTakesThePendingTask()
    {
        final Balancer b = new Balancer(config(), new BasicPolicy(), sink, sink);
        b.registerWorker(1, WorkerSpec.of("gw-1"));
        b.addTask(2, TaskSpec.of("P1"));
        openAll(b, sink, 3);
        b.taskReleased(10, w("gw-1"), t("P1"), 1);
        assertThat(b.assignment(t("P1")).status()).isEqualTo(TaskStatus.PENDING);
        sink.drain();
        b.registerWorker(20, WorkerSpec.of("gw-2"));
        assertThat(sink.drain()).containsExactly("open gw-2 P1 2");
        // the later timer finds the task placed and only drops the record
        assertThat(b.onTimer(2010, 1).accepted()).isTrue();
        assertThat(sink.drain()).isEmpty();
    }

    @Test
    void rebalanceDoesNotMoveATaskBackOntoTheWorkerThatReleasedIt()
    {
        final Balancer b = new Balancer(config(), new BasicPolicy(), sink, sink);
        b.registerWorker(1, WorkerSpec.of("gw-1"));
        b.registerWorker(1, WorkerSpec.of("gw-2"));
        b.addTask(2, TaskSpec.of("P1"));   // gw-1
        b.addTask(2, TaskSpec.of("P2"));   // gw-2
        openAll(b, sink, 3);
        b.taskReleased(10, w("gw-1"), t("P1"), 1);   // -> gw-2 (2 tasks), gw-1 empty
        openAll(b, sink, 11);
        // a round: the basic policy proposes moving P1 from gw-2 to gw-1, the first least loaded one
        b.registerWorker(20, WorkerSpec.of("gw-3"));
        assertThat(sink.drain()).isEmpty();
        assertThat(b.assignment(t("P1")).target()).isEqualTo(w("gw-2"));
        assertThat(b.policyProposalsRejected()).as("not the policy's fault").isZero();
    }

    @Test
    void zeroBackoffPlacesItAgainAtOnceEvenOnTheSameWorker()
    {
        final Balancer b = new Balancer(config().releaseBackoff(0), new BasicPolicy(), sink, sink);
        b.registerWorker(1, WorkerSpec.of("gw-1"));
        b.addTask(2, TaskSpec.of("P1"));
        openAll(b, sink, 3);
        assertThat(b.taskReleased(10, w("gw-1"), t("P1"), 1).accepted()).isTrue();
        assertThat(sink.drain()).containsExactly("open gw-1 P1 2");
    }

    @Test
    void releaseOfAClosingTaskIsItsCloseAck()
    {
        final RecordingSink twinSink = new RecordingSink();
        final Balancer b = new Balancer(config(), new BasicPolicy(), sink, sink);
        final Balancer twin = new Balancer(config(), new BasicPolicy(), twinSink, twinSink);
        for (final Balancer x : List.of(b, twin))
        {
            x.registerWorker(1, WorkerSpec.of("gw-1"));
            x.registerWorker(1, WorkerSpec.of("gw-2"));
            x.addTask(2, TaskSpec.of("P1"));   // gw-1
            x.taskOpened(3, w("gw-1"), t("P1"), 1);
            x.moveTask(4, t("P1"), w("gw-2"));
        }
        sink.drain();
        twinSink.drain();
        assertThat(b.taskReleased(5, w("gw-1"), t("P1"), 1).accepted()).isTrue();
        assertThat(twin.taskClosed(5, w("gw-1"), t("P1"), 1).accepted()).isTrue();
        assertThat(sink.drain()).containsExactly("open gw-2 P1 2").isEqualTo(twinSink.drain());
        assertThat(last(b, "P1").cause()).isEqualTo(Cause.CLOSE_ACK);
        assertThat(b.snapshot()).isEqualTo(twin.snapshot());
    }

    @Test
    void removingAReleasedTaskDropsItsBackoff()
    {
        final Balancer b = new Balancer(config(), new BasicPolicy(), sink, sink);
        b.registerWorker(1, WorkerSpec.of("gw-1"));
        b.addTask(2, TaskSpec.of("P1"));
        openAll(b, sink, 3);
        b.taskReleased(10, w("gw-1"), t("P1"), 1);
        sink.drain();
        assertThat(b.removeTask(11, t("P1")).accepted()).isTrue();
        assertThat(sink.drain()).containsExactly("cancel 1");
        assertThat(b.onTimer(2010, 1).code()).isEqualTo(RejectionCode.UNKNOWN_TIMER);

        // re-added under the same id it is not avoided any more
        b.addTask(12, TaskSpec.of("P1"));
        assertThat(sink.drain()).containsExactly("open gw-1 P1 2");
    }
}
