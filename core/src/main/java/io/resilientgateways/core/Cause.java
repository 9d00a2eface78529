package io.resilientgateways.core;

/**
 * Why a task changed state. Recorded with every {@link Transition}.
 */
public enum Cause
{
    /** An admin (or the embedding service) added the task. */
    TASK_ADDED,
    /** An admin removed the task. */
    TASK_REMOVED,
    /** A worker registered and took pending tasks. */
    WORKER_JOINED,
    /** A worker came back within its grace period and got its reserved tasks again. */
    WORKER_RETURNED,
    /** A worker left; see the recorded {@link LeaveReason}. */
    WORKER_LEFT,
    /** A departed worker's grace period ended. */
    GRACE_EXPIRED,
    /** A worker is draining. */
    WORKER_DRAINING,
    /** The owner acknowledged an open. */
    OPEN_ACK,
    /** The owner acknowledged a close. */
    CLOSE_ACK,
    /** The policy moved the task to balance load. */
    REBALANCE,
    /** An admin moved the task. */
    ADMIN_MOVE,
    /** The owner did not acknowledge within the handoff timeout; the task is reported stuck. */
    HANDOFF_TIMEOUT,
    /** The holder released the task (it could not open it, or lost it); it is placed elsewhere. */
    TASK_RELEASED,
    /** The release backoff of a released task that was left pending ended; it is placed again. */
    RELEASE_RETRY,
    /**
     * A detached worker came back having closed everything locally: its tasks are granted to it again under new
     * epochs, and its closes complete.
     */
    WORKER_REATTACHED;

    private static final Cause[] VALUES = values();

    static Cause fromOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
