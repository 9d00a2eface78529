package io.resilientgateways.core;

/**
 * A named tag a worker offers and a task requires, e.g. {@code API_GATEWAY}, {@code FIX} or {@code zone=ldn}.
 *
 * @param name 1 to {@link Names#MAX_LENGTH} printable ASCII characters.
 */
public record Capability(String name) implements Comparable<Capability>
{
    /**
     * @throws InvalidInputException if the name breaks the limits in {@link Names}.
     */
    public Capability
    {
        Names.require("capability", name);
    }

    @Override
    public int compareTo(final Capability other)
    {
        return name.compareTo(other.name);
    }

    @Override
    public String toString()
    {
        return name;
    }
}
