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

    private Balancer withConfig(final BalancerConfig config)
    {
        return new Balancer(config, new BasicPolicy(), sink, sink);
    }

    private long timerAt(final long deadline)
    {
        return sink.timers.entrySet().stream().filter(e -> e.getValue() == deadline).findFirst().orElseThrow()
            .getKey();
    }

    private void fireDue(final Balancer b, final long now)
    {
        while (!sink.timers.isEmpty())
        {
            final var due = sink.timers.entrySet().stream().filter(e -> e.getValue() <= now)
                .min(java.util.Map.Entry.comparingByValue());
            if (due.isEmpty())
            {
                return;
            }
            sink.timers.remove(due.get().getKey());
            assertThat(b.onTimer(now, due.get().getKey()).accepted()).isTrue();
        }
    }

    private static void openAll(final Balancer b, final RecordingSink sink, final long now)
    {
        for (final String d : sink.drain())
        {
            final String[] p = d.split(" ");
            if (p[0].equals("open"))
            {
                assertThat(b.taskOpened(now, WorkerId.of(p[1]), TaskId.of(p[2]), Long.parseLong(p[3])).accepted())
                    .isTrue();
            }
        }
    }

    @Test
    void workerReturningWithinGraceKeepsItsTasksUnderNewEpochs()
    {
        final Balancer b = withConfig(new BalancerConfig().gracePeriod(1_000));
        b.registerWorker(0, WorkerSpec.of("gw-1"));
        b.registerWorker(0, WorkerSpec.of("gw-2"));
        b.addTask(0, TaskSpec.of("P1"));
        b.addTask(0, TaskSpec.of("P2"));
        openAll(b, sink, 1);
        assertThat(b.assignment(t("P1")).owner()).isEqualTo(w("gw-1"));

        b.workerLeft(10, w("gw-1"), LeaveReason.SESSION_TIMEOUT);
        final long grace = timerAt(1_010);
        assertThat(sink.drain()).containsExactly("schedule " + grace + " 1010");
        assertThat(b.assignment(t("P1")).status()).isEqualTo(TaskStatus.RESERVED);

        b.registerWorker(500, WorkerSpec.of("gw-1"));
        assertThat(sink.drain()).containsExactly("cancel " + grace, "open gw-1 P1 3");
        assertThat(b.history(t("P1")).get(b.history(t("P1")).size() - 1).describe())
            .isEqualTo("gw-1 came back within its grace period");
    }

    @Test
    void graceExpiryMovesReservedTasks()
    {
        final Balancer b = withConfig(new BalancerConfig().gracePeriod(1_000));
        b.registerWorker(0, WorkerSpec.of("gw-1"));
        b.addTask(0, TaskSpec.of("P1"));
        openAll(b, sink, 1);
        b.registerWorker(2, WorkerSpec.of("gw-2"));
        sink.drain();
        b.workerLeft(10, w("gw-1"), LeaveReason.SESSION_CLOSED);
        sink.drain();
        assertThat(b.onTimer(1_010, timerAt(1_010)).accepted()).isTrue();
        assertThat(sink.drain()).containsExactly("open gw-2 P1 2");
        assertThat(b.worker(w("gw-1"))).isNull();
    }

    @Test
    void deregisteredWorkerGetsNoGrace()
    {
        final Balancer b = withConfig(new BalancerConfig().gracePeriod(1_000));
        b.registerWorker(0, WorkerSpec.of("gw-1"));
        b.registerWorker(0, WorkerSpec.of("gw-2"));
        b.addTask(0, TaskSpec.of("P1"));
        openAll(b, sink, 1);
        b.workerLeft(10, w("gw-1"), LeaveReason.DEREGISTERED);
        assertThat(sink.drain()).containsExactly("open gw-2 P1 2");
    }

    @Test
    void drainMovesEverythingThatCanMove()
    {
        balancer.registerWorker(0, WorkerSpec.of("gw-1", "FIX"));
        balancer.registerWorker(0, WorkerSpec.of("gw-2"));
        balancer.addTask(0, TaskSpec.of("P1"));
        balancer.addTask(0, TaskSpec.of("P2"));
        balancer.addTask(0, TaskSpec.of("P3", "FIX"));
        openAll(balancer, sink, 1);
        balancer.drainWorker(5, w("gw-1"));
        final List<String> closes = sink.drain();
        assertThat(closes).allMatch(d -> d.startsWith("close gw-1")).noneMatch(d -> d.contains("P3"));
        for (final String d : closes)
        {
            final String[] p = d.split(" ");
            balancer.taskClosed(6, w("gw-1"), t(p[2]), Long.parseLong(p[3]));
        }
        openAll(balancer, sink, 7);
        assertThat(balancer.assignmentsOf(w("gw-1"))).extracting(Assignment::task).containsExactly(t("P3"));
        assertThat(balancer.assignment(t("P3")).status()).isEqualTo(TaskStatus.OPEN);
    }

    @Test
    void unacknowledgedCloseIsReportedStuckAndNeverOpenedTwice()
    {
        final Balancer b = withConfig(new BalancerConfig().handoffTimeout(100));
        b.registerWorker(0, WorkerSpec.of("gw-1"));
        b.addTask(0, TaskSpec.of("P1"));
        b.addTask(0, TaskSpec.of("P2"));
        openAll(b, sink, 1);
        b.registerWorker(10, WorkerSpec.of("gw-2"));
        assertThat(sink.drain()).contains("close gw-1 P1 1");
        fireDue(b, 100);
        assertThat(b.stuck()).isEmpty();
        fireDue(b, 110);
        assertThat(b.stuck()).extracting(Assignment::task).containsExactly(t("P1"));
        assertThat(sink.drain()).noneMatch(d -> d.startsWith("open"));
        b.taskClosed(500, w("gw-1"), t("P1"), 1);
        assertThat(sink.drain()).contains("open gw-2 P1 3");
        assertThat(b.stuck()).isEmpty();
    }

    @Test
    void removalClosesThenForgets()
    {
        balancer.registerWorker(0, WorkerSpec.of("gw-1"));
        balancer.addTask(0, TaskSpec.of("P1"));
        openAll(balancer, sink, 1);
        assertThat(balancer.removeTask(2, t("P1")).accepted()).isTrue();
        assertThat(sink.drain()).containsExactly("close gw-1 P1 1");
        assertThat(balancer.assignment(t("P1")).status()).isEqualTo(TaskStatus.CLOSING);
        balancer.taskClosed(3, w("gw-1"), t("P1"), 1);
        assertThat(balancer.assignment(t("P1"))).isNull();
        assertThat(balancer.addTask(4, TaskSpec.of("P1")).accepted()).isTrue();
        assertThat(sink.drain()).containsExactly("open gw-1 P1 2");
    }

    @Test
    void movesPerRoundAreLimitedAndRoundsFollowOneAnother()
    {
        final Balancer b = withConfig(new BalancerConfig().maxMovesPerRound(2));
        b.registerWorker(0, WorkerSpec.of("gw-1"));
        for (int i = 0; i < 8; i++)
        {
            b.addTask(0, TaskSpec.of("P" + i));
        }
        openAll(b, sink, 1);
        b.registerWorker(2, WorkerSpec.of("gw-2"));
        int rounds = 0;
        List<String> out = sink.drain();
        while (!out.isEmpty())
        {
            final List<String> closes = out.stream().filter(d -> d.startsWith("close")).toList();
            assertThat(closes.size()).isLessThanOrEqualTo(2);
            if (!closes.isEmpty())
            {
                rounds++;
            }
            for (final String d : out)
            {
                final String[] p = d.split(" ");
                if (p[0].equals("close"))
                {
                    b.taskClosed(3, w(p[1]), t(p[2]), Long.parseLong(p[3]));
                }
                else if (p[0].equals("open"))
                {
                    b.taskOpened(3, w(p[1]), t(p[2]), Long.parseLong(p[3]));
                }
            }
            out = sink.drain();
        }
        assertThat(rounds).isEqualTo(2);
        assertThat(b.worker(w("gw-1")).load()).isEqualTo(4);
        assertThat(b.worker(w("gw-2")).load()).isEqualTo(4);
    }

    @Test
    void rebalanceDelayBatchesStaggeredJoins()
    {
        final Balancer b = withConfig(new BalancerConfig().rebalanceDelay(500));
        b.registerWorker(0, WorkerSpec.of("gw-1"));
        for (int i = 0; i < 6; i++)
        {
            b.addTask(0, TaskSpec.of("P" + i));
        }
        openAll(b, sink, 1);
        sink.drain();
        b.registerWorker(100, WorkerSpec.of("gw-2"));
        b.registerWorker(300, WorkerSpec.of("gw-3"));
        assertThat(sink.drain()).noneMatch(d -> d.startsWith("close"));
        fireDue(b, 600);
        assertThat(sink.drain()).filteredOn(d -> d.startsWith("close")).hasSize(4);
    }

    @Test
    void restoreRefusesAnotherPolicyOrConfig()
    {
        balancer.registerWorker(0, WorkerSpec.of("gw-1"));
        final byte[] snapshot = balancer.snapshot();
        final io.resilientgateways.core.spi.RebalancePolicy other = new io.resilientgateways.core.spi.RebalancePolicy()
        {
            private final BasicPolicy basic = new BasicPolicy();

            public String name()
            {
                return basic.name();
            }

            public int version()
            {
                return 2;
            }

            public WorkerId allocate(final io.resilientgateways.core.spi.TaskView task,
                final io.resilientgateways.core.spi.ClusterView view)
            {
                return basic.allocate(task, view);
            }

            public List<io.resilientgateways.core.spi.Move> rebalance(
                final io.resilientgateways.core.spi.ClusterView view, final int maxMoves)
            {
                return basic.rebalance(view, maxMoves);
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Balancer.restore(new BalancerConfig(), other, sink,
            sink, snapshot)).isInstanceOf(IllegalStateException.class).hasMessageContaining("basic v1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Balancer.restore(new BalancerConfig().gracePeriod(5),
            new BasicPolicy(), sink, sink, snapshot)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("settings");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Balancer.restore(new BalancerConfig(),
            new BasicPolicy(), sink, sink, java.util.Arrays.copyOf(snapshot, snapshot.length - 3)))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt");
        assertThat(Balancer.restore(new BalancerConfig(), new BasicPolicy(), sink, sink, snapshot).snapshot())
            .isEqualTo(snapshot);
    }
}
