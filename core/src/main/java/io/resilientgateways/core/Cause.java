package io.resilientgateways.core;

/**
 * Why a task changed state. Recorded with every {@link Transition}.
 */
public enum Cause
{
    /** An admin (or the embedding service) added the task. */
    TASK_ADDED(0),
    /** An admin removed the task. */
    TASK_REMOVED(1),
    /** A worker registered and took pending tasks. */
    WORKER_JOINED(2),
    /** A worker came back within its grace period and got its reserved tasks again. */
    WORKER_RETURNED(3),
    /** A worker left; see the recorded {@link LeaveReason}. */
    WORKER_LEFT(4),
    /** A departed worker's grace period ended. */
    GRACE_EXPIRED(5),
    /** A worker is draining. */
    WORKER_DRAINING(6),
    /** The owner acknowledged an open. */
    OPEN_ACK(7),
    /** The owner acknowledged a close. */
    CLOSE_ACK(8),
    /** The policy moved the task to balance load. */
    REBALANCE(9),
    /** An admin moved the task. */
    ADMIN_MOVE(10),
    /** The owner did not acknowledge within the handoff timeout; the task is reported stuck. */
    HANDOFF_TIMEOUT(11),
    /** The holder released the task (it could not open it, or lost it); it is placed elsewhere. */
    TASK_RELEASED(12),
    /** The release backoff of a released task that was left pending ended; it is placed again. */
    RELEASE_RETRY(13),
    /**
     * A detached worker came back having closed everything locally: its tasks are granted to it again under new
     * epochs, and its closes complete.
     */
    WORKER_REATTACHED(14);

    private static final Cause[] BY_CODE = Codes.index(values(), Cause::code);

    private final byte code;

    Cause(final int code)
    {
        this.code = (byte)code;
    }

    /**
     * @return the stable code stored in snapshots; never changes, whatever the declaration order.
     */
    byte code()
    {
        return code;
    }

    static Cause fromCode(final int code)
    {
        return Codes.lookup(BY_CODE, code, "cause");
    }
}
