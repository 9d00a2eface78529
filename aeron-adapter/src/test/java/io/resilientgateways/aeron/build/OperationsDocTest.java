package io.resilientgateways.aeron.build;

import io.aeron.cluster.ConsensusModule;
import io.resilientgateways.aeron.node.BalancerNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/operations.md's configuration table against the code: every property of {@link BalancerNode.Configuration} is
 * documented, every documented setting exists with that property, and every documented default is the one a fresh
 * {@link BalancerNode.Context} has.
 */
class OperationsDocTest
{
    private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\| `([\\w.]+)` \\| `([^`]+)`.*$");

    @Test
    void configurationTableMatchesTheCode() throws Exception
    {
        final Map<String, String[]> rows = rows();
        assertThat(rows).isNotEmpty();
        for (final Field field : BalancerNode.Configuration.class.getFields())
        {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_PROP_NAME"))
            {
                final String property = (String)field.get(null);
                assertThat(rows.values().stream().anyMatch((r) -> r[0].equals(property)))
                    .as(property + " is documented").isTrue();
            }
        }
        final BalancerNode.Context fresh = new BalancerNode.Context();
        for (final Map.Entry<String, String[]> row : rows.entrySet())
        {
            final String setting = row.getKey();
            final String property = row.getValue()[0];
            assertThat(property).as(setting).matches("(resilientgateways\\.node|aeron\\.cluster)\\..+");
            if (property.startsWith("aeron.cluster."))
            {
                assertThat(aeronPropertyNames()).as(setting).contains(property);
            }
            else
            {
                assertThat(ourPropertyNames()).as(setting).contains(property);
            }
            final Object value = BalancerNode.Context.class.getMethod(setting).invoke(fresh);
            assertThat(String.valueOf(value)).as(setting + "'s default").isEqualTo(row.getValue()[1]);
        }
    }

    private static Map<String, String[]> rows() throws IOException
    {
        final String doc = Files.readString(Path.of("..", "docs", "operations.md"), StandardCharsets.UTF_8);
        final String section = doc.substring(doc.indexOf("## Configuration\n"), doc.indexOf("## Snapshots and log"));
        final Map<String, String[]> rows = new TreeMap<>();
        for (final String line : section.split("\n"))
        {
            final Matcher m = ROW.matcher(line);
            if (m.matches())
            {
                rows.put(m.group(1), new String[] {m.group(2), m.group(3)});
            }
        }
        return rows;
    }

    private static Set<String> ourPropertyNames() throws IllegalAccessException
    {
        return names(BalancerNode.Configuration.class);
    }

    private static Set<String> aeronPropertyNames() throws IllegalAccessException
    {
        return names(ConsensusModule.Configuration.class);
    }

    private static Set<String> names(final Class<?> type) throws IllegalAccessException
    {
        final Set<String> names = new TreeSet<>();
        for (final Field field : type.getFields())
        {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_PROP_NAME"))
            {
                names.add((String)field.get(null));
            }
        }
        return names;
    }
}
