package io.resilientgateways.core;

/**
 * A task's place at one point of the log: who has it, in what state, under which epoch (fencing token).
 *
 * @param task   the task.
 * @param status its lifecycle status.
 * @param owner  the worker holding it (opening, open or closing it), the worker it is reserved for, or
 *               null when pending.
 * @param target while CLOSING for a move, where it goes next; otherwise equal to {@code owner}, or null.
 * @param epoch  the epoch of the latest grant, 0 if never granted. Strictly increasing per task.
 * @param stuck  true if an acknowledgement is overdue by more than the handoff timeout.
 */
public record Assignment(TaskId task, TaskStatus status, WorkerId owner, WorkerId target, long epoch, boolean stuck)
{
}
