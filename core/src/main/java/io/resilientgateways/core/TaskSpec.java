package io.resilientgateways.core;

/**
 * A unit of work to be owned by exactly one worker, e.g. one counterparty's outbound connection.
 *
 * @param id       unique id.
 * @param requires capabilities its owner must have.
 * @param weight   relative cost, 1 to {@link #MAX_WEIGHT}.
 */
public record TaskSpec(TaskId id, CapabilitySet requires, int weight)
{
    /** Largest weight accepted. */
    public static final int MAX_WEIGHT = 10_000;

    /**
     * @throws InvalidInputException if weight is out of range.
     */
    public TaskSpec
    {
        if (null == id || null == requires)
        {
            throw new NullPointerException("id and requires are required");
        }
        if (weight < 1 || weight > MAX_WEIGHT)
        {
            throw new InvalidInputException(RejectionCode.INVALID_NUMBER,
                "task " + id + " weight " + weight + " outside 1.." + MAX_WEIGHT);
        }
    }

    /**
     * @param id       the task's id.
     * @param requires capabilities its owner must have.
     * @return a spec of weight 1.
     */
    public static TaskSpec of(final String id, final String... requires)
    {
        return new TaskSpec(TaskId.of(id), CapabilitySet.of(requires), 1);
    }

    /**
     * @param newWeight the weight.
     * @return a copy with that weight.
     */
    public TaskSpec withWeight(final int newWeight)
    {
        return new TaskSpec(id, requires, newWeight);
    }
}
