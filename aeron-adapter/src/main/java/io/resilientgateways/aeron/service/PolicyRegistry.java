package io.resilientgateways.aeron.service;

import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.strategies.Strategies;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The policies a node can switch to by name ({@code AdminClient.changeSettings}), each as a supplier of new
 * instances (one instance serves one engine). {@link #shipped()} knows the strategies module's four, under their
 * {@code name()}s: {@code sticky}, {@code least-loaded}, {@code round-robin} and {@code consistent-hash/v100}; add
 * your own with {@link #with(Supplier)}. Give every member the same registry: a switch to a name a member does not
 * know is refused on every member alike only if they all agree on the names.
 * <pre>{@code
 * new BalancerServiceContext().policies(PolicyRegistry.shipped()
 *     .with(() -> Strategies.consistentHash(new ConsistentHashOptions().boundedLoad(0.25)))
 *     .with(MyZonePolicy::new));
 * }</pre>
 * Immutable: {@link #with(Supplier)} returns a new registry. Thread-safe.
 */
public final class PolicyRegistry
{
    private final Map<String, Supplier<RebalancePolicy>> byName;

    private PolicyRegistry(final Map<String, Supplier<RebalancePolicy>> byName)
    {
        this.byName = byName;
    }

    /**
     * @return a registry of the strategies module's policies with their default options.
     */
    public static PolicyRegistry shipped()
    {
        return new PolicyRegistry(new TreeMap<>())
            .with(Strategies::sticky)
            .with(Strategies::leastLoaded)
            .with(Strategies::roundRobin)
            .with(Strategies::consistentHash);
    }

    /**
     * @return a registry that knows no policy (then only the node's configured policy runs, and only settings can
     * change).
     */
    public static PolicyRegistry empty()
    {
        return new PolicyRegistry(new TreeMap<>());
    }

    /**
     * @param supplier makes a new instance on every call; asked once here for the name it registers under.
     * @return a new registry with it added (replacing one of the same name).
     */
    public PolicyRegistry with(final Supplier<RebalancePolicy> supplier)
    {
        final String name = supplier.get().name();
        final TreeMap<String, Supplier<RebalancePolicy>> copy = new TreeMap<>(byName);
        copy.put(name, supplier);
        return new PolicyRegistry(copy);
    }

    /**
     * @param name a policy name.
     * @return a new instance of that policy, or null if unknown.
     */
    public RebalancePolicy create(final String name)
    {
        final Supplier<RebalancePolicy> supplier = byName.get(name);
        return null == supplier ? null : supplier.get();
    }

    /**
     * @return the names known, sorted.
     */
    public Set<String> names()
    {
        return java.util.Collections.unmodifiableSet(byName.keySet());
    }

    @Override
    public String toString()
    {
        return "PolicyRegistry" + byName.keySet();
    }
}
