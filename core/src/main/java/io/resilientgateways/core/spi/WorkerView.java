package io.resilientgateways.core.spi;

import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.WorkerId;

/**
 * Read-only view of one worker, as a policy sees it. Valid only during the policy call it was handed to.
 */
public interface WorkerView
{
    /**
     * @return the worker's stable name.
     */
    WorkerId id();

    /**
     * @return what it offers.
     */
    CapabilitySet capabilities();

    /**
     * @return its relative capacity, at least 1.
     */
    int capacity();

    /**
     * @return the summed weight of the tasks assigned to it in the target assignment (open, opening, on their
     * way to it, or reserved for it).
     */
    long load();

    /**
     * @return how many tasks are assigned to it in the target assignment.
     */
    int taskCount();

    /**
     * @return true if it is connected, not draining and not detached, so it may be given tasks.
     */
    boolean eligible();

    /**
     * @param required the capabilities a task needs.
     * @return true if this worker has every one of them.
     */
    default boolean canRun(final CapabilitySet required)
    {
        return capabilities().containsAll(required);
    }
}
