package io.resilientgateways.core.spi;

import io.resilientgateways.core.CapabilitySet;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.TaskStatus;
import io.resilientgateways.core.WorkerId;

/**
 * Read-only view of one task, as a policy sees it. Valid only during the policy call it was handed to.
 */
public interface TaskView
{
    /**
     * @return the task's id.
     */
    TaskId id();

    /**
     * @return what its owner must offer.
     */
    CapabilitySet requires();

    /**
     * @return its relative cost, at least 1.
     */
    int weight();

    /**
     * @return its lifecycle status.
     */
    TaskStatus status();

    /**
     * @return the worker it is assigned to in the target assignment (where it is, or where it is going), or null.
     */
    WorkerId assignee();

    /**
     * @return the epoch of its latest grant, 0 if never granted.
     */
    long epoch();

    /**
     * @return true if a move may start now: it is OPENING or OPEN on an eligible worker and not being removed.
     */
    boolean movable();
}
