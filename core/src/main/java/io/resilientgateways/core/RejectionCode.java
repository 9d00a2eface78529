package io.resilientgateways.core;

/**
 * Why the engine refused an input. Every refusal leaves the engine's state unchanged.
 * The numeric {@link #value()} is stable and goes on the wire; never reorder or reuse one.
 */
public enum RejectionCode
{
    /** A name is empty or has a character outside printable ASCII. */
    INVALID_NAME(1),
    /** A name is longer than {@link Names#MAX_LENGTH}. */
    NAME_TOO_LONG(2),
    /** More than {@link Names#MAX_CAPABILITIES} capabilities. */
    TOO_MANY_CAPABILITIES(3),
    /** Capacity or weight outside 1..{@link WorkerSpec#MAX_CAPACITY} / {@link TaskSpec#MAX_WEIGHT}. */
    INVALID_NUMBER(4),
    /** No live or departed worker has that name. */
    UNKNOWN_WORKER(5),
    /** No task has that id. */
    UNKNOWN_TASK(6),
    /** A live worker already has that name. */
    DUPLICATE_WORKER(7),
    /** A task with that id exists already. */
    DUPLICATE_TASK(8),
    /** The acknowledged epoch is older than the task's current epoch. */
    STALE_EPOCH(9),
    /** The acknowledged epoch was never issued for that task. */
    UNKNOWN_EPOCH(10),
    /** The acknowledging worker is not the task's current holder. */
    NOT_OWNER(11),
    /** The acknowledgement does not fit the task's state (e.g. a close nobody asked for). */
    UNEXPECTED_ACK(12),
    /** The task is being handed from one owner to another; try again once it is open. */
    TASK_IN_HANDOFF(13),
    /** The target worker lacks a capability the task requires. */
    NOT_CAPABLE(14),
    /** The target worker is draining, or not live. */
    WORKER_NOT_ELIGIBLE(15),
    /** The task already belongs to that worker. */
    ALREADY_ASSIGNED(16),
    /** The task has no owner, so there is nothing to move. */
    NOT_ASSIGNED(17),
    /** The configured limit on workers or tasks is reached. */
    LIMIT_REACHED(18),
    /** A timer fired that the engine does not know (already handled or never scheduled). */
    UNKNOWN_TIMER(19);

    private static final RejectionCode[] BY_VALUE = new RejectionCode[20];

    static
    {
        for (final RejectionCode code : values())
        {
            BY_VALUE[code.value] = code;
        }
    }

    private final int value;

    RejectionCode(final int value)
    {
        this.value = value;
    }

    /**
     * @return the stable wire value of this code.
     */
    public int value()
    {
        return value;
    }

    /**
     * @param value a wire value.
     * @return the code with that value, or null if there is none.
     */
    public static RejectionCode fromValue(final int value)
    {
        return value > 0 && value < BY_VALUE.length ? BY_VALUE[value] : null;
    }
}
