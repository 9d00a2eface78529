package io.resilientgateways.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.UniqueElements;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link IdOrder} sorts exactly as {@link EngineState#BY_ID}, whatever the runs, however many calls reuse it, and
 * names sharing their first 8 or 16 characters included.
 */
class IdOrderTest
{
    private final IdOrder order = new IdOrder();

    @Property(tries = 300)
    void sortsAsTheComparatorDoes(
        @ForAll @Size(max = 300) @UniqueElements final List<@StringLength(min = 1, max = 12) @net.jqwik.api.constraints.AlphaChars String> names,
        @ForAll @IntRange(min = 0, max = 5) final int shape,
        @ForAll final long seed)
    {
        final TaskState[] tasks = tasks(names);
        arrange(tasks, shape, new Random(seed));
        assertSorted(tasks);
    }

    @Test
    void sortsRunsFromManyDonorsAndLongSharedPrefixes()
    {
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < 5_000; i++)
        {
            names.add(String.format("PARTY-%07d", i)); // first 8 characters shared by a thousand names each
            names.add(String.format("PARTY-000000000-%03d", i % 1000) + (char)('a' + i / 1000)); // 16 shared
        }
        final TaskState[] tasks = tasks(names);
        // 7 donors' runs interleaved in the order a round takes them: each run ascending
        final TaskState[] byDonor = new TaskState[tasks.length];
        int n = 0;
        for (int donor = 0; donor < 7; donor++)
        {
            for (int i = donor; i < tasks.length; i += 7)
            {
                byDonor[n++] = tasks[i];
            }
        }
        assertSorted(byDonor);
        assertSorted(byDonor); // again, sorted already, reusing the buffers
        final TaskState[] descending = tasks.clone();
        java.util.Collections.reverse(Arrays.asList(descending));
        assertSorted(descending);
    }

    @Test
    void sortsOnlyTheRangeAskedFor()
    {
        final TaskState[] tasks = tasks(List.of("d", "c", "b", "a"));
        order.sort(tasks, 2);
        assertThat(names(tasks)).containsExactly("c", "d", "b", "a");
        order.sort(tasks, 0);
        order.sort(tasks, 1);
        assertThat(names(tasks)).containsExactly("c", "d", "b", "a");
        order.sort(tasks, 1, 4);
        assertThat(names(tasks)).containsExactly("c", "a", "b", "d");
    }

    private void assertSorted(final TaskState[] input)
    {
        final TaskState[] expected = input.clone();
        Arrays.sort(expected, EngineState.BY_ID);
        final TaskState[] actual = input.clone();
        order.sort(actual, actual.length);
        assertThat(actual).containsExactly(expected);
    }

    private static void arrange(final TaskState[] tasks, final int shape, final Random random)
    {
        switch (shape)
        {
            case 0 -> Arrays.sort(tasks, EngineState.BY_ID);
            case 1 -> {
                Arrays.sort(tasks, EngineState.BY_ID);
                java.util.Collections.reverse(Arrays.asList(tasks));
            }
            case 2, 3 -> {
                // a few ascending runs, concatenated
                Arrays.sort(tasks, EngineState.BY_ID);
                final List<TaskState> all = new ArrayList<>(Arrays.asList(tasks));
                java.util.Collections.shuffle(all, random);
                final int runs = 1 + random.nextInt(shape == 2 ? 3 : 12);
                final List<List<TaskState>> parts = new ArrayList<>();
                for (int r = 0; r < runs; r++)
                {
                    parts.add(new ArrayList<>());
                }
                for (final TaskState task : all)
                {
                    parts.get(random.nextInt(runs)).add(task);
                }
                int n = 0;
                for (final List<TaskState> part : parts)
                {
                    part.sort(EngineState.BY_ID);
                    for (final TaskState task : part)
                    {
                        tasks[n++] = task;
                    }
                }
            }
            default -> java.util.Collections.shuffle(Arrays.asList(tasks), random);
        }
    }

    private static TaskState[] tasks(final List<String> names)
    {
        final TaskState[] tasks = new TaskState[names.size()];
        for (int i = 0; i < tasks.length; i++)
        {
            tasks[i] = new TaskState(TaskId.of(names.get(i)), CapabilitySet.EMPTY, 1);
        }
        return tasks;
    }

    private static List<String> names(final TaskState[] tasks)
    {
        final List<String> names = new ArrayList<>();
        for (final TaskState task : tasks)
        {
            names.add(task.id.name());
        }
        return names;
    }
}
