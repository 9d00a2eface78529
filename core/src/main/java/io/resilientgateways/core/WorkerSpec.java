package io.resilientgateways.core;

/**
 * What a worker declares when it registers.
 *
 * @param id           its stable name.
 * @param capabilities what it offers.
 * @param capacity     its relative weight, 1 to {@link #MAX_CAPACITY}: a worker of capacity 2 should carry
 *                     twice the task weight of one of capacity 1.
 */
public record WorkerSpec(WorkerId id, CapabilitySet capabilities, int capacity)
{
    /** Largest capacity accepted. */
    public static final int MAX_CAPACITY = 10_000;

    /**
     * @throws InvalidInputException if capacity is out of range.
     */
    public WorkerSpec
    {
        if (null == id || null == capabilities)
        {
            throw new NullPointerException("id and capabilities are required");
        }
        if (capacity < 1 || capacity > MAX_CAPACITY)
        {
            throw new InvalidInputException(RejectionCode.INVALID_NUMBER,
                "worker " + id + " capacity " + capacity + " outside 1.." + MAX_CAPACITY);
        }
    }

    /**
     * @param name         the worker's name.
     * @param capabilities what it offers.
     * @return a spec of capacity 1.
     */
    public static WorkerSpec of(final String name, final String... capabilities)
    {
        return new WorkerSpec(WorkerId.of(name), CapabilitySet.of(capabilities), 1);
    }

    /**
     * @param newCapacity the capacity.
     * @return a copy with that capacity.
     */
    public WorkerSpec withCapacity(final int newCapacity)
    {
        return new WorkerSpec(id, capabilities, newCapacity);
    }
}
