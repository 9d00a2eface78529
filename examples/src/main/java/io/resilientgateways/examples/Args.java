package io.resilientgateways.examples;

import io.aeron.security.CredentialsSupplier;
import io.resilientgateways.aeron.node.BalancerNode;
import io.resilientgateways.aeron.security.ClientCredentials;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Command line options of the example's mains: {@code --key value} pairs and {@code --flag}s. An argument holding
 * several words (as Maven's {@code -Ddemo.args="--stay --base-port 23000"} passes them) is split on white space.
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
        final List<String> words = new ArrayList<>();
        for (final String arg : args)
        {
            for (final String word : arg.strip().split("\\s+"))
            {
                if (!word.isEmpty())
                {
                    words.add(word);
                }
            }
        }
        final Args parsed = new Args();
        for (int i = 0; i < words.size(); i++)
        {
            final String word = words.get(i);
            if (!word.startsWith("--"))
            {
                throw new IllegalArgumentException("expected --option, got " + word);
            }
            if (i + 1 < words.size() && !words.get(i + 1).startsWith("--"))
            {
                parsed.values.put(word.substring(2), words.get(++i));
            }
            else
            {
                parsed.values.put(word.substring(2), "true");
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

    /**
     * The cluster members: {@code --members host:basePort,host:basePort,...} in member id order.
     *
     * @return one entry per member.
     */
    public List<String> members()
    {
        return List.of(get("members").split(","));
    }

    /**
     * The cluster's ingress endpoints: {@code --cluster 0=h:p,1=h:p,...} as given, or derived from
     * {@code --members} (each member's base port, as the node scripts take them).
     *
     * @return the ingress endpoints.
     */
    public String ingressEndpoints()
    {
        return has("cluster") ? get("cluster") : BalancerNode.ingressEndpoints(members());
    }

    /**
     * The credentials a client presents, never from the command line ({@code ps} shows arguments to every user):
     * {@code --credentials-file FILE} (the line {@code role:name:secret}, or a credentials table holding it), else the
     * environment variable {@value ClientCredentials#ENVIRONMENT_VARIABLE}, else none.
     *
     * @param role the principal's role.
     * @param name the principal's name.
     * @return the supplier, or null for none.
     * @throws IllegalArgumentException if {@code --credentials} is given.
     */
    public CredentialsSupplier credentials(final String role, final String name)
    {
        if (has("credentials"))
        {
            throw new IllegalArgumentException("--credentials is not accepted: a secret on the command line is " +
                "visible to every user (ps); use --credentials-file FILE or the " + ClientCredentials.ENVIRONMENT_VARIABLE +
                " environment variable");
        }
        if (has("credentials-file"))
        {
            return ClientCredentials.fromFile(Path.of(get("credentials-file")), role, name);
        }
        if (null != System.getenv(ClientCredentials.ENVIRONMENT_VARIABLE))
        {
            return ClientCredentials.fromEnvironment(ClientCredentials.ENVIRONMENT_VARIABLE);
        }
        return null;
    }
}
