package io.resilientgateways.core;

import io.resilientgateways.core.spi.ClusterView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Queries answer with copies: nothing they return changes with later inputs; settings freeze once the engine has
 * them.
 */
class QueriesTest
{
    private final RecordingSink sink = new RecordingSink();

    @Test
    void answersDoNotChangeWithLaterInputs()
    {
        final Balancer b = new Balancer(new BalancerConfig(), new BasicPolicy(), sink, sink);
        b.registerWorker(1, WorkerSpec.of("gw-1"));
        b.addTask(2, TaskSpec.of("P1"));
        final WorkerInfo worker = b.worker(WorkerId.of("gw-1"));
        final TaskInfo task = b.task(TaskId.of("P1"));
        final ClusterView frozen = b.frozenView();
        final var workers = b.workers();

        b.taskOpened(3, WorkerId.of("gw-1"), TaskId.of("P1"), 1);
        b.addTask(4, TaskSpec.of("P2"));
        b.drainWorker(5, WorkerId.of("gw-1"));

        assertThat(worker).isEqualTo(new WorkerInfo(WorkerId.of("gw-1"), CapabilitySet.EMPTY, 1, 1, 1,
            WorkerStatus.LIVE, false));
        assertThat(task.status()).isEqualTo(TaskStatus.OPENING);
        assertThat(frozen.taskCount()).isEqualTo(1);
        assertThat(frozen.workers()).extracting(w -> w.id()).containsExactly(WorkerId.of("gw-1"));
        assertThat(frozen.tasksOf(WorkerId.of("gw-1"))).extracting(t -> t.status()).containsExactly(TaskStatus.OPENING);
        assertThat(frozen.now()).isEqualTo(2);
        assertThat(workers).containsExactly(worker);

        assertThat(b.worker(WorkerId.of("gw-1")).status()).isEqualTo(WorkerStatus.DRAINING);
        assertThat(b.worker(WorkerId.of("gw-1")).eligible()).isFalse();
        assertThat(b.task(TaskId.of("P1")).status()).isEqualTo(TaskStatus.OPEN);
        assertThat(b.now()).isEqualTo(5);
    }

    @Test
    void taskIdResolvesWireNamesWithoutChangingAnything()
    {
        final Balancer b = new Balancer(new BalancerConfig(), new BasicPolicy(), sink, sink);
        b.registerWorker(1, WorkerSpec.of("gw-1"));
        b.addTask(2, TaskSpec.of("PARTY-0001"));
        b.addTask(3, TaskSpec.of("PARTY-00"));
        final byte[] before = b.snapshot();
        final byte[] wire = "xxPARTY-0001PARTY-00PARTY-0002".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        final TaskId found = b.taskId(wire, 2, 10);
        assertThat(found).isEqualTo(TaskId.of("PARTY-0001"));
        assertThat(b.taskId(wire, 12, 8)).isEqualTo(TaskId.of("PARTY-00"));
        assertThat(b.taskId(wire, 20, 10)).isNull();        // not held
        // the first 8 characters of PARTY-0001 are PARTY-00: same order key, another name
        assertThat(b.taskId(wire, 2, 8)).isEqualTo(TaskId.of("PARTY-00"));
        assertThat(b.taskId(wire, 2, 9)).isNull();
        assertThat(b.snapshot()).isEqualTo(before);

        // the answer works as an id in the inputs, and a removed task is not found any more
        assertThat(b.taskOpened(4, WorkerId.of("gw-1"), found, 1).accepted()).isTrue();
        assertThat(b.task(found).status()).isEqualTo(TaskStatus.OPEN);
        b.removeTask(5, TaskId.of("PARTY-0001"));
        b.taskClosed(6, WorkerId.of("gw-1"), b.taskId(wire, 2, 10), 1);
        assertThat(b.taskId(wire, 2, 10)).isNull();
        assertThat(b.taskOpened(7, WorkerId.of("gw-1"), found, 1).code()).isEqualTo(RejectionCode.UNKNOWN_TASK);
    }

    @Test
    void settingsFreezeWhenTheEngineTakesThem()
    {
        final BalancerConfig config = new BalancerConfig().gracePeriod(100);
        new Balancer(config, new BasicPolicy(), sink, sink);
        assertThatThrownBy(() -> config.gracePeriod(0)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("frozen");
        assertThat(config.gracePeriod()).isEqualTo(100);
        assertThat(config.conclude()).isSameAs(config);
    }

    @Test
    void taskCountsAgreeWithTheCopiedAssignments()
    {
        final Balancer b = new Balancer(new BalancerConfig(), new BasicPolicy(), sink, sink);
        b.addTask(1, TaskSpec.of("P0"));                        // pending: nobody to run it
        b.registerWorker(2, WorkerSpec.of("gw-1"));
        for (int i = 1; i <= 5; i++)
        {
            b.addTask(3, TaskSpec.of("P" + i));
        }
        b.taskOpened(4, WorkerId.of("gw-1"), TaskId.of("P1"), b.assignment(TaskId.of("P1")).epoch());
        b.taskOpened(4, WorkerId.of("gw-1"), TaskId.of("P2"), b.assignment(TaskId.of("P2")).epoch());
        b.drainWorker(5, WorkerId.of("gw-1"));

        final long[] counts = new long[TaskStatus.values().length + 1];
        b.countTasks(counts);
        final long[] expected = new long[counts.length];
        for (final Assignment a : b.assignments())
        {
            expected[a.status().ordinal()]++;
        }
        expected[counts.length - 1] = b.stuck().size();
        assertThat(counts).containsExactly(expected);
        assertThat(counts[TaskStatus.CLOSING.ordinal()] + counts[TaskStatus.OPENING.ordinal()]).isPositive();
        assertThatThrownBy(() -> b.countTasks(new long[2])).isInstanceOf(IllegalArgumentException.class);
    }
}
