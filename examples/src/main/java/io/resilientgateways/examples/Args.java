package io.resilientgateways.examples;

import java.util.Map;
import java.util.TreeMap;

/**
 * Command line options of the example's mains: {@code --key value} pairs and {@code --flag}s.
 */
public final class Args
{
    private final TreeMap<String, String> values = new TreeMap<>();

    private Args()
    {
    }

    /**
     * @param args the command line.
     * @return the parsed options.
     * @throws IllegalArgumentException for an argument that is not an option.
     */
    public static Args parse(final String[] args)
    {
        final Args parsed = new Args();
        for (int i = 0; i < args.length; i++)
        {
            if (args[i].isBlank())
            {
                continue;
            }
            if (!args[i].startsWith("--"))
            {
                throw new IllegalArgumentException("expected --option, got " + args[i]);
            }
            final String key = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--"))
            {
                parsed.values.put(key, args[++i]);
            }
            else
            {
                parsed.values.put(key, "true");
            }
        }
        return parsed;
    }

    /**
     * @param key option name without dashes.
     * @return its value.
     * @throws IllegalArgumentException if missing.
     */
    public String get(final String key)
    {
        final String value = values.get(key);
        if (null == value)
        {
            throw new IllegalArgumentException("missing --" + key);
        }
        return value;
    }

    /**
     * @param key          option name.
     * @param defaultValue if missing.
     * @return its value.
     */
    public String get(final String key, final String defaultValue)
    {
        return values.getOrDefault(key, defaultValue);
    }

    /**
     * @param key          option name.
     * @param defaultValue if missing.
     * @return its value.
     */
    public long getLong(final String key, final long defaultValue)
    {
        final String value = values.get(key);
        return null == value ? defaultValue : Long.parseLong(value);
    }

    /**
     * @param key option name.
     * @return true if given.
     */
    public boolean has(final String key)
    {
        return values.containsKey(key);
    }

    /**
     * @return every option.
     */
    public Map<String, String> all()
    {
        return values;
    }
}
