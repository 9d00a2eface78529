package io.resilientgateways.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task's two 8-character keys stand for its name: they order tasks as the names do, and write the name back, for
 * names that share their first 8 or 16 characters, shorter, as long as and longer than the keys.
 */
class TaskStateTest
{
    @Property(tries = 500)
    void keysOrderAndWriteNamesAsTheNamesThemselves(@ForAll final long seed)
    {
        final Random random = new Random(seed);
        final String a = name(random);
        final String b = random.nextInt(4) == 0 ? a : name(random);
        final TaskState x = new TaskState(TaskId.of(a), CapabilitySet.EMPTY, 1);
        final TaskState y = new TaskState(TaskId.of(new String(b.toCharArray())), CapabilitySet.EMPTY, 1);
        assertThat(Integer.signum(TaskState.compare(x, y))).as(a + " vs " + b).isEqualTo(Integer.signum(a.compareTo(b)));
        assertThat(Integer.signum(TaskState.compare(y, x))).isEqualTo(Integer.signum(b.compareTo(a)));
        final byte[] out = new byte[Names.MAX_LENGTH + 2];
        Arrays.fill(out, (byte)'#');
        final int length = x.writeName(out, 1);
        assertThat(new String(out, 1, length, StandardCharsets.US_ASCII)).isEqualTo(a);
        assertThat(out[0]).isEqualTo((byte)'#');
        assertThat(out[1 + length]).isEqualTo((byte)'#');
    }

    private static String name(final Random random)
    {
        // PARTY-0000000000 is 16 characters: names around both key boundaries, mostly from a tiny alphabet
        final String[] stems = {"", "PARTY-00", "PARTY-0000000000", "PARTY-000000000"};
        final StringBuilder name = new StringBuilder(stems[random.nextInt(stems.length)]);
        final int more = random.nextInt(4) == 0 ? random.nextInt(Names.MAX_LENGTH) : random.nextInt(10);
        for (int i = 0; i < more; i++)
        {
            name.append((char)(random.nextBoolean() ? '!' + random.nextInt(2) : '~' - random.nextInt(2)));
        }
        if (name.length() == 0)
        {
            name.append('0');
        }
        return name.length() > Names.MAX_LENGTH ? name.substring(0, Names.MAX_LENGTH) : name.toString();
    }
}
