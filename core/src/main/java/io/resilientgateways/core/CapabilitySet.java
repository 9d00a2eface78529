package io.resilientgateways.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * An immutable, sorted, duplicate-free set of capability names, at most {@link Names#MAX_CAPABILITIES}.
 * Sorting makes equal sets equal byte for byte, whatever order they were given in.
 * <p>
 * Immutable and thread-safe.
 */
public final class CapabilitySet
{
    /** The set with no capabilities: required by a task that can run anywhere. */
    public static final CapabilitySet EMPTY = new CapabilitySet(new String[0]);

    private final String[] names;
    private final int hash;

    private CapabilitySet(final String[] sortedNames)
    {
        this.names = sortedNames;
        this.hash = Arrays.hashCode(sortedNames);
    }

    /**
     * @param names capability names in any order; duplicates are folded.
     * @return the set.
     * @throws InvalidInputException if a name is invalid or there are too many.
     */
    public static CapabilitySet of(final String... names)
    {
        if (names.length == 0)
        {
            return EMPTY;
        }
        final String[] sorted = names.clone();
        for (final String name : sorted)
        {
            Names.require("capability", name);
        }
        Arrays.sort(sorted);
        int unique = 0;
        for (int i = 0; i < sorted.length; i++)
        {
            if (i == 0 || !sorted[i].equals(sorted[unique - 1]))
            {
                sorted[unique++] = sorted[i];
            }
        }
        if (unique > Names.MAX_CAPABILITIES)
        {
            throw new InvalidInputException(RejectionCode.TOO_MANY_CAPABILITIES,
                unique + " capabilities exceed the limit of " + Names.MAX_CAPABILITIES);
        }
        return new CapabilitySet(unique == sorted.length ? sorted : Arrays.copyOf(sorted, unique));
    }

    /**
     * @param names capability names in any order; duplicates are folded.
     * @return the set.
     * @throws InvalidInputException if a name is invalid or there are too many.
     */
    public static CapabilitySet of(final Collection<String> names)
    {
        return of(names.toArray(new String[0]));
    }

    /**
     * @param required the capabilities a task needs.
     * @return true if every one of {@code required} is in this set.
     */
    public boolean containsAll(final CapabilitySet required)
    {
        if (required.names.length > names.length)
        {
            return false;
        }
        int i = 0;
        for (final String need : required.names)
        {
            while (i < names.length && names[i].compareTo(need) < 0)
            {
                i++;
            }
            if (i == names.length || !names[i].equals(need))
            {
                return false;
            }
            i++;
        }
        return true;
    }

    /**
     * @param name a capability name.
     * @return true if the set has it.
     */
    public boolean contains(final String name)
    {
        return Arrays.binarySearch(names, name) >= 0;
    }

    /**
     * @return how many capabilities.
     */
    public int size()
    {
        return names.length;
    }

    /**
     * @return true if there are none.
     */
    public boolean isEmpty()
    {
        return names.length == 0;
    }

    /**
     * @return the names, sorted.
     */
    public List<String> names()
    {
        return List.of(names);
    }

    @Override
    public boolean equals(final Object o)
    {
        return this == o || (o instanceof CapabilitySet && Arrays.equals(names, ((CapabilitySet)o).names));
    }

    @Override
    public int hashCode()
    {
        return hash;
    }

    @Override
    public String toString()
    {
        return Arrays.toString(names);
    }
}
