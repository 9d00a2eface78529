package io.resilientgateways.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TaskTable} answers as a {@link HashMap} would, through growth and backward-shift removals, for sequential
 * names (the clustered hash codes it is built for) and random ones.
 */
class TaskTableTest
{
    @Property(tries = 200)
    void sameAnswersAsAHashMap(
        @ForAll final long seed, @ForAll @IntRange(min = 1, max = 3000) final int names, @ForAll final boolean sequential)
    {
        final Random random = new Random(seed);
        final TaskId[] ids = new TaskId[names];
        for (int i = 0; i < names; i++)
        {
            ids[i] = TaskId.of(sequential ? String.format("t%07d", i) : "p" + random.nextLong());
        }
        final TaskTable table = new TaskTable(random.nextInt(64));
        final HashMap<TaskId, TaskState> reference = new HashMap<>();
        for (int op = 0; op < 4 * names; op++)
        {
            // a fresh but equal TaskId half of the time: lookups must not depend on identity
            final TaskId id = random.nextBoolean() ? ids[random.nextInt(names)] : TaskId.of(ids[random.nextInt(names)].name());
            switch (random.nextInt(3))
            {
                case 0 -> {
                    if (!reference.containsKey(id))
                    {
                        final TaskState task = new TaskState(id, CapabilitySet.EMPTY, 1);
                        table.put(task);
                        reference.put(id, task);
                    }
                }
                case 1 -> assertThat(table.remove(id)).isSameAs(reference.remove(id));
                default -> assertThat(table.get(id)).isSameAs(reference.get(id));
            }
            assertThat(table.size()).isEqualTo(reference.size());
        }
        for (final TaskId id : ids)
        {
            assertThat(table.get(id)).isSameAs(reference.get(id));
            assertThat(table.containsKey(id)).isEqualTo(reference.containsKey(id));
        }
        final TaskState[] all = table.toArray();
        assertThat(all).hasSize(reference.size());
        assertThat(Arrays.asList(all)).containsExactlyInAnyOrderElementsOf(reference.values());
    }

    @Property(tries = 500)
    void prefixesOrderTasksAsTheirIds(@ForAll final long seed)
    {
        final Random random = new Random(seed);
        final TaskState a = new TaskState(TaskId.of(name(random)), CapabilitySet.EMPTY, 1);
        final TaskState b = new TaskState(TaskId.of(name(random)), CapabilitySet.EMPTY, 1);
        assertThat(Integer.signum(TaskState.compare(a, b))).isEqualTo(Integer.signum(a.id.compareTo(b.id)));
        assertThat(TaskState.compare(a, a)).isZero();
    }

    private static String name(final Random random)
    {
        // short alphabets and shared prefixes, so that equal prefixes and prefix-of-another names come up often
        final int length = 1 + random.nextInt(random.nextBoolean() ? 10 : 64);
        final StringBuilder name = new StringBuilder(random.nextBoolean() ? "PARTY-0" : "");
        for (int i = 0; i < length; i++)
        {
            name.append((char)(random.nextBoolean() ? '!' + random.nextInt(3) : '}' + random.nextInt(2)));
        }
        return name.length() > Names.MAX_LENGTH ? name.substring(0, Names.MAX_LENGTH) : name.toString();
    }
}
