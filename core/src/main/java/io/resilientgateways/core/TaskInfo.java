package io.resilientgateways.core;

import io.resilientgateways.core.spi.TaskView;

/**
 * A task as it was at one point of the log: an immutable copy, safe to keep.
 *
 * @param id       its id.
 * @param requires the capabilities a worker needs to run it.
 * @param weight   its weight.
 * @param status   its lifecycle status.
 * @param assignee where it belongs in the target assignment, or null.
 * @param epoch    the epoch of its latest grant, 0 if never granted.
 * @param movable  whether a rebalance could move it now.
 */
public record TaskInfo(
    TaskId id, CapabilitySet requires, int weight, TaskStatus status, WorkerId assignee, long epoch, boolean movable)
    implements TaskView
{
}
