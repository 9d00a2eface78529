package io.resilientgateways.core.spi;

import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.WorkerId;

/**
 * A policy's proposal: give {@code task} to {@code to}. The engine carries it out as revoke, ack, assign, and
 * ignores (and counts) a proposal that is not valid when it is applied.
 *
 * @param task the task to move.
 * @param to   its new owner.
 */
public record Move(TaskId task, WorkerId to)
{
}
