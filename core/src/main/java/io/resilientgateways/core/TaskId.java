package io.resilientgateways.core;

/**
 * A task's id, e.g. a counterparty's name. Unique among the tasks the engine holds.
 *
 * @param name 1 to {@link Names#MAX_LENGTH} printable ASCII characters.
 */
public record TaskId(String name) implements Comparable<TaskId>
{
    /**
     * @throws InvalidInputException if the name breaks the limits in {@link Names}.
     */
    public TaskId
    {
        Names.require("task", name);
    }

    /**
     * @param name the task's id.
     * @return the id.
     * @throws InvalidInputException if the name breaks the limits in {@link Names}.
     */
    public static TaskId of(final String name)
    {
        return new TaskId(name);
    }

    @Override
    public int compareTo(final TaskId other)
    {
        return name.compareTo(other.name);
    }

    @Override
    public boolean equals(final Object o)
    {
        return this == o || (o instanceof TaskId && name.equals(((TaskId)o).name));
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
