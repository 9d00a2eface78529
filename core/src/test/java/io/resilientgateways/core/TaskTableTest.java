package io.resilientgateways.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.nio.charset.StandardCharsets;
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
            assertThat(null != table.get(id)).isEqualTo(reference.containsKey(id));
            final byte[] wire = ("#" + id.name() + "#").getBytes(StandardCharsets.US_ASCII);
            assertThat(table.find(wire, 1, wire.length - 2)).isSameAs(reference.get(id));
        }
        final TaskState[] all = table.toArray();
        assertThat(all).hasSize(reference.size());
        assertThat(Arrays.asList(all)).containsExactlyInAnyOrderElementsOf(reference.values());
    }

    @Property(tries = 300)
    void findsByNameBytesExactly(@ForAll final long seed)
    {
        // names sharing their first 8 or 16 characters, shorter and longer, where the keys and length must not
        // be mistaken for the name
        final Random random = new Random(seed);
        final TaskTable table = new TaskTable();
        final HashMap<String, TaskState> reference = new HashMap<>();
        for (int i = 0; i < 200; i++)
        {
            final String name = name(random);
            if (!reference.containsKey(name))
            {
                final TaskState task = new TaskState(TaskId.of(name), CapabilitySet.EMPTY, 1);
                table.put(task);
                reference.put(name, task);
            }
        }
        for (int i = 0; i < 400; i++)
        {
            final String name = name(random);
            final byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            final TaskState found = table.find(bytes, 0, bytes.length);
            assertThat(found).isSameAs(reference.get(name));
            if (null != found)
            {
                // the id handed out is found again by reference, and removal forgets it
                assertThat(table.get(found.id)).isSameAs(found);
                if (random.nextInt(4) == 0)
                {
                    assertThat(table.remove(TaskId.of(name))).isSameAs(found);
                    reference.remove(name);
                    assertThat(table.get(found.id)).isNull();
                    assertThat(table.find(bytes, 0, bytes.length)).isNull();
                }
            }
        }
        assertThat(table.size()).isEqualTo(reference.size());
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
        final String[] stems = {"", "PARTY-0", "PARTY-0000000000"}; // sharing 7 and 16 characters
        final StringBuilder name = new StringBuilder(stems[random.nextInt(stems.length)]);
        for (int i = 0; i < length; i++)
        {
            name.append((char)(random.nextBoolean() ? '!' + random.nextInt(3) : '}' + random.nextInt(2)));
        }
        return name.length() > Names.MAX_LENGTH ? name.substring(0, Names.MAX_LENGTH) : name.toString();
    }
}
