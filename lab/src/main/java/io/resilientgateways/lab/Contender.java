package io.resilientgateways.lab;

import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.strategies.ConsistentHashOptions;
import io.resilientgateways.strategies.Strategies;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * A strategy the lab replays: a label for the report and a factory (each replay gets a fresh policy, as each engine
 * does).
 *
 * @param label   the name in the report.
 * @param factory makes a new policy.
 */
public record Contender(String label, Supplier<RebalancePolicy> factory)
{
    /**
     * @return the shipped strategies: sticky, least-loaded, consistent-hash (100 points per unit of capacity, no
     * bound), consistent-hash with a load bound of 0.25, round-robin.
     */
    public static List<Contender> shipped()
    {
        return List.of(
            new Contender("sticky", Strategies::sticky),
            new Contender("least-loaded", Strategies::leastLoaded),
            new Contender("consistent-hash", Strategies::consistentHash),
            new Contender("consistent-hash/eps=0.25",
                () -> Strategies.consistentHash(new ConsistentHashOptions().boundedLoad(0.25))),
            new Contender("round-robin", Strategies::roundRobin));
    }

    /**
     * @param labels labels of shipped strategies, e.g. {@code sticky}.
     * @return those, in the order given.
     * @throws IllegalArgumentException for an unknown label.
     */
    public static List<Contender> shipped(final List<String> labels)
    {
        final List<Contender> out = new ArrayList<>();
        for (final String label : labels)
        {
            out.add(shipped().stream().filter((c) -> c.label().equals(label)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("no shipped strategy " + label + "; expected one of " +
                    shipped().stream().map(Contender::label).toList())));
        }
        return out;
    }

    /**
     * Every {@link RebalancePolicy} registered for {@link ServiceLoader} on the class path (a
     * {@code META-INF/services/io.resilientgateways.core.spi.RebalancePolicy} file naming classes with a public
     * no-argument constructor), labelled by the policy's own name.
     *
     * @param loader where to look.
     * @return them, sorted by label.
     */
    public static List<Contender> serviceLoaded(final ClassLoader loader)
    {
        final List<Contender> out = new ArrayList<>();
        for (final ServiceLoader.Provider<RebalancePolicy> p :
            ServiceLoader.load(RebalancePolicy.class, loader).stream().toList())
        {
            out.add(new Contender(p.get().name(), p::get));
        }
        out.sort(java.util.Comparator.comparing(Contender::label));
        return out;
    }

    /**
     * @param className a class implementing {@link RebalancePolicy} with a public no-argument constructor.
     * @param loader    where to load it from.
     * @return a contender labelled by the policy's name.
     * @throws IllegalArgumentException if the class cannot be loaded or made.
     */
    public static Contender ofClass(final String className, final ClassLoader loader)
    {
        final Class<? extends RebalancePolicy> type;
        try
        {
            type = Class.forName(className, true, loader).asSubclass(RebalancePolicy.class);
        }
        catch (final ClassNotFoundException | ClassCastException ex)
        {
            throw new IllegalArgumentException("cannot load policy class " + className + ": " + ex, ex);
        }
        final Supplier<RebalancePolicy> factory = () ->
        {
            try
            {
                return type.getDeclaredConstructor().newInstance();
            }
            catch (final InstantiationException | IllegalAccessException | NoSuchMethodException |
                InvocationTargetException ex)
            {
                throw new IllegalArgumentException(
                    "cannot make a " + className + " (public no-argument constructor?): " + ex, ex);
            }
        };
        return new Contender(factory.get().name(), factory);
    }
}
