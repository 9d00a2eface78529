package io.resilientgateways.core;

import org.junit.jupiter.api.BeforeEach;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One test per rejection kind: the right code, a message naming the ids, and byte-identical state with nothing
 * sent.
 */
class RejectionTest
{
    private final RecordingSink sink = new RecordingSink();
    private Balancer balancer;

    @BeforeEach
    void setUp()
    {
        balancer = new Balancer(new BalancerConfig().maxWorkers(3).maxTasks(4), new BasicPolicy(), sink, sink);
        balancer.registerWorker(1, WorkerSpec.of("gw-1", "FIX"));
        balancer.registerWorker(1, WorkerSpec.of("gw-2"));
        balancer.addTask(2, TaskSpec.of("P1", "FIX"));               // on gw-1, epoch 1
        balancer.taskOpened(3, w("gw-1"), t("P1"), 1);
        balancer.addTask(2, TaskSpec.of("P2"));                      // on gw-2, epoch 2, still OPENING
        sink.drain();
    }

    private static WorkerId w(final String name)
    {
        return WorkerId.of(name);
    }

    private static TaskId t(final String name)
    {
        return TaskId.of(name);
    }

    private void assertRejected(final Supplier<Result> input, final RejectionCode code, final String... mentions)
    {
        final byte[] before = balancer.snapshot();
        final Result result = input.get();
        assertThat(result.accepted()).as(result.toString()).isFalse();
        assertThat(result.code()).isEqualTo(code);
        assertThat(result.message()).contains(mentions);
        assertThat(balancer.snapshot()).as("state unchanged").isEqualTo(before);
        assertThat(sink.drain()).as("nothing sent").isEmpty();
    }

    /** Names and numbers are validated where values become ids and specs (adapters do it before any input). */
    private static void assertInvalid(final ThrowingCallable make, final RejectionCode code, final String... mentions)
    {
        assertThatThrownBy(make).isInstanceOfSatisfying(InvalidInputException.class, ex ->
        {
            assertThat(ex.code()).isEqualTo(code);
            assertThat(ex.getMessage()).contains(mentions);
        });
    }

    @Test
    void emptyName()
    {
        assertInvalid(() -> WorkerId.of(""), RejectionCode.INVALID_NAME, "worker");
        assertInvalid(() -> TaskId.of("bad name"), RejectionCode.INVALID_NAME, "bad name");
    }

    @Test
    void oversizedName()
    {
        final String long65 = "x".repeat(Names.MAX_LENGTH + 1);
        assertInvalid(() -> WorkerId.of(long65), RejectionCode.NAME_TOO_LONG, "65");
        assertInvalid(() -> CapabilitySet.of(List.of(long65)), RejectionCode.NAME_TOO_LONG, "capability");
    }

    @Test
    void tooManyCapabilities()
    {
        final List<String> caps = new java.util.ArrayList<>();
        for (int i = 0; i <= Names.MAX_CAPABILITIES; i++)
        {
            caps.add("c" + i);
        }
        assertInvalid(() -> CapabilitySet.of(caps), RejectionCode.TOO_MANY_CAPABILITIES, "17");
    }

    @Test
    void capacityOrWeightOutOfRange()
    {
        assertInvalid(() -> new WorkerSpec(WorkerId.of("gw-3"), CapabilitySet.EMPTY, 0), RejectionCode.INVALID_NUMBER,
            "gw-3", "capacity 0");
        assertInvalid(() -> new TaskSpec(TaskId.of("P9"), CapabilitySet.EMPTY, TaskSpec.MAX_WEIGHT + 1),
            RejectionCode.INVALID_NUMBER, "P9", "weight");
    }

    @Test
    void unknownWorker()
    {
        assertRejected(() -> balancer.workerLeft(5, w("gw-9"), LeaveReason.SESSION_CLOSED),
            RejectionCode.UNKNOWN_WORKER, "gw-9");
        assertRejected(() -> balancer.drainWorker(5, w("gw-9")), RejectionCode.UNKNOWN_WORKER, "gw-9");
        assertRejected(() -> balancer.taskOpened(5, w("gw-9"), t("P2"), 2), RejectionCode.UNKNOWN_WORKER,
            "gw-9", "P2");
        assertRejected(() -> balancer.moveTask(5, t("P2"), w("gw-9")), RejectionCode.UNKNOWN_WORKER, "gw-9");
    }

    @Test
    void unknownTask()
    {
        assertRejected(() -> balancer.removeTask(5, t("P9")), RejectionCode.UNKNOWN_TASK, "P9");
        assertRejected(() -> balancer.taskOpened(5, w("gw-1"), t("P9"), 1), RejectionCode.UNKNOWN_TASK, "P9");
        assertRejected(() -> balancer.moveTask(5, t("P9"), w("gw-1")), RejectionCode.UNKNOWN_TASK, "P9");
    }

    @Test
    void secondLiveWorkerWithSameName()
    {
        assertRejected(() -> balancer.registerWorker(5, WorkerSpec.of("gw-1")), RejectionCode.DUPLICATE_WORKER,
            "gw-1");
    }

    @Test
    void duplicateTask()
    {
        assertRejected(() -> balancer.addTask(5, TaskSpec.of("P1")), RejectionCode.DUPLICATE_TASK, "P1");
    }

    @Test
    void staleEpoch()
    {
        balancer.moveTask(5, t("P2"), w("gw-1"));          // close gw-2 P2 2
        balancer.taskClosed(6, w("gw-2"), t("P2"), 2);      // open gw-1 P2 3
        sink.drain();
        assertRejected(() -> balancer.taskClosed(7, w("gw-2"), t("P2"), 2), RejectionCode.STALE_EPOCH, "P2",
            "epoch 2", "current 3");
    }

    @Test
    void epochNeverIssued()
    {
        assertRejected(() -> balancer.taskOpened(5, w("gw-2"), t("P2"), 99), RejectionCode.UNKNOWN_EPOCH, "P2",
            "99");
    }

    @Test
    void ackFromWorkerThatDoesNotHoldTheTask()
    {
        assertRejected(() -> balancer.taskOpened(5, w("gw-1"), t("P2"), 2), RejectionCode.NOT_OWNER, "gw-1",
            "P2", "gw-2");
    }

    @Test
    void closeNobodyAskedFor()
    {
        assertRejected(() -> balancer.taskClosed(5, w("gw-1"), t("P1"), 1), RejectionCode.UNEXPECTED_ACK, "P1",
            "OPEN");
    }

    @Test
    void releaseRejections()
    {
        balancer.moveTask(5, t("P2"), w("gw-1"));          // close gw-2 P2 2
        balancer.taskClosed(6, w("gw-2"), t("P2"), 2);      // open gw-1 P2 3
        balancer.addTask(6, TaskSpec.of("P3", "ZONE"));     // PENDING, epoch 0
        sink.drain();
        assertRejected(() -> balancer.taskReleased(7, w("gw-2"), t("P2"), 2), RejectionCode.STALE_EPOCH, "release",
            "P2", "epoch 2", "current 3");
        assertRejected(() -> balancer.taskReleased(7, w("gw-1"), t("P2"), 9), RejectionCode.UNKNOWN_EPOCH, "P2",
            "9");
        assertRejected(() -> balancer.taskReleased(7, w("gw-2"), t("P1"), 1), RejectionCode.NOT_OWNER, "gw-2",
            "P1", "gw-1");
        assertRejected(() -> balancer.taskReleased(7, w("gw-1"), t("P9"), 1), RejectionCode.UNKNOWN_TASK, "P9");
        assertRejected(() -> balancer.taskReleased(7, w("gw-9"), t("P1"), 1), RejectionCode.UNKNOWN_WORKER, "gw-9",
            "P1");
        assertRejected(() -> balancer.taskReleased(7, w("gw-1"), t("P3"), 0), RejectionCode.UNEXPECTED_ACK, "P3",
            "gw-1", "PENDING");
    }

    @Test
    void releaseOfATaskThatWasJustReleasedAndIsPending()
    {
        balancer.removeTask(5, t("P2"));
        balancer.taskClosed(6, w("gw-2"), t("P2"), 2);
        balancer.taskReleased(7, w("gw-1"), t("P1"), 1);    // only gw-1 offers FIX: pending for the backoff
        sink.drain();
        assertThat(balancer.assignment(t("P1")).status()).isEqualTo(TaskStatus.PENDING);
        assertRejected(() -> balancer.taskReleased(8, w("gw-1"), t("P1"), 1), RejectionCode.UNEXPECTED_ACK, "P1",
            "PENDING");
    }

    @Test
    void removingOrMovingTaskMidHandoff()
    {
        balancer.moveTask(5, t("P2"), w("gw-1"));
        sink.drain();
        assertRejected(() -> balancer.removeTask(6, t("P2")), RejectionCode.TASK_IN_HANDOFF, "P2", "gw-2");
        assertRejected(() -> balancer.moveTask(6, t("P2"), w("gw-2")), RejectionCode.TASK_IN_HANDOFF, "P2");
    }

    @Test
    void moveToWorkerLackingCapability()
    {
        assertRejected(() -> balancer.moveTask(5, t("P1"), w("gw-2")), RejectionCode.NOT_CAPABLE, "gw-2", "FIX",
            "P1");
    }

    @Test
    void moveToDrainingWorker()
    {
        balancer.drainWorker(5, w("gw-2"));
        sink.drain();
        assertRejected(() -> balancer.moveTask(6, t("P1"), w("gw-2")), RejectionCode.WORKER_NOT_ELIGIBLE, "gw-2");
    }

    @Test
    void moveToCurrentOwner()
    {
        assertRejected(() -> balancer.moveTask(5, t("P1"), w("gw-1")), RejectionCode.ALREADY_ASSIGNED, "P1",
            "gw-1");
    }

    @Test
    void movePendingTask()
    {
        balancer.addTask(5, TaskSpec.of("P3", "ZONE"));
        sink.drain();
        balancer.registerWorker(6, WorkerSpec.of("gw-3"));
        sink.drain();
        assertRejected(() -> balancer.moveTask(7, t("P3"), w("gw-3")), RejectionCode.NOT_CAPABLE, "P3");
        assertThat(balancer.pendingReason(t("P3"))).contains("[ZONE]");
    }

    @Test
    void limits()
    {
        balancer.registerWorker(5, WorkerSpec.of("gw-3"));
        balancer.addTask(5, TaskSpec.of("P3"));
        balancer.addTask(5, TaskSpec.of("P4"));
        sink.drain();
        assertRejected(() -> balancer.registerWorker(6, WorkerSpec.of("gw-4")), RejectionCode.LIMIT_REACHED,
            "gw-4", "3 workers");
        assertRejected(() -> balancer.addTask(6, TaskSpec.of("P5")), RejectionCode.LIMIT_REACHED, "P5", "4 tasks");
    }

    @Test
    void unknownTimer()
    {
        assertRejected(() -> balancer.onTimer(5, 12_345), RejectionCode.UNKNOWN_TIMER, "12345");
    }

    @Test
    void notAssigned()
    {
        final Balancer graceful = new Balancer(new BalancerConfig().gracePeriod(1_000), new BasicPolicy(), sink,
            sink);
        graceful.registerWorker(1, WorkerSpec.of("gw-1"));
        graceful.registerWorker(1, WorkerSpec.of("gw-2"));
        graceful.addTask(1, TaskSpec.of("P1"));
        graceful.workerLeft(2, w("gw-1"), LeaveReason.SESSION_TIMEOUT);   // P1 RESERVED for gw-1
        sink.drain();
        assertThat(graceful.assignment(t("P1")).status()).isEqualTo(TaskStatus.RESERVED);
        balancer = graceful;
        assertRejected(() -> graceful.moveTask(3, t("P1"), w("gw-2")), RejectionCode.NOT_ASSIGNED, "P1", "RESERVED");
    }

    @Test
    void wireValuesArePinnedAndRoundTrip()
    {
        assertThat(RejectionCode.values()).hasSize(19);
        assertThat(RejectionCode.INVALID_NAME.value()).isEqualTo(1);
        assertThat(RejectionCode.STALE_EPOCH.value()).isEqualTo(9);
        assertThat(RejectionCode.UNKNOWN_TIMER.value()).isEqualTo(19);
        for (final RejectionCode code : RejectionCode.values())
        {
            assertThat(code.value()).as(code.name()).isEqualTo(code.ordinal() + 1);
            assertThat(RejectionCode.fromValue(code.value())).isSameAs(code);
        }
        assertThat(RejectionCode.fromValue(0)).isNull();
        assertThat(RejectionCode.fromValue(20)).isNull();
    }
}
