package io.resilientgateways.core;

import io.resilientgateways.core.spi.TaskView;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker's task list (sorted part with holes, recent tail, lazy merge, compaction) always reads as its tasks sorted
 * by id, however tasks come and go and however far a reader reads: added in id order, in reverse, at random, removed
 * from the front (as a rebalance takes them) or anywhere.
 */
class WorkerTasksTest
{
    @Property(tries = 300)
    void readsAsTheSortedTasks(
        @ForAll final long seed, @ForAll @IntRange(min = 1, max = 400) final int names, @ForAll @IntRange(max = 4) final int mode)
    {
        final Random random = new Random(seed);
        final WorkerState worker = new WorkerState(WorkerSpec.of("w"), new EngineState.LoadClock());
        final TreeMap<TaskId, TaskState> reference = new TreeMap<>();
        final TaskState[] tasks = new TaskState[names];
        for (int i = 0; i < names; i++)
        {
            tasks[i] = new TaskState(TaskId.of(String.format(i % 3 == 0 ? "PARTY-%09d" : "t%04d", i)), CapabilitySet.EMPTY, 1);
        }
        int next = 0;
        for (int op = 0; op < 6 * names; op++)
        {
            final int what = random.nextInt(10);
            if (what < 4 && 4 == mode)
            {
                // a sorted run of a few, as orphans or a round's moves arrive: the recent part becomes several runs
                final TreeMap<TaskId, TaskState> run = new TreeMap<>();
                for (int k = 1 + random.nextInt(12); k > 0; k--)
                {
                    final TaskState task = tasks[random.nextInt(names)];
                    if (null == task.assignee)
                    {
                        run.put(task.id, task);
                    }
                }
                for (final TaskState task : run.values())
                {
                    worker.addAssigned(task);
                    reference.put(task.id, task);
                }
            }
            else if (what < 4)
            {
                // add: in id order, in reverse, or at random
                final TaskState task = switch (mode)
                {
                    case 0 -> tasks[next++ % names];
                    case 1 -> tasks[names - 1 - next++ % names];
                    default -> tasks[random.nextInt(names)];
                };
                if (null == task.assignee)
                {
                    worker.addAssigned(task);
                    reference.put(task.id, task);
                }
            }
            else if (what < 7 && !reference.isEmpty())
            {
                // remove: the first (a rebalance takes a donor's first tasks) or any
                final List<TaskState> held = new ArrayList<>(reference.values());
                final TaskState task = random.nextBoolean() ? held.get(0) : held.get(random.nextInt(held.size()));
                worker.removeAssigned(task);
                reference.remove(task.id);
            }
            else if (what < 9)
            {
                // read a prefix, as a policy does
                final List<TaskView> view = worker.assigned();
                assertThat(view).hasSize(reference.size());
                final int upTo = reference.isEmpty() ? 0 : random.nextInt(reference.size() + 1);
                final List<TaskState> expected = new ArrayList<>(reference.values());
                for (int i = 0; i < upTo; i++)
                {
                    assertThat(view.get(i)).isSameAs(expected.get(i));
                }
            }
            else
            {
                assertThat(worker.assignedSorted()).containsExactlyElementsOf(reference.values());
            }
            assertThat(worker.taskCount()).isEqualTo(reference.size());
            assertThat(worker.load()).isEqualTo(reference.size());
        }
        assertThat(worker.assigned()).containsExactlyElementsOf(new ArrayList<TaskView>(reference.values()));
        assertThat(worker.assignedSorted()).containsExactlyElementsOf(reference.values());
    }
}
