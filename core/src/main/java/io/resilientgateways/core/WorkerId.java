package io.resilientgateways.core;

/**
 * A worker's stable logical name. It survives reconnects and cluster restarts: identity is never a session id.
 *
 * @param name 1 to {@link Names#MAX_LENGTH} printable ASCII characters.
 */
public record WorkerId(String name) implements Comparable<WorkerId>
{
    /**
     * @throws InvalidInputException if the name breaks the limits in {@link Names}.
     */
    public WorkerId
    {
        Names.require("worker", name);
    }

    /**
     * @param name the worker's name.
     * @return the id.
     * @throws InvalidInputException if the name breaks the limits in {@link Names}.
     */
    public static WorkerId of(final String name)
    {
        return new WorkerId(name);
    }

    @Override
    public int compareTo(final WorkerId other)
    {
        return name.compareTo(other.name);
    }

    @Override
    public boolean equals(final Object o)
    {
        return this == o || (o instanceof WorkerId && name.equals(((WorkerId)o).name));
    }

    @Override
    public int hashCode()
    {
        return name.hashCode();
    }

    @Override
    public String toString()
    {
        return name;
    }
}
