package io.resilientgateways.core;

import io.resilientgateways.core.spi.DirectiveSink;
import io.resilientgateways.core.spi.Timers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Task handles: every directive carries one, an ack echoes it, and {@link Balancer#taskId(int, byte[], int, int)}
 * answers exactly what the lookup by name answers, whatever the handle (right, stale after a removal or a restore,
 * forged, absent), and changes nothing; {@link Balancer#taskName} writes a directive's name from its state.
 */
class TaskHandleTest
{
    private static final WorkerId GW1 = WorkerId.of("gw-1");

    /** Records each directive with its handle. */
    private static final class HandleSink implements DirectiveSink, Timers
    {
        final List<Object[]> sent = new ArrayList<>();
        final TreeMap<Long, Long> timers = new TreeMap<>();

        @Override
        public void open(final WorkerId worker, final TaskId task, final long epoch)
        {
            throw new AssertionError("the engine sends the form with the handle");
        }

        @Override
        public void close(final WorkerId worker, final TaskId task, final long epoch)
        {
            throw new AssertionError("the engine sends the form with the handle");
        }

        @Override
        public void open(final WorkerId worker, final TaskId task, final int handle, final long epoch)
        {
            sent.add(new Object[]{"open", task, handle, epoch});
        }

        @Override
        public void close(final WorkerId worker, final TaskId task, final int handle, final long epoch)
        {
            sent.add(new Object[]{"close", task, handle, epoch});
        }

        @Override
        public void schedule(final long correlationId, final long deadline)
        {
            timers.put(correlationId, deadline);
        }

        @Override
        public void cancel(final long correlationId)
        {
            timers.remove(correlationId);
        }

        int handleOf(final String task)
        {
            return (int)last(task)[2];
        }

        long epochOf(final String task)
        {
            return (long)last(task)[3];
        }

        private Object[] last(final String task)
        {
            for (int i = sent.size() - 1; i >= 0; i--)
            {
                if (sent.get(i)[1].equals(TaskId.of(task)))
                {
                    return sent.get(i);
                }
            }
            throw new AssertionError("no directive for " + task);
        }
    }

    private static byte[] bytes(final String name)
    {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    /** Every handle from -2 to size + 2 against every name: the answer is always the lookup by name's. */
    private static void assertHandlesNeverChangeTheAnswer(final Balancer b, final List<String> names, final int size)
    {
        final byte[] before = b.snapshot();
        for (final String name : names)
        {
            final byte[] wire = bytes("##" + name);
            final TaskId byName = b.taskId(wire, 2, name.length());
            for (int handle = -2; handle < size + 3; handle++)
            {
                assertThat(b.taskId(handle, wire, 2, name.length())).as(name + " with handle " + handle)
                    .isEqualTo(byName);
            }
        }
        assertThat(b.snapshot()).isEqualTo(before);
    }

    @Test
    void directivesCarryDenseHandlesInAddOrderAndAcksResolveByThem()
    {
        final HandleSink sink = new HandleSink();
        final Balancer b = new Balancer(new BalancerConfig(), new BasicPolicy(), sink, sink);
        b.registerWorker(1, WorkerSpec.of("gw-1"));
        b.addTask(2, TaskSpec.of("PARTY-0002"));
        b.addTasks(3, List.of(TaskSpec.of("PARTY-0001"), TaskSpec.of("P3")));

        assertThat(sink.sent).extracting(d -> d[2]).containsExactly(0, 1, 2);
        final TaskId id = b.taskId(1, bytes("PARTY-0001"), 0, 10);
        assertThat(id).isEqualTo(TaskId.of("PARTY-0001"));
        assertThat(b.taskOpened(4, GW1, id, sink.epochOf("PARTY-0001")).accepted()).isTrue();
        assertThat(b.task(TaskId.of("PARTY-0001")).status()).isEqualTo(TaskStatus.OPEN);
        assertHandlesNeverChangeTheAnswer(b, List.of("PARTY-0001", "PARTY-0002", "P3", "PARTY-00", "PARTY-0003"), 3);
    }

    /** The name as {@link Balancer#taskName} writes it with this handle, between two guard bytes it must not touch. */
    private static String written(final Balancer b, final String name, final int handle)
    {
        final byte[] dst = new byte[Names.MAX_LENGTH + 2];
        java.util.Arrays.fill(dst, (byte)'#');
        final int length = b.taskName(TaskId.of(name), handle, dst, 1);
        assertThat(dst[0]).isEqualTo((byte)'#');
        assertThat(dst[1 + length]).isEqualTo((byte)'#');
        return new String(dst, 1, length, StandardCharsets.US_ASCII);
    }

    @Test
    void taskNameWritesTheNameOfTheTaskGivenWhateverTheHandle()
    {
        final HandleSink sink = new HandleSink();
        final Balancer b = new Balancer(new BalancerConfig(), new BasicPolicy(), sink, sink);
        b.registerWorker(1, WorkerSpec.of("gw-1"));
        final String longest = "L".repeat(Names.MAX_LENGTH);
        final List<String> names = List.of("t0000001", "P", "PARTY-0002", "~!az09{}", "GSCOUS33XXX", longest);
        b.addTasks(2, names.stream().map(TaskSpec::of).toList());
        final byte[] before = b.snapshot();
        for (final String name : names)
        {
            // the handle its directive carried (from the task's state up to 8 characters), none, a stale or forged one
            for (final int handle : new int[]{sink.handleOf(name), -1, 0, 1, 5, 6, 1000, Integer.MIN_VALUE})
            {
                assertThat(written(b, name, handle)).as(name + " with handle " + handle).isEqualTo(name);
            }
        }
        assertThat(written(b, "unknown", 0)).isEqualTo("unknown");       // no such task: the id's name
        b.removeTask(3, TaskId.of("t0000001"));
        assertThat(written(b, "t0000001", sink.handleOf("t0000001"))).isEqualTo("t0000001");
        assertThat(written(b, "PARTY-0002", sink.handleOf("t0000001"))).isEqualTo("PARTY-0002");
        assertThat(before).isNotEqualTo(b.snapshot()); // the removal changed the state; the queries did not:
        final byte[] after = b.snapshot();
        written(b, "P", sink.handleOf("P"));
        assertThat(b.snapshot()).isEqualTo(after);
    }

    @Test
    void aHandleMadeStaleByARemovalOrARestoreIsResolvedByName()
    {
        final HandleSink sink = new HandleSink();
        final Balancer b = new Balancer(new BalancerConfig(), new BasicPolicy(), sink, sink);
        b.registerWorker(1, WorkerSpec.of("gw-1"));
        b.addTasks(2, List.of(TaskSpec.of("A-0000001"), TaskSpec.of("B-0000002"), TaskSpec.of("C-0000003")));
        final int handleOfC = sink.handleOf("C-0000003");
        final int handleOfA = sink.handleOf("A-0000001");
        for (final String name : List.of("A-0000001", "B-0000002", "C-0000003"))
        {
            final TaskId id = b.taskId(sink.handleOf(name), bytes(name), 0, name.length());
            assertThat(b.taskOpened(3, GW1, id, sink.epochOf(name)).accepted()).isTrue();
        }
        // removing A closes it; its close ack (A's handle) removes it, and the last task takes A's place in the table
        b.removeTask(4, TaskId.of("A-0000001"));
        assertThat(b.taskClosed(5, GW1, b.taskId(handleOfA, bytes("A-0000001"), 0, 9), 1).accepted()).isTrue();
        assertThat(b.taskId(handleOfA, bytes("A-0000001"), 0, 9)).isNull();

        // C's old handle is past the end now, A's old handle is C's: both answer C by its name, and nothing else
        final byte[] before = b.snapshot();
        assertThat(b.taskId(handleOfC, bytes("C-0000003"), 0, 9)).isEqualTo(TaskId.of("C-0000003"));
        assertThat(b.taskId(handleOfA, bytes("B-0000002"), 0, 9)).isEqualTo(TaskId.of("B-0000002"));
        assertThat(b.taskId(handleOfA, bytes("C-0000004"), 0, 9)).isNull();    // C's handle, another name
        assertThat(b.taskId(handleOfA, bytes("C-000000"), 0, 8)).isNull();     // C's prefix, shorter
        assertThat(b.snapshot()).isEqualTo(before);
        // an ack with a stale handle is the ack of the task it names: state as if resolved by name
        final TaskId c = b.taskId(handleOfC, bytes("C-0000003"), 0, 9);
        assertThat(b.taskOpened(6, GW1, c, 3).accepted()).isTrue();               // a repeat: accepted, no change
        assertThat(b.taskOpened(6, GW1, c, 4).code()).isEqualTo(RejectionCode.UNKNOWN_EPOCH);
        assertThat(b.taskOpened(6, GW1, c, 2).code()).isEqualTo(RejectionCode.STALE_EPOCH);
        assertThat(b.snapshot()).isEqualTo(before);
        assertHandlesNeverChangeTheAnswer(b, List.of("A-0000001", "B-0000002", "C-0000003"), 2);

        // a restored replica numbers its tasks again, deterministically: handles from before still resolve by name
        final HandleSink restoredSink = new HandleSink();
        final Balancer restored = Balancer.restore(new BalancerConfig(), new BasicPolicy(), restoredSink,
            restoredSink, before);
        assertHandlesNeverChangeTheAnswer(restored, List.of("A-0000001", "B-0000002", "C-0000003"), 2);
        final Balancer again = Balancer.restore(new BalancerConfig(), new BasicPolicy(), restoredSink,
            restoredSink, before);
        restored.moveTask(7, TaskId.of("B-0000002"), GW1);
        restored.registerWorker(8, WorkerSpec.of("gw-2"));
        restored.moveTask(9, TaskId.of("B-0000002"), WorkerId.of("gw-2"));
        again.registerWorker(8, WorkerSpec.of("gw-2"));
        again.moveTask(9, TaskId.of("B-0000002"), WorkerId.of("gw-2"));
        assertThat(restoredSink.sent).hasSize(2);
        assertThat(restoredSink.sent.get(0)[2]).isEqualTo(restoredSink.sent.get(1)[2]);
        assertThat(restored.snapshot()).isEqualTo(again.snapshot());
    }
}
