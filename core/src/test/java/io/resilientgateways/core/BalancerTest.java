package io.resilientgateways.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BalancerTest
{
    private final RecordingSink sink = new RecordingSink();
    private final Balancer balancer = new Balancer(new BalancerConfig(), new BasicPolicy(), sink, sink);

    private static WorkerId w(final String name)
    {
        return WorkerId.of(name);
    }

    private static TaskId t(final String name)
    {
        return TaskId.of(name);
    }

    @Test
    void addedTaskOpensOnRegisteredWorkerWithFirstEpoch()
    {
        assertThat(balancer.registerWorker(1, WorkerSpec.of("gw-1")).accepted()).isTrue();
        assertThat(balancer.addTask(2, TaskSpec.of("P1")).accepted()).isTrue();
        assertThat(sink.drain()).contains("open gw-1 P1 1");
        assertThat(balancer.assignment(t("P1")).status()).isEqualTo(TaskStatus.OPENING);
        assertThat(balancer.taskOpened(3, w("gw-1"), t("P1"), 1).accepted()).isTrue();
        assertThat(balancer.assignment(t("P1")).status()).isEqualTo(TaskStatus.OPEN);
    }

    @Test
    void joinMovesTasksRevokeBeforeAssign()
    {
        balancer.registerWorker(1, WorkerSpec.of("gw-1"));
        for (int i = 0; i < 4; i++)
        {
            balancer.addTask(1, TaskSpec.of("P" + i));
            balancer.taskOpened(1, w("gw-1"), t("P" + i), i + 1);
        }
        sink.drain();
        balancer.registerWorker(2, WorkerSpec.of("gw-2"));
        final List<String> out = sink.drain();
        assertThat(out).filteredOn(s -> s.startsWith("close gw-1")).hasSize(2);
        assertThat(out).noneMatch(s -> s.startsWith("open"));

        final Assignment moving = balancer.assignments().stream()
            .filter(a -> a.status() == TaskStatus.CLOSING).findFirst().orElseThrow();
        assertThat(moving.owner()).isEqualTo(w("gw-1"));
        assertThat(moving.target()).isEqualTo(w("gw-2"));
        assertThat(balancer.taskClosed(3, w("gw-1"), moving.task(), moving.epoch()).accepted()).isTrue();
        assertThat(sink.drain()).containsExactly("open gw-2 " + moving.task() + " 5");
    }

    @Test
    void departedWorkersTasksMoveAtOnce()
    {
        balancer.registerWorker(1, WorkerSpec.of("gw-1"));
        balancer.registerWorker(1, WorkerSpec.of("gw-2"));
        balancer.addTask(1, TaskSpec.of("P1"));
        balancer.addTask(1, TaskSpec.of("P2"));
        sink.drain();
        assertThat(balancer.workerLeft(5, w("gw-1"), LeaveReason.SESSION_TIMEOUT).accepted()).isTrue();
        assertThat(sink.drain()).containsExactly("open gw-2 P1 3");
        assertThat(balancer.history(t("P1")).get(balancer.history(t("P1")).size() - 1).describe())
            .isEqualTo("gw-1 left: session timeout");
    }
}
