package io.resilientgateways.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Balancer#addTasks}: one input for many tasks, all or none.
 */
class AddTasksTest
{
    private static Balancer engine(final RecordingSink sink)
    {
        final Balancer b = new Balancer(new BalancerConfig().maxTasks(50), new BasicPolicy(), sink, sink);
        b.registerWorker(1, WorkerSpec.of("gw-1", "A"));
        b.registerWorker(1, WorkerSpec.of("gw-2", "B"));
        b.registerWorker(1, WorkerSpec.of("gw-3", "A", "B").withCapacity(2));
        return b;
    }

    @Property(tries = 200)
    void sameAsAddingOneByOne(@ForAll final long seed, @ForAll @IntRange(min = 0, max = 40) final int count)
    {
        final Random random = new Random(seed);
        final List<TaskSpec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final String[] requires = switch (random.nextInt(4))
            {
                case 0 -> new String[]{"A"};
                case 1 -> new String[]{"B"};
                case 2 -> new String[]{"C"};
                default -> new String[0];
            };
            specs.add(TaskSpec.of("t" + random.nextInt(1_000_000) + "-" + i, requires)
                .withWeight(1 + random.nextInt(3)));
        }
        final RecordingSink one = new RecordingSink();
        final Balancer byOne = engine(one);
        for (final TaskSpec spec : specs)
        {
            assertThat(byOne.addTask(7, spec).accepted()).isTrue();
        }
        final RecordingSink batch = new RecordingSink();
        final Balancer byBatch = engine(batch);
        assertThat(byBatch.addTasks(7, specs).accepted()).isTrue();

        assertThat(batch.directives).isEqualTo(one.directives);
        assertThat(byBatch.snapshot()).isEqualTo(byOne.snapshot());
    }

    @Test
    void aRejectedBatchAddsNothing()
    {
        final RecordingSink sink = new RecordingSink();
        final Balancer b = engine(sink);
        b.addTask(2, TaskSpec.of("P1"));
        sink.drain();
        final byte[] before = b.snapshot();

        final Result existing = b.addTasks(3, List.of(TaskSpec.of("P2"), TaskSpec.of("P1")));
        assertThat(existing.code()).isEqualTo(RejectionCode.DUPLICATE_TASK);
        assertThat(existing.message()).contains("P1");
        final Result twice = b.addTasks(3, List.of(TaskSpec.of("P2"), TaskSpec.of("P3"), TaskSpec.of("P2")));
        assertThat(twice.code()).isEqualTo(RejectionCode.DUPLICATE_TASK);
        assertThat(twice.message()).contains("P2", "batch");
        final List<TaskSpec> tooMany = new ArrayList<>();
        for (int i = 0; i < 50; i++)
        {
            tooMany.add(TaskSpec.of("Q" + i));
        }
        assertThat(b.addTasks(3, tooMany).code()).isEqualTo(RejectionCode.LIMIT_REACHED);

        assertThat(b.snapshot()).isEqualTo(before);
        assertThat(sink.drain()).isEmpty();
        assertThat(b.addTasks(4, tooMany.subList(0, 49)).accepted()).isTrue();
        assertThat(b.taskCount()).isEqualTo(50);
    }
}
